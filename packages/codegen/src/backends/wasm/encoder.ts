/**
 * A minimal WebAssembly encoder: the instructions and module sections the kernel emitter needs,
 * written out both as a binary (for `WebAssembly.Module`) and as WebAssembly text in flat form
 * (for people: `kernel.wasmText`). The two are produced from the same instruction list, and the
 * tests check that assembling the text with wabt gives exactly our bytes.
 *
 * Why not a library: wabt (wat → wasm) and binaryen are the well-kept tools, but loading and
 * initialising either costs 90 ms or more — a third of the start-up budget — for a subset of
 * the format that fits in this file. wabt is used in the tests to check this encoder.
 */

export type ValType = 'i32' | 'f64' | 'v128';

/** Immediate kinds, by opcode. */
type Imm = 'none' | 'local' | 'func' | 'label' | 'block' | 'mem' | 'i32' | 'f64' | 'memfill' | 'v128' | 'memlane' | 'lane';

interface OpInfo {
  readonly code: readonly number[];
  readonly imm: Imm;
  /** log2 of the natural alignment, for memory instructions. */
  readonly align?: number;
}

const OPS = {
  block: { code: [0x02], imm: 'block' },
  loop: { code: [0x03], imm: 'block' },
  if: { code: [0x04], imm: 'block' },
  else: { code: [0x05], imm: 'none' },
  end: { code: [0x0b], imm: 'none' },
  br: { code: [0x0c], imm: 'label' },
  br_if: { code: [0x0d], imm: 'label' },
  return: { code: [0x0f], imm: 'none' },
  call: { code: [0x10], imm: 'func' },
  drop: { code: [0x1a], imm: 'none' },
  select: { code: [0x1b], imm: 'none' },
  'local.get': { code: [0x20], imm: 'local' },
  'local.set': { code: [0x21], imm: 'local' },
  'local.tee': { code: [0x22], imm: 'local' },
  'i32.load': { code: [0x28], imm: 'mem', align: 2 },
  'f64.load': { code: [0x2b], imm: 'mem', align: 3 },
  'i32.load8_u': { code: [0x2d], imm: 'mem', align: 0 },
  'i32.load16_u': { code: [0x2f], imm: 'mem', align: 1 },
  'i32.store': { code: [0x36], imm: 'mem', align: 2 },
  'f64.store': { code: [0x39], imm: 'mem', align: 3 },
  'i32.store8': { code: [0x3a], imm: 'mem', align: 0 },
  'i32.const': { code: [0x41], imm: 'i32' },
  'f64.const': { code: [0x44], imm: 'f64' },
  'i32.eqz': { code: [0x45], imm: 'none' },
  'i32.eq': { code: [0x46], imm: 'none' },
  'i32.ne': { code: [0x47], imm: 'none' },
  'i32.lt_s': { code: [0x48], imm: 'none' },
  'i32.gt_s': { code: [0x4a], imm: 'none' },
  'i32.ge_s': { code: [0x4e], imm: 'none' },
  'f64.eq': { code: [0x61], imm: 'none' },
  'f64.ne': { code: [0x62], imm: 'none' },
  'f64.lt': { code: [0x63], imm: 'none' },
  'f64.gt': { code: [0x64], imm: 'none' },
  'f64.le': { code: [0x65], imm: 'none' },
  'f64.ge': { code: [0x66], imm: 'none' },
  'i32.add': { code: [0x6a], imm: 'none' },
  'i32.sub': { code: [0x6b], imm: 'none' },
  'i32.mul': { code: [0x6c], imm: 'none' },
  'i32.and': { code: [0x71], imm: 'none' },
  'i32.or': { code: [0x72], imm: 'none' },
  'i32.xor': { code: [0x73], imm: 'none' },
  'i32.shl': { code: [0x74], imm: 'none' },
  'f64.abs': { code: [0x99], imm: 'none' },
  'f64.neg': { code: [0x9a], imm: 'none' },
  'f64.ceil': { code: [0x9b], imm: 'none' },
  'f64.floor': { code: [0x9c], imm: 'none' },
  'f64.trunc': { code: [0x9d], imm: 'none' },
  'f64.sqrt': { code: [0x9f], imm: 'none' },
  'f64.add': { code: [0xa0], imm: 'none' },
  'f64.sub': { code: [0xa1], imm: 'none' },
  'f64.mul': { code: [0xa2], imm: 'none' },
  'f64.div': { code: [0xa3], imm: 'none' },
  'f64.min': { code: [0xa4], imm: 'none' },
  'f64.max': { code: [0xa5], imm: 'none' },
  'f64.convert_i32_s': { code: [0xb7], imm: 'none' },
  'f64.convert_i32_u': { code: [0xb8], imm: 'none' },
  'i32.trunc_sat_f64_s': { code: [0xfc, 0x02], imm: 'none' },
  'memory.fill': { code: [0xfc, 0x0b], imm: 'memfill' },
  'i64.extend_i32_u': { code: [0xad], imm: 'none' },
  // SIMD (fixed-width 128-bit): prefix 0xfd, then the opcode as a LEB128 u32.
  'v128.load': { code: [0xfd, 0x00], imm: 'mem', align: 4 },
  'v128.store': { code: [0xfd, 0x0b], imm: 'mem', align: 4 },
  'v128.const': { code: [0xfd, 0x0c], imm: 'v128' },
  'i8x16.shuffle': { code: [0xfd, 0x0d], imm: 'v128' },
  'i32x4.splat': { code: [0xfd, 0x11], imm: 'none' },
  'i64x2.splat': { code: [0xfd, 0x12], imm: 'none' },
  'f64x2.splat': { code: [0xfd, 0x14], imm: 'none' },
  'f64x2.eq': { code: [0xfd, 0x47], imm: 'none' },
  'f64x2.ne': { code: [0xfd, 0x48], imm: 'none' },
  'f64x2.lt': { code: [0xfd, 0x49], imm: 'none' },
  'f64x2.gt': { code: [0xfd, 0x4a], imm: 'none' },
  'f64x2.le': { code: [0xfd, 0x4b], imm: 'none' },
  'f64x2.ge': { code: [0xfd, 0x4c], imm: 'none' },
  'v128.not': { code: [0xfd, 0x4d], imm: 'none' },
  'v128.and': { code: [0xfd, 0x4e], imm: 'none' },
  'v128.or': { code: [0xfd, 0x50], imm: 'none' },
  'v128.bitselect': { code: [0xfd, 0x52], imm: 'none' },
  'v128.any_true': { code: [0xfd, 0x53], imm: 'none' },
  'i32x4.extract_lane': { code: [0xfd, 0x1b], imm: 'lane' },
  'f64x2.extract_lane': { code: [0xfd, 0x21], imm: 'lane' },
  'f64x2.replace_lane': { code: [0xfd, 0x22], imm: 'lane' },
  'v128.store8_lane': { code: [0xfd, 0x58], imm: 'memlane', align: 0 },
  'v128.load64_zero': { code: [0xfd, 0x5d], imm: 'mem', align: 3 },
  'f64x2.ceil': { code: [0xfd, 0x74], imm: 'none' },
  'f64x2.floor': { code: [0xfd, 0x75], imm: 'none' },
  'f64x2.trunc': { code: [0xfd, 0x7a], imm: 'none' },
  'i32x4.add': { code: [0xfd, 0xae, 0x01], imm: 'none' },
  'i64x2.shl': { code: [0xfd, 0xcb, 0x01], imm: 'none' },
  'i64x2.add': { code: [0xfd, 0xce, 0x01], imm: 'none' },
  'i64x2.all_true': { code: [0xfd, 0xc3, 0x01], imm: 'none' },
  'i64x2.eq': { code: [0xfd, 0xd6, 0x01], imm: 'none' },
  'i64x2.ne': { code: [0xfd, 0xd7, 0x01], imm: 'none' },
  'f64x2.abs': { code: [0xfd, 0xec, 0x01], imm: 'none' },
  'f64x2.neg': { code: [0xfd, 0xed, 0x01], imm: 'none' },
  'f64x2.sqrt': { code: [0xfd, 0xef, 0x01], imm: 'none' },
  'f64x2.add': { code: [0xfd, 0xf0, 0x01], imm: 'none' },
  'f64x2.sub': { code: [0xfd, 0xf1, 0x01], imm: 'none' },
  'f64x2.mul': { code: [0xfd, 0xf2, 0x01], imm: 'none' },
  'f64x2.div': { code: [0xfd, 0xf3, 0x01], imm: 'none' },
  'f64x2.min': { code: [0xfd, 0xf4, 0x01], imm: 'none' },
  'f64x2.max': { code: [0xfd, 0xf5, 0x01], imm: 'none' },
  'f64x2.convert_low_i32x4_s': { code: [0xfd, 0xfe, 0x01], imm: 'none' },
} as const satisfies Record<string, OpInfo>;

