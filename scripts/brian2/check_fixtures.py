#!/usr/bin/python3
"""Independent re-simulation of the Brian2 fixtures, from the JSON files alone, with plain numpy.

Usage:  /usr/bin/python3 scripts/brian2/check_fixtures.py tests/fixtures/brian2

This does not import Brian. It re-implements, step by step, the semantics documented in
tests/fixtures/brian2/README.md (schedule, monitor timing, SpikeGeneratorGroup binning, delays,
refractoriness, event-driven STDP, summed variables, TimedArray indexing) and checks that the
result reproduces every recorded trace to 1e-9 (see `close` below) and every spike exactly. It is
both a sanity check of the fixtures and an executable statement of what Neurite has to do.
Needs only numpy (any python3).
"""
import json
import math
import os
import sys

import numpy as np

RTOL = 1e-9


def close(name, got, ref):
    """max |got - ref| / max(|ref|, max|ref over the whole trace|) <= RTOL."""
    got = np.asarray(got, dtype=float)
    ref = np.asarray(ref, dtype=float)
    scale = max(np.max(np.abs(ref)), 1e-300)
    err = np.max(np.abs(got - ref) / np.maximum(np.abs(ref), scale))
    ok = err <= RTOL
    print(f'  {"ok  " if ok else "FAIL"} {name}: max scaled error {err:.2e}')
    return ok


def same_spikes(name, got, mon):
    ref = list(zip(mon['t_step'], mon['i']))
    got = list(got)
    ok = got == ref
    print(f'  {"ok  " if ok else "FAIL"} {name}: {len(got)} spikes (reference {len(ref)})')
    if not ok:
        print('      got', got[:20], '\n      ref', ref[:20])
    return ok


def timestep(t, dt):
    return np.asarray((np.asarray(t) + 1e-3 * dt) / dt, dtype=np.int64)


def sgg_steps(gen, dt):
    idx = np.asarray(gen['indices'])
    t = np.asarray(gen['times'])
    order = np.lexsort((idx, t))
    return idx[order], timestep(t[order], dt)


class Queue:
    """Spike queue of one pathway: synapse indices delivered at absolute time steps."""

    def __init__(self):
        self.pending = {}

    def push(self, step, syn_indices, delay_steps):
        for s in syn_indices:
            self.pending.setdefault(step + int(delay_steps[s]), []).append(int(s))

    def pop(self, step):
        return np.array(self.pending.pop(step, []), dtype=np.int64)


def ns_si(d, name):
    return d['namespace'][name]['si']


def stack(trace_dict, n):
    return np.array([trace_dict[str(k)] for k in range(n)])


# ----------------------------------------------------------------------------------------------

