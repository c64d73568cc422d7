/**
 * `exp` and `expm1` for the CPU tiers: table-driven (Tang's method with 64 table entries, as
 * glibc and musl compute them), written once as JavaScript statements that the JS emitter inlines
 * into loop bodies, and as the functions built from that very text, which everything else uses —
 * the kernels' preambles, the WebAssembly tier's host helpers, constant folding and the reference
 * interpreter. The WebAssembly tier's vectorised loops perform the same operations on two lanes
 * (backends/wasm/simd-exp.ts, from {@link EXP_METHOD} and the same tables). So every tier and
 * every host-side computation gives the same bits.
 *
 * Why not `Math.exp`: V8 computes it with a call into C++ (fdlibm) that it cannot inline, ~15 ns a
 * call; inlined, these take ~5. An exponential-Euler Hodgkin–Huxley update makes ten such calls per
 * neuron and step (COBAHH: 190 → 135 ns per neuron-step).
 *
 * Accuracy (test/math/exp.test.ts, against 60-digit references): below 1 ulp everywhere, about
 * 0.25 ulp on average — as fdlibm's `Math.exp` (max 0.975 ulp in the same test) and `Math.expm1`
 * (0.775); results differ from V8's in the last bit for about 6 % of arguments. Outside the
 * ranges where the tables apply (x ≤ −708 or x ≥ 709 for `exp`, x ≤ −37 or x ≥ 709 for `expm1`, NaN,
 * ±Infinity) both defer to `Math`, whose results are exact or over/underflow there.
 *
 * The method, for x = (k + r·64/ln 2)·ln 2/64 with k = round(x·64/ln 2), |r| ≤ ln 2/128:
 * exp(x) = 2^(k>>6) · 2^((k&63)/64) · e^r, with 2^(j/64) as a double pair (hi + lo) from the table,
 * e^r − 1 by its Taylor polynomial (degree 5: truncation < 2^-60 relative), combined as
 * `hi + (lo + hi·p)` so that only the last addition rounds noticeably. `expm1` uses the same
 * reduction and `(hi·2^m − 1) + 2^m·(lo + hi·p)` (for |x| ≲ ln 2 the subtraction is exact, by
 * Sterbenz's lemma), or `(hi + (lo + hi·p))·2^m − 1` below −ln 2, where e^x < 1/2 carries a finer
 * rounding error than the result; for |x| < 2^-6 it evaluates its Taylor polynomial (degree 7)
 * directly, keeping full relative accuracy near 0 (and the sign of a zero: `Math.expm1(-0)` is −0).
 */

/**
 * 2^(j/64), j = 0..63, rounded to double (generated with mpmath at 200 bits; a wrong entry would
 * fail the tests' accuracy checks, whose arguments reach every entry).
 */
export const EXP_HI: readonly number[] = [
  1.0, 1.0108892860517005, 1.0218971486541166, 1.0330248790212284,
  1.0442737824274138, 1.0556451783605572, 1.0671404006768237, 1.0787607977571199,
  1.0905077326652577, 1.102382583307841, 1.1143867425958924, 1.1265216186082418,
  1.1387886347566916, 1.1511892299529827, 1.1637248587775775, 1.1763969916502812,
  1.189207115002721, 1.202156731452703, 1.215247359980469, 1.22848053610687,
  1.241857812073484, 1.255380757024691, 1.2690509571917332, 1.2828700160787783,
  1.2968395546510096, 1.3109612115247644, 1.3252366431597413, 1.339667524053303,
  1.3542555469368927, 1.3690024229745905, 1.383909881963832, 1.3989796725383112,
  1.4142135623730951, 1.42961333839197, 1.4451808069770467, 1.460917794180647,
  1.4768261459394993, 1.4929077282912648, 1.5091644275934228, 1.5255981507445384,
  1.5422108254079407, 1.559004400237837, 1.5759808451078865, 1.593142151342267,
  1.6104903319492543, 1.6280274218573478, 1.645755478153965, 1.6636765803267364,
  1.681792830507429, 1.7001063537185235, 1.718619298122478, 1.7373338352737062,
  1.7562521603732995, 1.7753764925265212, 1.7947090750031072, 1.8142521755003989,
  1.8340080864093424, 1.8539791250833855, 1.8741676341103, 1.8945759815869656,
  1.9152065613971474, 1.9360617934922943, 1.9571441241754002, 1.978456026387951,
];

