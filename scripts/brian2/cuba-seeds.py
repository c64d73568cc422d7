#!/usr/bin/python3
"""CUBA benchmark statistics from Brian2 itself, for 10 seeds.

Usage (Debian 12, Brian2 2.5.1 from `apt-get install python3-brian`):

    /usr/bin/python3 scripts/brian2/cuba-seeds.py tests/fixtures/brian2 [--targets cython,numpy]
                                                  [--seeds 0-9] [--N 4000] [--duration 1.0]

Writes cuba-seeds.json into the given directory. The model is the one of
/work/shared/brian2/cuba.py (= Brian's examples/CUBA.py with p = 80/N): 4000 neurons
(3200 excitatory, 800 inhibitory), exact integration, dt = 0.1 ms, 1 s, no delays. For every seed
k the whole network is rebuilt after `seed(k)`, so the seed determines both the initial voltages
(P.v = 'Vr + rand() * (Vt - Vr)') and the random connectivity.

Brian's random streams depend on the code-generation target (numpy and cython draw the numbers in
a different order, so even the connectivity differs for the same seed), so spike counts per seed
are only reproducible with the same target, Brian version and numpy version. The per-seed numbers
are therefore a statistical reference: compare Neurite's mean rate over seeds with
`mean_rate_hz` +- a few `std_rate_hz`.

The first target listed (default cython: ~0.6 s per 1 s simulation here, against ~2.8 s for
numpy; the cython target compiles its extensions once, ~50 s on a cold ~/.cython cache) gives the
top-level `per_seed` and `summary`; every target is also reported under `by_target`.
"""
import argparse
import json
import os
import platform
import time
import warnings

warnings.filterwarnings('ignore')

import numpy as np  # noqa: E402
import brian2  # noqa: E402
from brian2 import (NeuronGroup, Synapses, SpikeMonitor, Network, defaultclock, prefs,  # noqa: E402
                    seed, ms, mV, second)

EQS = '''
dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
dge/dt = -ge/taue : volt
dgi/dt = -gi/taui : volt
'''


def parse_seeds(text):
    if '-' in text:
        a, b = text.split('-')
        return list(range(int(a), int(b) + 1))
    return [int(x) for x in text.split(',')]


def run_one(k, N, duration):
    ns = {'taum': 20 * ms, 'taue': 5 * ms, 'taui': 10 * ms, 'Vt': -50 * mV, 'Vr': -60 * mV,
          'El': -49 * mV, 'we': (60 * 0.27 / 10) * mV, 'wi': (-20 * 4.5 / 10) * mV,
          'Ne': int(N * 0.8), 'p': 80 / N}
    t0 = time.time()
    seed(k)
    P = NeuronGroup(N, EQS, threshold='v>Vt', reset='v = Vr', refractory=5 * ms,
                    method='exact', namespace=ns, name='P')
    P.v = 'Vr + rand() * (Vt - Vr)'
    P.ge = 0 * mV
    P.gi = 0 * mV
    Ce = Synapses(P, P, on_pre='ge += we', namespace=ns, name='Ce')
    Ci = Synapses(P, P, on_pre='gi += wi', namespace=ns, name='Ci')
    Ce.connect('i<Ne', p=ns['p'])
    Ci.connect('i>=Ne', p=ns['p'])
    s_mon = SpikeMonitor(P, name='s_mon')
    net = Network(P, Ce, Ci, s_mon)
    t1 = time.time()
    net.run(duration * second, namespace=ns)
    t2 = time.time()
    count = np.asarray(s_mon.count)
    Ne = ns['Ne']
    return {
        'seed': k,
        'num_spikes': int(s_mon.num_spikes),
        'mean_rate_hz': float(s_mon.num_spikes) / N / duration,
        'mean_rate_exc_hz': float(count[:Ne].sum()) / Ne / duration,
        'mean_rate_inh_hz': float(count[Ne:].sum()) / (N - Ne) / duration,
        'silent_neurons': int(np.sum(count == 0)),
        'n_synapses_exc': int(len(Ce)),
        'n_synapses_inh': int(len(Ci)),
        'wall_build_s': round(t1 - t0, 3),
        'wall_run_s': round(t2 - t1, 3),
    }