export type Opcode = keyof typeof OPS;

/**
 * One instruction: the opcode and its immediate — a local or function index, a label depth, a
 * block result type (`'void'` for none), a memory offset (bytes), or a constant.
 */
export type Instr =
  | readonly [Opcode]
  | readonly [Opcode, number]
  | readonly [Opcode, ValType | 'void']
  /** `v128.const`: the 16 bytes, little-endian. */
  | readonly [Opcode, readonly number[]]
  /** `v128.store8_lane`: memory offset, lane. */
  | readonly [Opcode, number, number];

export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

export interface WasmFunction {
  readonly name: string;
  readonly type: FuncType;
  /** Names of the parameters, then of the extra locals (for the text form). */
  readonly paramNames: readonly string[];
  readonly locals: readonly { readonly name: string; readonly type: ValType }[];
  readonly body: readonly Instr[];
}

export interface WasmImportFunction {
  readonly module: string;
  readonly name: string;
  readonly type: FuncType;
}

/** A module with one imported memory (`env.memory`), imported functions, and exported functions. */
export interface WasmModule {
  readonly imports: readonly WasmImportFunction[];
  readonly functions: readonly WasmFunction[];
}

export const MEMORY_IMPORT = { module: 'env', name: 'memory' } as const;

const VALTYPE: Record<ValType, number> = { i32: 0x7f, f64: 0x7c, v128: 0x7b };