/** 2^(j/64) − EXP_HI[j], rounded to double. */
export const EXP_LO: readonly number[] = [
  0.0, -1.5234778603368577e-17, 5.109225028973444e-17, 7.600838874027088e-18,
  8.551889705537965e-17, 1.759325738772092e-18, -7.899853966841582e-17, -6.656660436056593e-17,
  -3.046782079812471e-17, 5.2660368715706944e-17, 1.0410278456845571e-16, 5.165856758795457e-17,
  8.912812676025408e-17, 3.250710218863827e-17, 3.8292048369240935e-17, 5.554203254218079e-17,
  3.982015231465646e-17, 6.644981499252301e-17, -7.712630692681488e-17, -1.89878163130253e-17,
  4.658027591836937e-17, -6.7113898212968784e-18, 2.667932131342186e-18, 1.713594918243561e-17,
  2.5382502794888315e-17, -7.181536135519454e-17, -2.8587312100388614e-17, 8.927282594831732e-17,
  7.70094837980299e-17, 9.593797919118849e-17, -6.770511658794786e-17, -9.614213209051323e-17,
  -9.667293313452913e-17, -1.2031642489053655e-17, -3.0237581349939873e-17, -5.600377186075216e-17,
  -3.483994556892796e-17, 1.4192920154284036e-17, -1.016455327754295e-16, -1.1024941712342561e-16,
  7.949834809697621e-17, 3.7812070533575275e-17, -1.0136916471278304e-17, -1.0094406542311964e-16,
  2.4707192569797888e-17, -6.712955084707084e-17, -1.0125679913674773e-16, 5.8909926967131e-17,
  8.199010020581497e-17, -8.0237193703977e-18, -1.851380418263111e-17, 3.164389299292957e-17,
  2.960140695448873e-17, 6.429731796556572e-17, 1.8227458427912087e-17, -9.969531538920349e-17,
  3.283107224245627e-17, 9.761887490727594e-17, -6.122763413004143e-17, 3.4034035352165297e-17,
  -1.0619946056195963e-16, 1.0332385960676326e-16, 8.960767791036668e-17, 4.0388753109278167e-17,
];

/** Names used by the generated code: `$` cannot occur in a model's identifiers or our locals. */
const HI_TABLE = 'exp$hi';
const LO_TABLE = 'exp$lo';
const POW2_TABLE = 'exp$p2';

/**
 * Declarations of the tables the statements read, for the top of a generated module. The powers
 * of two are exact (2^e for e = −1023..1024, built with Math.pow, which is exact for them).
 */
export const EXP_TABLES_SOURCE = [
  `const ${HI_TABLE} = new Float64Array([${EXP_HI.join(', ')}]);`,
  `const ${LO_TABLE} = new Float64Array([${EXP_LO.join(', ')}]);`,
  `const ${POW2_TABLE} = new Float64Array(2048); for (let e = 0; e < 2048; e++) ${POW2_TABLE}[e] = Math.pow(2, e - 1023);`,
].join('\n');

/**
 * The constants of the method, in one place: the JavaScript statements below are written from
 * them, and the WebAssembly tier's two-lane version (backends/wasm/simd-exp.ts) performs the same
 * operations with them, so both give the same bits.
 */
export const EXP_METHOD = {
  /** ln 2/64 split so that k·LN2_64_HI is exact for |k| < 2^17 (its low 17 bits are zero). */
  LN2_64_HI: 0.010830424696223417,
  LN2_64_LO: 2.572804622327669e-14,
  INV_LN2_64: 92.33248261689366,
  /**
   * 1.5·2^52: (y + SHIFT) − SHIFT rounds y to the nearest integer (ties to even) for |y| < 2^51,
   * without a call, the same in JavaScript and WebAssembly.
   */
  SHIFT: 6755399441055744,
  /** Coefficients 2..5 of e^r − 1 = r + r²·(c0 + r·(c1 + …)) (Taylor, degree 5). */
  POLY5: [0.5, 0.16666666666666666, 0.041666666666666664, 0.008333333333333333, 0.001388888888888889],
  /** Coefficients 2..7 of e^x − 1 for |x| < SMALL (Taylor, degree 7), in the same form. */
  POLY7: [0.5, 0.16666666666666666, 0.041666666666666664, 0.008333333333333333, 0.001388888888888889, 0.0001984126984126984],
  /** `exp` uses the tables for EXP_RANGE[0] < x < EXP_RANGE[1], `Math.exp` elsewhere (NaN included). */
  EXP_RANGE: [-708, 709],
  /** `expm1` uses the tables for EXPM1_RANGE[0] < x < EXPM1_RANGE[1], `Math.expm1` elsewhere. */
  EXPM1_RANGE: [-37, 709],
  /** `expm1` evaluates POLY7 directly for |x| < SMALL (2^-6). */
  SMALL: 0.015625,
  /** `exprel` uses its series 1 + x/2 + x²/6 for 0 < |x| < EXPREL_SERIES. */
  EXPREL_SERIES: 1e-5,
} as const;