def check_lif(d):
    dt = d['dt']['si']
    nsteps = d['n_steps']
    tau, El, Vt, Vr = (ns_si(d, k) for k in ('tau', 'El', 'Vt', 'Vr'))
    G = d['neuron_groups']['G']
    N = G['N']
    ref_steps = timestep(G['refractory']['si'], dt)
    v = np.array(G['initial_state']['v']['values'])
    lastspike = np.array(G['initial_state']['lastspike']['values'])
    nr = np.ones(N, dtype=bool)
    src, src_step = sgg_steps(d['spike_generators']['inp'], dt)
    # pathways in schedule order: same slot and order (-1), so sorted by name
    paths = []
    for name in sorted(d['synapses'], key=lambda n: d['synapses'][n]['pathways']['pre']['name']):
        S = d['synapses'][name]
        p = S['pathways']['pre']
        if p['delay']['kind'] == 'homogeneous':
            dsteps = np.full(S['N'], int(round(p['delay']['si'] / dt)))
        else:
            dsteps = np.array(p['delay']['steps'])
        paths.append((np.array(S['i']), np.array(S['j']),
                      np.array(S['initial_state']['w']['values']), dsteps, Queue()))
    rec_v = np.zeros((N, nsteps))
    rec_nr = np.zeros((N, nsteps), dtype=bool)
    spikes = []
    for k in range(nsteps):
        t = k * dt
        rec_v[:, k] = v
        rec_nr[:, k] = nr
        # groups: refractoriness, then exact integration (Brian's own expression)
        nr = timestep(t - lastspike, dt) >= ref_steps
        e = np.exp(-dt * nr.astype(int) / tau)
        v = El - El * e + v * e
        # thresholds
        sgg_spikes = src[src_step == k]
        fired = np.nonzero((v > Vt) & nr)[0]
        nr[fired] = False
        lastspike[fired] = t
        spikes += [(k, int(i)) for i in fired]
        # synapses: writes to an (unless refractory) variable only where not_refractory
        for pi, pj, w, dsteps, q in paths:
            q.push(k, np.nonzero(np.isin(pi, sgg_spikes))[0], dsteps)
            syn = q.pop(k)
            for s in syn:
                if nr[pj[s]]:
                    v[pj[s]] += w[s]
        # resets
        v[fired] = Vr
    mon = d['state_monitors']['mon_G']
    ok = close('v', rec_v, stack(mon['traces']['v'], N))
    ok &= bool(np.array_equal(rec_nr, stack(mon['traces']['not_refractory'], N)))
    ok &= close('final v', v, d['final_state']['G']['v']['values'])
    ok &= same_spikes('spikes G', spikes, d['spike_monitors']['G'])
    return ok


def check_gap(d):
    dt = d['dt']['si']
    nsteps = d['n_steps']
    tau = ns_si(d, 'tau')
    G = d['neuron_groups']['neurons']
    N = G['N']
    v = np.array(G['initial_state']['v']['values'])
    v0 = np.array(G['initial_state']['v0']['values'])
    S = d['synapses']['gap']
    si, sj = np.array(S['i']), np.array(S['j'])
    w = np.array(S['initial_state']['w']['values'])
    Igap = np.array(G['initial_state']['Igap']['values'])
    rec_v = np.zeros((N, nsteps))
    rec_I = np.zeros((N, nsteps))
    spikes = []
    for k in range(nsteps):
        rec_v[:, k] = v
        rec_I[:, k] = Igap
        # groups: summed variable first (order = target.order - 1), then the state updater
        Igap = np.bincount(sj, weights=w * (v[si] - v[sj]), minlength=N)
        e = math.exp(-dt / tau)
        v = (v0 + Igap) + (v - v0 - Igap) * e
        fired = np.nonzero(v > 1)[0]
        spikes += [(k, int(i)) for i in fired]
        v[fired] = 0
    mon = d['state_monitors']['mon_neurons']
    ok = close('v', rec_v, stack(mon['traces']['v'], N))
    ok &= close('Igap', rec_I, stack(mon['traces']['Igap'], N))
    ok &= same_spikes('spikes', spikes, d['spike_monitors']['neurons'])
    return ok


def check_rate(d):
    dt = d['dt']['si']
    nsteps = d['n_steps']
    tau = ns_si(d, 'tau')
    G = d['neuron_groups']['units']
    N = G['N']
    r = np.array(G['initial_state']['r']['values'])
    s = np.array(G['initial_state']['s']['values'])
    I = np.array(G['initial_state']['I']['values'])
    S = d['synapses']['coupling']
    si, sj = np.array(S['i']), np.array(S['j'])
    w = np.array(S['initial_state']['w']['values'])
    rec_r = np.zeros((N, nsteps))
    rec_s = {}

    def f(x):
        return (-x + np.clip(I + s, 0, 100)) / tau

    for k in range(nsteps):
        rec_r[:, k] = r
        rec_s[k] = s.copy()
        s = np.bincount(sj, weights=w * r[si], minlength=N)
        k1 = dt * f(r)
        k2 = dt * f(r + k1 / 2)
        k3 = dt * f(r + k2 / 2)
        k4 = dt * f(r + k3)
        r = r + (k1 + 2 * k2 + 2 * k3 + k4) / 6
    ok = close('r', rec_r, stack(d['state_monitors']['mon_r']['traces']['r'], N))
    ms = d['state_monitors']['mon_s']
    got_s = np.array([rec_s[k] for k in ms['t_step']]).T
    ok &= close('s (1 ms grid)', got_s, stack(ms['traces']['s'], N))
    ok &= close('final r', r, d['final_state']['units']['r']['values'])
    return ok


