/**
 * Brian2's table of unit names, built once at module load.
 *
 * Source of truth: brian2 `dev/tools/static_codegen/units.py` (the generator of
 * `brian2/units/allunits.py`) and `brian2/units/stdunits.py`. The table holds exactly the names
 * those modules export (`from brian2 import *`), except the `celsius` dummy (Brian raises an
 * error on any use of it):
 *
 * - base units: `metre meter kilogram kilogramme second amp ampere kelvin mole mol candle gram
 *   gramme molar` (note: `candle`, not `candela`) and the 21 derived units `radian steradian hertz
 *   newton pascal joule watt coulomb volt farad ohm siemens weber tesla henry lumen lux becquerel
 *   gray sievert katal`;
 * - every base unit with each of the 20 SI prefixes (`y z a f p n u m c d da h k M G T P E Z Y`),
 *   except `kelvin`, `kilogram` and `kilogramme` (so `kgram` exists, `kkilogram` and `mkelvin` do
 *   not);
 * - the square and cube (`…2`, `…3`) of every unit in the two groups above (`metre2`, `cmetre2`,
 *   `mvolt3`, `kelvin2`, `kilogram2`, …);
 * - `liter`/`litre` (1e-3 m^3) with the 20 prefixes, without powers (`mliter`, no `liter2`);
 * - the short aliases of `stdunits.py`: `mV mA uA nA pA pF uF nF nS uS mS ms us Hz kHz MHz cm cm2
 *   cm3 mm mm2 mm3 um um2 um3 mM uM nM`.
 *
 * There are no one-letter unit names: `m`, `s`, `V`, `A`, `S`, `h`, `n`, … stay free for
 * variables (e.g. the Hodgkin–Huxley gating variable `m`).
 *
 * Every scale is an exact power of ten, built from its decimal exponent (`Number('1e-18')`), so
 * it is the double nearest to the true value: `mV` is exactly `1e-3`, `umetre3` exactly `1e-18`.
 */
import {
  DIMENSIONLESS,
  dim,
  divDim,
  isDimensionless,
  powDim,
  sameDim,
  type Dimension,
  type Unit,
} from './dimension.js';

/** Brian's SI prefixes (`_siprefixes`) as decimal exponents, in Brian's order. */
const PREFIXES: ReadonlyArray<readonly [prefix: string, exp10: number]> = [
  ['y', -24], ['z', -21], ['a', -18], ['f', -15], ['p', -12], ['n', -9], ['u', -6], ['m', -3],
  ['c', -2], ['d', -1], ['da', 1], ['h', 2], ['k', 3], ['M', 6], ['G', 9], ['T', 12], ['P', 15],
  ['E', 18], ['Z', 21], ['Y', 24],
];

const METRE = dim({ metre: 1 });
const KILOGRAM = dim({ kilogram: 1 });
const SECOND = dim({ second: 1 });
const AMP = dim({ amp: 1 });
const KELVIN = dim({ kelvin: 1 });
const MOLE = dim({ mole: 1 });
const CANDLE = dim({ candela: 1 });
const VOLT = dim({ metre: 2, kilogram: 1, second: -3, amp: -1 });
const SIEMENS = dim({ metre: -2, kilogram: -1, second: 3, amp: 2 });
const FARAD = dim({ metre: -2, kilogram: -1, second: 4, amp: 2 });
const OHM = dim({ metre: 2, kilogram: 1, second: -3, amp: -2 });
const COULOMB = dim({ second: 1, amp: 1 });
const HERTZ = dim({ second: -1 });
const NEWTON = dim({ metre: 1, kilogram: 1, second: -2 });
const PASCAL = dim({ metre: -1, kilogram: 1, second: -2 });
const JOULE = dim({ metre: 2, kilogram: 1, second: -2 });
const WATT = dim({ metre: 2, kilogram: 1, second: -3 });
const WEBER = dim({ metre: 2, kilogram: 1, second: -2, amp: -1 });
const TESLA = dim({ kilogram: 1, second: -2, amp: -1 });
const HENRY = dim({ metre: 2, kilogram: 1, second: -2, amp: -2 });
const LUX = dim({ metre: -2, candela: 1 });
const GRAY = dim({ metre: 2, second: -2 });
const KATAL = dim({ second: -1, mole: 1 });
const MOLAR = dim({ mole: 1, metre: -3 });

/** A base unit of the generator: name, dimension, decimal exponent of its scale, prefixable. */
type BaseDef = readonly [name: string, dim: Dimension, exp10: number, prefixed: boolean];

