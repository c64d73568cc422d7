const F = globalThis.Function;
globalThis.Function = new Proxy(F, { construct(t, args) { console.log('-----\n' + args[args.length-1]); return new t(...args); } });
const { Network } = await import('@neurite/runtime');
const { buildCuba } = await import('/work/main/dist/bench/cuba-model.js');
const net = new Network();
const m = buildCuba(net, 4000);
net.run('1 ms');