def check_stdp(d):
    dt = d['dt']['si']
    nsteps = d['n_steps']
    g = {k: ns_si(d, k) for k in d['namespace']}
    post = d['neuron_groups']['post']
    N = post['N']
    v = np.array(post['initial_state']['v']['values'])
    ge = np.array(post['initial_state']['ge']['values'])
    pre_src, pre_step = sgg_steps(d['spike_generators']['pre'], dt)
    drv_src, drv_step = sgg_steps(d['spike_generators']['drive'], dt)
    D = d['synapses']['drive_syn']
    Di, Dj = np.array(D['i']), np.array(D['j'])
    S = d['synapses']['stdp']
    Si, Sj = np.array(S['i']), np.array(S['j'])
    st = S['initial_state']
    w = np.array(st['w']['values'])
    Apre = np.array(st['Apre']['values'])
    Apost = np.array(st['Apost']['values'])
    lu = np.array(st['lastupdate']['values'])
    dsteps = np.array(S['pathways']['pre']['delay']['steps'])
    qD, qpre, qpost = Queue(), Queue(), Queue()
    nS = S['N']
    rec = {k: np.zeros((nS, nsteps)) for k in ('w', 'Apre', 'Apost', 'lastupdate')}
    rec_v = np.zeros((N, nsteps))
    rec_ge = np.zeros((N, nsteps))
    spikes = []
    tp, te = g['tau_post'], g['taue']
    for k in range(nsteps):
        t = k * dt
        for name, arr in (('w', w), ('Apre', Apre), ('Apost', Apost), ('lastupdate', lu)):
            rec[name][:, k] = arr
        rec_v[:, k], rec_ge[:, k] = v, ge
        # groups: exact solution of dv/dt = (ge - v)/tau_post, dge/dt = -ge/taue
        v = v * math.exp(-dt / tp) + ge * te / (te - tp) * (math.exp(-dt / te) - math.exp(-dt / tp))
        ge = ge * math.exp(-dt / te)
        # thresholds
        drv = drv_src[drv_step == k]
        pre = pre_src[pre_step == k]
        fired = np.nonzero(v > 1)[0]
        spikes += [(k, int(i)) for i in fired]
        # synapses: drive_syn_pre, stdp_pre (order -1, by name), then stdp_post (order 1)
        qD.push(k, np.nonzero(np.isin(Di, drv))[0], np.zeros(len(Di), dtype=int))
        for s in qD.pop(k):
            v[Dj[s]] += 2
        qpre.push(k, np.nonzero(np.isin(Si, pre))[0], dsteps)
        for s in qpre.pop(k):
            Apost[s] = Apost[s] * math.exp(-(t - lu[s]) / g['taupost'])
            Apre[s] = Apre[s] * math.exp(-(t - lu[s]) / g['taupre'])
            ge[Sj[s]] += w[s]
            Apre[s] += g['dApre']
            w[s] = min(max(w[s] + Apost[s], 0), g['wmax'])
            lu[s] = t
        qpost.push(k, np.nonzero(np.isin(Sj, fired))[0], np.zeros(nS, dtype=int))
        for s in qpost.pop(k):
            Apost[s] = Apost[s] * math.exp(-(t - lu[s]) / g['taupost'])
            Apre[s] = Apre[s] * math.exp(-(t - lu[s]) / g['taupre'])
            Apost[s] += g['dApost']
            w[s] = min(max(w[s] + Apre[s], 0), g['wmax'])
            lu[s] = t
        # resets
        v[fired] = 0
    mon = d['state_monitors']['mon_stdp']
    ok = True
    for name in rec:
        ok &= close(name, rec[name], stack(mon['traces'][name], nS))
    mp = d['state_monitors']['mon_post']
    ok &= close('post v', rec_v, stack(mp['traces']['v'], N))
    ok &= close('post ge', rec_ge, stack(mp['traces']['ge'], N))
    ok &= close('final w', w, d['final_state']['stdp']['w']['values'])
    ok &= same_spikes('spikes post', spikes, d['spike_monitors']['post'])
    return ok