/** Brian's `base_units`, in the generator's order. */
const BASE_UNITS: readonly BaseDef[] = [
  ['metre', METRE, 0, true],
  ['meter', METRE, 0, true],
  ['kilogram', KILOGRAM, 0, false],
  ['second', SECOND, 0, true],
  ['amp', AMP, 0, true],
  ['ampere', AMP, 0, true],
  ['kelvin', KELVIN, 0, false],
  ['mole', MOLE, 0, true],
  ['mol', MOLE, 0, true],
  ['candle', CANDLE, 0, true],
  ['kilogramme', KILOGRAM, 0, false],
  ['gram', KILOGRAM, -3, true],
  ['gramme', KILOGRAM, -3, true],
  ['molar', MOLAR, 3, true], // 1 M = 1 mol/l = 1000 mol/m^3
  ['radian', DIMENSIONLESS, 0, true],
  ['steradian', DIMENSIONLESS, 0, true],
  ['hertz', HERTZ, 0, true],
  ['newton', NEWTON, 0, true],
  ['pascal', PASCAL, 0, true],
  ['joule', JOULE, 0, true],
  ['watt', WATT, 0, true],
  ['coulomb', COULOMB, 0, true],
  ['volt', VOLT, 0, true],
  ['farad', FARAD, 0, true],
  ['ohm', OHM, 0, true],
  ['siemens', SIEMENS, 0, true],
  ['weber', WEBER, 0, true],
  ['tesla', TESLA, 0, true],
  ['henry', HENRY, 0, true],
  ['lumen', CANDLE, 0, true],
  ['lux', LUX, 0, true],
  ['becquerel', HERTZ, 0, true],
  ['gray', GRAY, 0, true],
  ['sievert', GRAY, 0, true],
  ['katal', KATAL, 0, true],
];

/** `stdunits.py`: short alias → the allunits name it is bound to. */
const STD_ALIASES: ReadonlyArray<readonly [alias: string, target: string]> = [
  ['mV', 'mvolt'], ['mA', 'mamp'], ['uA', 'uamp'], ['nA', 'namp'], ['pA', 'pamp'],
  ['pF', 'pfarad'], ['uF', 'ufarad'], ['nF', 'nfarad'],
  ['nS', 'nsiemens'], ['uS', 'usiemens'], ['mS', 'msiemens'],
  ['ms', 'msecond'], ['us', 'usecond'],
  ['Hz', 'hertz'], ['kHz', 'khertz'], ['MHz', 'Mhertz'],
  ['cm', 'cmetre'], ['cm2', 'cmetre2'], ['cm3', 'cmetre3'],
  ['mm', 'mmetre'], ['mm2', 'mmetre2'], ['mm3', 'mmetre3'],
  ['um', 'umetre'], ['um2', 'umetre2'], ['um3', 'umetre3'],
  ['mM', 'mmolar'], ['uM', 'umolar'], ['nM', 'nmolar'],
];

function makeUnit(d: Dimension, exp10: number): Unit {
  return Object.freeze({ dim: d, scale: Number(`1e${exp10}`) });
}

function buildTable(): Map<string, Unit> {
  const table = new Map<string, Unit>();
  // Unit name → [dim, exp10] of everything that gets squared and cubed (base + prefixed).
  const powerable: Array<readonly [string, Dimension, number]> = [];
  for (const [name, d, e, prefixed] of BASE_UNITS) {
    powerable.push([name, d, e]);
    if (!prefixed) continue;
    for (const [p, pe] of PREFIXES) powerable.push([p + name, d, e + pe]);
  }
  for (const [name, d, e] of powerable) {
    table.set(name, makeUnit(d, e));
    for (const k of [2, 3]) table.set(name + k, makeUnit(powDim(d, k), e * k));
  }
  for (const name of ['liter', 'litre']) {
    const volume = powDim(METRE, 3);
    table.set(name, makeUnit(volume, -3));
    for (const [p, pe] of PREFIXES) table.set(p + name, makeUnit(volume, pe - 3));
  }
  for (const [alias, target] of STD_ALIASES) {
    const u = table.get(target);
    if (!u) throw new Error(`unit-table: stdunits alias ${alias} refers to unknown unit ${target}`);
    table.set(alias, u);
  }
  return table;
}

const TABLE: ReadonlyMap<string, Unit> = buildTable();
const NAMES: readonly string[] = Object.freeze([...TABLE.keys()].sort());

/**
 * The unit called `name` in Brian (case-sensitive: `Mohm` is 1e6 ohm, `mohm` 1e-3 ohm), or
 * `undefined` when `name` is not a Brian unit name.
 *
 * Invariants: the returned object is frozen and shared between calls; `scale` is an exact power of
 * ten (the double nearest to it) converting one of this unit to SI base units; aliases return the
 * very object of their long form (`lookupUnit('mV') === lookupUnit('mvolt')`).
 */
export function lookupUnit(name: string): Unit | undefined {
  return TABLE.get(name);
}

/** Whether `name` is a Brian unit name, i.e. `lookupUnit(name) !== undefined`. */
export function isUnitName(name: string): boolean {
  return TABLE.has(name);
}

/**
 * Every unit name, each once, sorted by UTF-16 code units (`Array.prototype.sort` default, so
 * upper case before lower case). The array is frozen and the same on every call. Meant for
 * did-you-mean suggestions and for rejecting model variables that shadow a unit name.
 */
