/**
 * The built packages as a plain Node script sees them: `@neurite/*` resolve through each package's
 * `exports` to its bundle (dist/bundle/, made by scripts/bundle.mjs after `tsc -b`; `npm test`
 * builds first). The other tests run against the TypeScript sources, so this is the one place
 * that checks what users and the benchmarks actually load.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs an ES module script with the repository root as working directory; returns its stdout as JSON. */
function runScript(source: string): unknown {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', source], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

describe('built packages', () => {
  it('resolve to their bundles and run a network, with gpujs registered from its own entry', () => {
    const result = runScript(`
      const entries = ['@neurite/parser', '@neurite/codegen', '@neurite/codegen/gpujs', '@neurite/runtime', '@neurite/runtime/sweep'];
      const resolved = entries.map((e) => import.meta.resolve(e).replace(/^.*\\/packages\\//, ''));
      const { Network } = await import('@neurite/runtime');
      const run = async (backend) => {
        const net = new Network({ backend, seed: 3 });
        const G = net.neuronGroup(10, 'dv/dt = (1.1 - v)/(10*ms) : 1', { threshold: 'v > 1', reset: 'v = 0', method: 'exact' });
        const S = net.spikeMonitor(G);
        await net.run('50 ms');
        return S.numSpikes;
      };
      console.log(JSON.stringify({ resolved, js: await run('js'), gpujs: await run({ name: 'gpujs', mode: 'cpu' }) }));
    `) as { resolved: string[]; js: number; gpujs: number };
    expect(result.resolved).toEqual([
      'parser/dist/bundle/index.js',
      'codegen/dist/bundle/index.js',
      'codegen/dist/bundle/gpujs.js',
      'runtime/dist/bundle/index.js',
      'runtime/dist/bundle/sweep.js',
    ]);
    // 10 identical neurons, v(t) = 1.1(1 - e^{-t/10 ms}) reaches 1 at t = 10 ms·ln 11 ≈ 23.98 ms: 2 spikes each in 50 ms.
    expect(result.js).toBe(20);
    expect(result.gpujs).toBe(20);
  });

  it('share one copy of each module: errors from the runtime are the classes the parser exports', () => {
    const result = runScript(`
      const { EquationError } = await import('@neurite/parser');
      const { Network, ValueError } = await import('@neurite/runtime');
      const net = new Network();
      let equation = false, value = false;
      try { net.neuronGroup(1, 'dv/dt = -v/tau : volt', { namespace: { tau: '10 metre' } }); } catch (e) { equation = e instanceof EquationError; }
      try { net.neuronGroup(1, 'v : 1').set('v', [1, 2]); } catch (e) { value = e instanceof ValueError; }
      console.log(JSON.stringify({ equation, value }));
    `);
    expect(result).toEqual({ equation: true, value: true });
  });
});