class Bytes {
  readonly out: number[] = [];
  byte(b: number): void {
    this.out.push(b & 0xff);
  }
  bytes(bs: readonly number[] | Uint8Array): void {
    for (const b of bs) this.out.push(b);
  }
  u32(v: number): void {
    let x = v >>> 0;
    do {
      let b = x & 0x7f;
      x >>>= 7;
      if (x !== 0) b |= 0x80;
      this.out.push(b);
    } while (x !== 0);
  }
  i32(v: number): void {
    let x = v | 0;
    for (;;) {
      const b = x & 0x7f;
      x >>= 7;
      if ((x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0)) {
        this.out.push(b);
        return;
      }
      this.out.push(b | 0x80);
    }
  }
  f64(v: number): void {
    const buf = new DataView(new ArrayBuffer(8));
    buf.setFloat64(0, v, true);
    for (let k = 0; k < 8; k++) this.out.push(buf.getUint8(k));
  }
  name(s: string): void {
    const utf8 = new TextEncoder().encode(s);
    this.u32(utf8.length);
    this.bytes(utf8);
  }
  vec<T>(items: readonly T[], each: (item: T) => void): void {
    this.u32(items.length);
    for (const item of items) each(item);
  }
  section(id: number, body: Bytes): void {
    this.byte(id);
    this.u32(body.out.length);
    this.bytes(body.out);
  }
}