const M = EXP_METHOD;

/** `v + v·v·(c0 + v·(c1 + …))`: Horner's form, as every tier evaluates it. */
const horner = (v: string, c: readonly number[]): string => `${v} + ${v} * ${v} * ${c.slice(0, -1).map((x) => `(${x} + ${v} * `).join('')}${c[c.length - 1]}${')'.repeat(c.length - 1)}`;

/** `k` (a double) and `r` of the reduction, for the double in `x$`. */
const REDUCE = `const k$ = (x$ * ${M.INV_LN2_64} + ${M.SHIFT}) - ${M.SHIFT}; const r$ = (x$ - k$ * ${M.LN2_64_HI}) - k$ * ${M.LN2_64_LO};`;

/** e^r − 1 (degree 5). */
const POLY5 = horner('r$', M.POLY5);
/** e^x − 1 for |x| < 2^-6 (degree 7). */
const POLY7 = horner('x$', M.POLY7);

// The order of the statements below is deliberate: V8 compiled some equivalent orders of the
// same operations into markedly slower loops (COBAHH's update, 135 vs 175 ns per neuron-step).

/**
 * Statements (one line) that assign `exp(<x>)` to the already declared variable `result`. `x` is
 * evaluated once; the statements declare only `$` names, in their own block.
 */
export function expStatements(result: string, x: string): string {
  return (
    `{ const x$ = ${x}; if (!(x$ > ${M.EXP_RANGE[0]} && x$ < ${M.EXP_RANGE[1]})) ${result} = Math.exp(x$); else { ${REDUCE} ` +
    `const i$ = k$ | 0; const p$ = ${POLY5}; const h$ = ${HI_TABLE}[i$ & 63]; ${result} = (h$ + (${LO_TABLE}[i$ & 63] + h$ * p$)) * ${POW2_TABLE}[(i$ >> 6) + 1023]; } }`
  );
}

/** As {@link expStatements}, for `expm1(<x>)`. */
export function expm1Statements(result: string, x: string): string {
  return (
    `{ const x$ = ${x}; if (!(x$ > ${M.EXPM1_RANGE[0]} && x$ < ${M.EXPM1_RANGE[1]})) ${result} = Math.expm1(x$); else if (x$ > -${M.SMALL} && x$ < ${M.SMALL}) ${result} = x$ === 0 ? x$ : ${POLY7}; else { ${REDUCE} ` +
    `const p$ = ${POLY5}; const i$ = k$ | 0, j$ = i$ & 63; const m$ = ${POW2_TABLE}[(i$ >> 6) + 1023]; const h$ = ${HI_TABLE}[j$]; const l$ = ${LO_TABLE}[j$] + h$ * p$; ${result} = i$ < -64 ? (h$ + l$) * m$ - 1 : (h$ * m$ - 1) + m$ * l$; } }`
  );
}

/** `exprel(x) = (e^x − 1)/x` (1 at 0, its series below 1e-5) from `e = expm1(x)`: the expression every tier uses. */
export const exprelSource = (x: string, e: string): string => `${x} === 0 ? 1 : Math.abs(${x}) < ${M.EXPREL_SERIES} ? 1 + ${x} / 2 + ${x} * ${x} / 6 : ${e} / ${x}`;

/**
 * Source of the functions `_exp`, `_expm1` and `_exprel`, by name (the tables must be declared
 * in the same module; `_exprel` calls `_expm1`).
 */
export const EXP_FUNCTION_SOURCES = {
  _exp: `function _exp(x) { let y; ${expStatements('y', 'x')} return y; }`,
  _expm1: `function _expm1(x) { let y; ${expm1Statements('y', 'x')} return y; }`,
  _exprel: `function _exprel(x) { return ${exprelSource('x', '_expm1(x)')}; }`,
} as const;

type Unary = (x: number) => number;
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- one text for every tier is the point
const built = new Function(`"use strict";\n${EXP_TABLES_SOURCE}\n${Object.values(EXP_FUNCTION_SOURCES).join('\n')}\nreturn [_exp, _expm1, _exprel];`)() as [Unary, Unary, Unary];

/** e^x, within 1 ulp (see the file comment); the same bits as the generated kernels. */
export const exp: Unary = built[0];
/** e^x − 1, within 1 ulp, accurate near 0; the same bits as the generated kernels. */
export const expm1: Unary = built[1];
/** Brian's `exprel(x) = (e^x − 1)/x` (1 at 0, `1 + x/2 + x²/6` for |x| < 1e-5), from {@link expm1}. */
export const exprel: Unary = built[2];