def summarise(per_seed):
    rates = np.array([r['mean_rate_hz'] for r in per_seed])
    counts = np.array([r['num_spikes'] for r in per_seed], dtype=float)
    n = len(per_seed)
    return {
        'mean_rate_hz': float(rates.mean()),
        'std_rate_hz': float(rates.std(ddof=1)) if n > 1 else 0.0,
        'std_rate_hz_population': float(rates.std(ddof=0)),
        'min_rate_hz': float(rates.min()),
        'max_rate_hz': float(rates.max()),
        'mean_num_spikes': float(counts.mean()),
        'std_num_spikes': float(counts.std(ddof=1)) if n > 1 else 0.0,
        'note': 'std_* use ddof=1 (sample standard deviation over seeds); '
                'std_rate_hz_population uses ddof=0',
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('outdir')
    ap.add_argument('--targets', default='cython,numpy',
                    help='comma-separated code-generation targets; the first one is primary')
    ap.add_argument('--seeds', default='0-9')
    ap.add_argument('--N', type=int, default=4000)
    ap.add_argument('--duration', type=float, default=1.0, help='seconds of biological time')
    args = ap.parse_args()
    targets = args.targets.split(',')
    for tg in targets:
        if tg not in ('cython', 'numpy'):
            ap.error(f'unknown target {tg}')
    defaultclock.dt = 0.1 * ms
    seeds = parse_seeds(args.seeds)

    by_target = {}
    t_all = time.time()
    for tg in targets:
        prefs.codegen.target = tg
        per_seed = []
        t_tg = time.time()
        for k in seeds:
            r = run_one(k, args.N, args.duration)
            per_seed.append(r)
            print(f"[{tg}] seed {k}: {r['num_spikes']} spikes, {r['mean_rate_hz']:.4f} Hz, "
                  f"build {r['wall_build_s']} s, run {r['wall_run_s']} s", flush=True)
        summary = summarise(per_seed)
        by_target[tg] = {'per_seed': per_seed, 'summary': summary,
                         'total_wall_s': round(time.time() - t_tg, 2)}
        print(f"[{tg}] mean rate {summary['mean_rate_hz']:.4f} Hz +- {summary['std_rate_hz']:.4f}"
              f" (sd over {len(seeds)} seeds); {time.time() - t_tg:.1f} s", flush=True)
    total = time.time() - t_all
    primary = targets[0]
    cmd = ('/usr/bin/python3 scripts/brian2/cuba-seeds.py tests/fixtures/brian2'
           + ('' if args.targets == 'cython,numpy' else f' --targets {args.targets}')
           + ('' if args.seeds == '0-9' else f' --seeds {args.seeds}')
           + ('' if args.N == 4000 else f' --N {args.N}')
           + ('' if args.duration == 1.0 else f' --duration {args.duration}'))
    Ne = int(args.N * 0.8)
    data = {
        'fixture': 'cuba-seeds',
        'description': (
            'CUBA benchmark (Brette et al. 2007, benchmark 2; /work/shared/brian2/cuba.py): '
            f'{args.N} LIF neurons, {Ne} excitatory (ge += we) and {args.N - Ne} inhibitory '
            '(gi += wi), connection probability 80/N, no delays, refractory 5 ms, exact '
            'integration, dt 0.1 ms. One full rebuild per seed after seed(k). Random streams '
            'depend on the code-generation target (even the connectivity differs between '
            'targets for the same seed): compare statistics, not per-seed counts.'),
        'brian_version': brian2.__version__,
        'generator': {'script': 'scripts/brian2/cuba-seeds.py', 'command': cmd,
                      'python': platform.python_version(), 'numpy': np.__version__,
                      'codegen_target': primary, 'targets': targets, 'float_dtype': 'float64',
                      'machine': f'{platform.machine()}, {os.cpu_count()} cores'},
        'model': {
            'equations': EQS,
            'threshold': 'v>Vt', 'reset': 'v = Vr', 'refractory': '5. ms', 'method': 'exact',
            'initial': {'v': 'Vr + rand() * (Vt - Vr)', 'ge': '0*mV', 'gi': '0*mV'},
            'synapses': {
                'Ce': {'on_pre': 'ge += we', 'connect': "connect('i<Ne', p=80/N)"},
                'Ci': {'on_pre': 'gi += wi', 'connect': "connect('i>=Ne', p=80/N)"},
            },
            'namespace': {
                'taum': {'str': '20. ms', 'si': 0.02}, 'taue': {'str': '5. ms', 'si': 0.005},
                'taui': {'str': '10. ms', 'si': 0.01}, 'Vt': {'str': '-50. mV', 'si': -0.05},
                'Vr': {'str': '-60. mV', 'si': -0.06}, 'El': {'str': '-49. mV', 'si': -0.049},
                'we': {'str': str((60 * 0.27 / 10) * mV), 'si': float((60 * 0.27 / 10) * mV),
                       'source': '(60*0.27/10)*mV'},
                'wi': {'str': str((-20 * 4.5 / 10) * mV), 'si': float((-20 * 4.5 / 10) * mV),
                       'source': '(-20*4.5/10)*mV'},
                'Ne': {'str': str(Ne), 'si': Ne},
                'p': {'str': repr(80 / args.N), 'si': 80 / args.N},
            },
        },
        'N': args.N,
        'duration': {'str': str(args.duration * second), 'si': args.duration},
        'dt': {'str': '100. us', 'si': float(defaultclock.dt)},
        'seeds': seeds,
        'per_seed': by_target[primary]['per_seed'],
        'summary': by_target[primary]['summary'],
        'by_target': by_target,
        'timing': {
            'total_wall_s': round(total, 2),
            'note': ('wall_build_s includes seeding, group/synapse creation and connect(); '
                     'wall_run_s is Network.run (it includes code generation, and for the '
                     'cython target compilation when the on-disk cache ~/.cython is cold).'),
        },
    }
    os.makedirs(args.outdir, exist_ok=True)
    path = os.path.join(args.outdir, 'cuba-seeds.json')
    with open(path, 'w') as f:
        json.dump(data, f, indent=1, allow_nan=False)
        f.write('\n')
    print(f'total {total:.1f} s; wrote {path}')


if __name__ == '__main__':
    main()