function funcType(b: Bytes, t: FuncType): void {
  b.byte(0x60);
  b.vec(t.params, (p) => b.byte(VALTYPE[p]));
  b.vec(t.results, (r) => b.byte(VALTYPE[r]));
}

const typeKey = (t: FuncType) => `${t.params.join(',')}->${t.results.join(',')}`;

function encodeInstr(b: Bytes, ins: Instr): void {
  const info: OpInfo = OPS[ins[0]];
  b.bytes(info.code);
  const imm = ins[1];
  switch (info.imm) {
    case 'none':
      return;
    case 'local':
    case 'func':
    case 'label':
      b.u32(imm as number);
      return;
    case 'block':
      b.byte(imm === 'void' ? 0x40 : VALTYPE[imm as ValType]);
      return;
    case 'mem':
      b.u32(info.align!);
      b.u32(imm as number);
      return;
    case 'i32':
      b.i32(imm as number);
      return;
    case 'f64':
      b.f64(imm as number);
      return;
    case 'memfill':
      b.byte(0x00);
      return;
    case 'v128':
      b.bytes(imm as readonly number[]);
      return;
    case 'memlane':
      b.u32(info.align!);
      b.u32(imm as number);
      b.byte(ins[2] as number);
      return;
    case 'lane':
      b.byte(imm as number);
      return;
  }
}

/** Pages a shared memory import declares as its maximum: any shared memory fits (4 GiB). */
const SHARED_MAXIMUM_PAGES = 65536;

/**
 * The module as a binary. Functions are exported under their names. With `sharedMemory`, the
 * memory import is a shared memory's (as worker threads use one: see team.ts); a module
 * instantiates only with the kind of memory it declares.
 */
export function encodeModule(m: WasmModule, options: { readonly sharedMemory?: boolean } = {}): Uint8Array {
  const types: FuncType[] = [];
  const typeIndex = new Map<string, number>();
  const typeOf = (t: FuncType) => {
    const key = typeKey(t);
    let k = typeIndex.get(key);
    if (k === undefined) {
      k = types.length;
      types.push(t);
      typeIndex.set(key, k);
    }
    return k;
  };
  const importTypes = m.imports.map((f) => typeOf(f.type));
  const funcTypes = m.functions.map((f) => typeOf(f.type));

  const out = new Bytes();
  out.bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const typeSec = new Bytes();
  typeSec.vec(types, (t) => funcType(typeSec, t));
  out.section(1, typeSec);

  const importSec = new Bytes();
  importSec.u32(m.imports.length + 1);
  m.imports.forEach((f, k) => {
    importSec.name(f.module);
    importSec.name(f.name);
    importSec.byte(0x00);
    importSec.u32(importTypes[k]!);
  });
  importSec.name(MEMORY_IMPORT.module);
  importSec.name(MEMORY_IMPORT.name);
  importSec.byte(0x02);
  if (options.sharedMemory === true) {
    importSec.byte(0x03); // limits: shared, min and max
    importSec.u32(0);
    importSec.u32(SHARED_MAXIMUM_PAGES);
  } else {
    importSec.byte(0x00); // limits: min only
    importSec.u32(0);
  }
  out.section(2, importSec);

  const funcSec = new Bytes();
  funcSec.vec(funcTypes, (t) => funcSec.u32(t));
  out.section(3, funcSec);

  const exportSec = new Bytes();
  exportSec.vec(m.functions, (f) => {
    exportSec.name(f.name);
    exportSec.byte(0x00);
    exportSec.u32(m.imports.length + m.functions.indexOf(f));
  });
  out.section(7, exportSec);

  const codeSec = new Bytes();
  codeSec.vec(m.functions, (f) => {
    const body = new Bytes();
    // Locals, run-length encoded by type in declaration order.
    const runs: [number, ValType][] = [];
    for (const l of f.locals) {
      const last = runs[runs.length - 1];
      if (last && last[1] === l.type) last[0]++;
      else runs.push([1, l.type]);
    }
    body.vec(runs, ([n, t]) => {
      body.u32(n);
      body.byte(VALTYPE[t]);
    });
    for (const ins of f.body) encodeInstr(body, ins);
    body.byte(0x0b);
    codeSec.u32(body.out.length);
    codeSec.bytes(body.out);
  });
  out.section(10, codeSec);
  return Uint8Array.from(out.out);
}