export function unitNames(): readonly string[] {
  return NAMES;
}

/**
 * Unprefixed units with scale 1 that may name a dimension in messages, in order of preference
 * (first match wins). Left out on purpose: `becquerel` (`hertz` names s^-1), `lumen` (same
 * dimension as `candle`), `gray`/`sievert` (m^2 s^-2 is more often a squared speed),
 * `radian`/`steradian` (dimensionless), the spelling variants `meter`, `ampere`, `mol`,
 * `kilogramme`.
 */
const SI_NAMED: ReadonlyArray<readonly [string, Dimension]> = [
  ['metre', METRE],
  ['kilogram', KILOGRAM],
  ['second', SECOND],
  ['amp', AMP],
  ['kelvin', KELVIN],
  ['mole', MOLE],
  ['candle', CANDLE],
  ['volt', VOLT],
  ['siemens', SIEMENS],
  ['farad', FARAD],
  ['ohm', OHM],
  ['coulomb', COULOMB],
  ['hertz', HERTZ],
  ['mmolar', MOLAR], // 1 mmolar = 1 mol/m^3
  ['joule', JOULE],
  ['watt', WATT],
  ['newton', NEWTON],
  ['pascal', PASCAL],
  ['weber', WEBER],
  ['tesla', TESLA],
  ['henry', HENRY],
  ['katal', KATAL],
  ['lux', LUX],
  ['metre2', powDim(METRE, 2)],
  ['metre3', powDim(METRE, 3)],
];

/**
 * The name of Brian's unit with scale 1 for dimension `d`, or `undefined` if Brian has none that
 * messages should use (and for a dimensionless `d`). Used in hints such as "write volt instead of
 * mV". Examples: volt, siemens (A/V), hertz (s^-1, preferred to becquerel), metre2 (m^2),
 * metre3 (m^3), mmolar (mol/m^3), kilogram. Invariant: when defined, `lookupUnit(result)` has
 * dimension `d` and scale exactly 1.
 */
export function siUnitName(d: Dimension): string | undefined {
  for (const [name, nd] of SI_NAMED) if (sameDim(d, nd)) return name;
  return undefined;
}

/** Brian's names of the base units, in Brian's dimension order. */
const BASE_NAMES = ['metre', 'kilogram', 'second', 'amp', 'kelvin', 'mole', 'candle'] as const;

/** Named units tried as a factor by {@link formatDimension} (those of more than one base unit). */
const DERIVED_FACTORS = SI_NAMED.filter(([, nd]) => nd.filter((x) => x !== 0).length > 1);

function formatExponent(x: number): string {
  return Number.isInteger(x) ? String(x) : String(+x.toFixed(6));
}

function power(name: string, x: number): string {
  return x === 1 ? name : `${name} ** ${formatExponent(x)}`;
}

/** Base-unit factors of `d`: positive exponents first, then negative, each in Brian's order. */
function baseFactors(d: Dimension): string[] {
  const pos: string[] = [];
  const neg: string[] = [];
  d.forEach((x, k) => {
    if (Math.abs(x) < 1e-9) return;
    (x > 0 ? pos : neg).push(power(BASE_NAMES[k]!, x));
  });
  return [...pos, ...neg];
}

/**
 * A readable, deterministic name for dimension `d`, for messages:
 *
 * 1. `'1'` when `d` is dimensionless;
 * 2. else {@link siUnitName}`(d)` when defined (`volt`, `hertz`, `siemens`, `metre2`, …);
 * 3. else the shortest product, counted in factors, among: the base units alone, and
 *    `U ** p` times base units, for each named multi-base unit `U` (volt, siemens, farad, ohm,
 *    coulomb, mmolar, joule, …) and `p` in 1, -1, 2, -2. Ties go to the base units alone, then
 *    to the smaller `|p|` (positive first), then to the earlier `U` in that list.
 *
 * Factors are joined with ` * `, powers written ` ** k` as in Brian's code (`k` not written when
 * 1; fractional exponents such as `-0.5` written as decimals). Base units are written with
 * positive exponents first, then negative ones, each group in Brian's order metre, kilogram,
 * second, amp, kelvin, mole, candle. Examples: `siemens * metre ** -2`, `volt * second ** -1`,
 * `amp * metre ** -2`, `second ** -0.5`, `volt ** 2`.
 */
export function formatDimension(d: Dimension): string {
  if (isDimensionless(d)) return '1';
  const named = siUnitName(d);
  if (named !== undefined) return named;
  let best = baseFactors(d);
  for (const p of [1, -1, 2, -2]) {
    for (const [name, nd] of DERIVED_FACTORS) {
      const candidate = [power(name, p), ...baseFactors(divDim(d, powDim(nd, p)))];
      if (candidate.length < best.length) best = candidate;
    }
  }
  return best.join(' * ');
}