def check_hh(d):
    dt = d['dt']['si']
    nsteps = d['n_steps']
    c = {k: ns_si(d, k) for k in d['namespace']}
    G = d['neuron_groups']['hh']
    N = G['N']
    st = G['initial_state']
    v, m, n, h, C = (np.array(st[k]['values']) for k in ('v', 'm', 'n', 'h', 'C'))
    nr = np.ones(N, dtype=bool)
    ta = d['timed_arrays']['I_rec']
    ta_vals = np.array(ta['values'])
    ta_dt = ta['dt']['si']
    K = int(2 ** math.ceil(math.log2(8 / dt * ta_dt)))
    eps = ta_dt / K
    mV, ms = 1e-3, 1e-3
    VT, El, EK, ENa, gl, gna, gkd = (c[k] for k in ('VT', 'El', 'EK', 'ENa', 'gl', 'g_na', 'g_kd'))
    rec = {k: np.zeros((N, nsteps)) for k in ('v', 'm', 'n', 'h', 'I')}
    spikes = []
    for k in range(nsteps):
        t = k * dt
        I = ta_vals[min(max(int(round(t / eps) / K), 0), len(ta_vals) - 1)]
        for name, arr in (('v', v), ('m', m), ('n', n), ('h', h), ('I', np.full(N, I))):
            rec[name][:, k] = arr
        nr = nr | ~(v > -40 * mV)
        am = 0.32 / mV * (13 * mV - v + VT) / (np.exp((13 * mV - v + VT) / (4 * mV)) - 1) / ms
        bm = 0.28 / mV * (v - VT - 40 * mV) / (np.exp((v - VT - 40 * mV) / (5 * mV)) - 1) / ms
        an = 0.032 / mV * (15 * mV - v + VT) / (np.exp((15 * mV - v + VT) / (5 * mV)) - 1) / ms
        bn = .5 * np.exp((10 * mV - v + VT) / (40 * mV)) / ms
        ah = 0.128 * np.exp((17 * mV - v + VT) / (18 * mV)) / ms
        bh = 4. / (1 + np.exp((40 * mV - v + VT) / (5 * mV))) / ms

        def expeuler(x, A, B):
            BA = B / A
            return -BA + (BA + x) * np.exp(A * dt)

        Av = -(gl + gna * m ** 3 * h + gkd * n ** 4) / C
        Bv = (gl * El + gna * m ** 3 * h * ENa + gkd * n ** 4 * EK + I) / C
        v, m, n, h = (expeuler(v, Av, Bv), expeuler(m, -(am + bm), am),
                      expeuler(n, -(an + bn), an), expeuler(h, -(ah + bh), ah))
        fired = np.nonzero((v > -40 * mV) & nr)[0]
        nr[fired] = False
        spikes += [(k, int(i)) for i in fired]
    mon = d['state_monitors']['mon_hh']
    ok = True
    for name in rec:
        ok &= close(name, rec[name], stack(mon['traces'][name], N))
    ok &= same_spikes('spikes', spikes, d['spike_monitors']['hh'])
    return ok


CHECKS = [('lif-replay', check_lif), ('hh-timedarray', check_hh), ('stdp-fixed', check_stdp),
          ('gap-junction', check_gap), ('rate-network', check_rate)]


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else 'tests/fixtures/brian2'
    all_ok = True
    for name, fn in CHECKS:
        with open(os.path.join(folder, name + '.json')) as f:
            d = json.load(f)
        print(name)
        all_ok &= bool(fn(d))
    print('ALL OK' if all_ok else 'SOME CHECKS FAILED')
    sys.exit(0 if all_ok else 1)


if __name__ == '__main__':
    main()