function f64Text(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0x0p+0' : '0x0p+0';
  // Hexadecimal float: exact, so the text assembles to the same bits.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const sign = hi >>> 31 ? '-' : '';
  const exp = (hi >>> 20) & 0x7ff;
  const mant = ((hi & 0xfffff).toString(16).padStart(5, '0') + lo.toString(16).padStart(8, '0')).replace(/0+$/, '');
  if (exp === 0) return `${sign}0x0.${mant || '0'}p-1022`;
  return `${sign}0x1${mant ? `.${mant}` : ''}p${exp - 1023}`;
}

/** The module as WebAssembly text, in flat form (one instruction per line), assemblable by wabt. */
export function printModule(m: WasmModule): string {
  const lines: string[] = ['(module'];
  m.imports.forEach((f, k) => {
    const params = f.type.params.length ? ` (param ${f.type.params.join(' ')})` : '';
    const results = f.type.results.length ? ` (result ${f.type.results.join(' ')})` : '';
    lines.push(`  (import "${f.module}" "${f.name}" (func $import${k}${params}${results}))`);
  });
  lines.push(`  (import "${MEMORY_IMPORT.module}" "${MEMORY_IMPORT.name}" (memory 0))`);
  for (const f of m.functions) {
    const params = f.type.params.map((t, k) => ` (param $${f.paramNames[k]} ${t})`).join('');
    const results = f.type.results.length ? ` (result ${f.type.results.join(' ')})` : '';
    lines.push(`  (func $${f.name} (export "${f.name}")${params}${results}`);
    for (const l of f.locals) lines.push(`    (local $${l.name} ${l.type})`);
    const names = [...f.paramNames, ...f.locals.map((l) => l.name)];
    let depth = 2;
    for (const ins of f.body) {
      const op = ins[0];
      if (op === 'end' || op === 'else') depth--;
      lines.push(`${'  '.repeat(depth)}${instrText(ins, names, m.imports.length)}`);
      if (op === 'block' || op === 'loop' || op === 'if' || op === 'else') depth++;
    }
    lines.push('  )');
  }
  lines.push(')');
  return lines.join('\n');
}

function instrText(ins: Instr, locals: readonly string[], importCount: number): string {
  const [op, imm] = ins;
  const info: OpInfo = OPS[op];
  switch (info.imm) {
    case 'none':
      return op;
    case 'local':
      return `${op} $${locals[imm as number]}`;
    case 'func':
      return `${op} ${(imm as number) < importCount ? `$import${imm}` : imm}`;
    case 'label':
      return `${op} ${imm}`;
    case 'block':
      return imm === 'void' ? op : `${op} (result ${imm})`;
    case 'mem':
      return imm === 0 ? op : `${op} offset=${imm}`;
    case 'i32':
      return `${op} ${imm}`;
    case 'f64':
      return `${op} ${f64Text(imm as number)}`;
    case 'memfill':
      return op;
    case 'v128': {
      const bytes = imm as readonly number[];
      if (op === 'i8x16.shuffle') return `${op} ${bytes.join(' ')}`;
      const words = [0, 4, 8, 12].map((k) => `0x${[3, 2, 1, 0].map((j) => bytes[k + j]!.toString(16).padStart(2, '0')).join('')}`);
      return `${op} i32x4 ${words.join(' ')}`;
    }
    case 'memlane':
      return `${op}${imm === 0 ? '' : ` offset=${imm}`} ${ins[2]}`;
    case 'lane':
      return `${op} ${imm}`;
  }
}
