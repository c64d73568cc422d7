/**
 * The hand-written encoder is checked against wabt, the reference WebAssembly toolkit: the text
 * we print for a kernel, assembled by wabt, must be exactly the bytes we encode — for every kernel
 * of the golden models and for random expressions (scalar and vectorised code, imports, every
 * immediate kind). wabt also validates the module, so a type error in emitted code fails here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import wabtInit from 'wabt';
import { emitWasm, WasmUnsupported } from '../../../src/backends/wasm/emit-wasm.js';
import { encodeModule, printModule, type WasmModule } from '../../../src/backends/wasm/encoder.js';
import { compileModel } from '../../../src/compile.js';
import { jsBackend } from '../../../src/backends/js/js-backend.js';
import { lowerSet } from '../../../src/lower/templates.js';
import type { KernelIR } from '../../../src/ir.js';
import { GOLDEN_CASES } from '../../golden/cases.js';
import { checked } from '../../helpers/models.js';
import { randomExpr } from '../../helpers/random-exprs.js';

let wabt: Awaited<ReturnType<typeof wabtInit>>;
beforeAll(async () => {
  wabt = await wabtInit();
});

function assembled(text: string): Uint8Array {
  const parsed = wabt.parseWat('kernel.wat', text);
  try {
    parsed.validate();
    return parsed.toBinary({}).buffer;
  } finally {
    parsed.destroy();
  }
}

function expectRoundTrip(module: WasmModule): void {
  const text = printModule(module);
  expect([...encodeModule(module)], text).toEqual([...assembled(text)]);
}

const emitted = (ir: KernelIR): WasmModule | undefined => {
  try {
    return emitWasm(ir).module;
  } catch (e) {
    if (e instanceof WasmUnsupported) return undefined;
    throw e;
  }
};

describe('wasm encoder', () => {
  it('encodes every golden kernel exactly as wabt assembles its text', () => {
    let checkedKernels = 0;
    for (const c of GOLDEN_CASES) {
      const m = compileModel(c.equations, { ...c.options, backend: jsBackend });
      for (const k of [m.stateUpdate, m.threshold, m.reset]) {
        const module = k && emitted(k.ir);
        if (!module) continue;
        expectRoundTrip(module);
        checkedKernels++;
      }
    }
    expect(checkedKernels).toBeGreaterThan(15);
  });

  it('encodes random expression kernels exactly as wabt assembles their text', () => {
    const model = checked('a : 1\nb : 1\nc : 1\ny : 1');
    fc.assert(
      fc.property(randomExpr, (e) => {
        const module = emitted(lowerSet({ model }, 'y', e, { name: 'diff' }));
        if (module) expectRoundTrip(module);
      }),
      { numRuns: 150 },
    );
  });

  it('prints constants that assemble to the same bits (NaN, infinities, -0, subnormals, extremes)', () => {
    const values = [0, -0, NaN, Infinity, -Infinity, 5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 0.1, -1e-3, 1 / 3];
    const module: WasmModule = {
      imports: [],
      functions: [
        {
          name: 'constants',
          type: { params: [], results: ['f64'] },
          paramNames: [],
          locals: [],
          body: [...values.flatMap((v) => [['f64.const', v] as const, ['drop'] as const]), ['f64.const', 1]],
        },
      ],
    };
    expectRoundTrip(module);
  });
});
