// method: euler
// ---- bh_stateupdater (state-update) ----
// gpujs kernel 'bh_stateupdater' (state-update, loop 'range')
// host preamble (JS backend):
"use strict";
function _timestep(t, dt) { return Math.trunc((t + 1e-3 * dt) / dt); }
return function bh_stateupdater_host_preamble(s_N, s_dt, s_muext, s_sigmaext, s_t, s_tau, a___p__inv0, a___p__inv1, a___p__inv2, a___p__inv3, _rng) {
  let _inv0 = _timestep(0.002, s_dt);
  let _inv1 = 1 / s_tau;
  let _inv2 = s_sigmaext * Math.sqrt(s_tau) / s_tau;
  let _inv3 = Math.pow(s_dt, 0.5);
  a___p__inv0[0] = _inv0;
  a___p__inv1[0] = _inv1;
  a___p__inv2[0] = _inv2;
  a___p__inv3[0] = _inv3;
  let _count = 0;
  return _count;
};
// random draws per element, generated on the host in loop order: _rand0 (normal)
// device kernel: array 'V'
function (R_rand0, S_dt, S_muext, P_inv1, P_inv2, P_inv3, A_V, S_N) {
  const _idx = this.thread.x;
  let M_V = A_V[_idx];
  if (_idx < S_N) {
    let L_rand0 = R_rand0[_idx];
    let L_xi = L_rand0;
    let L_V = ((M_V + (S_dt * (((-M_V) + S_muext) * P_inv1))) + (P_inv2 * (P_inv3 * L_xi)));
    M_V = L_V;
  }
  return M_V;
}
// device kernel: array 'not_refractory'
function (S_t, A_lastspike, S_dt, P_inv0, A_not_refractory, S_N) {
  const _idx = this.thread.x;
  let M_not_refractory = A_not_refractory[_idx];
  if (_idx < S_N) {
    M_not_refractory = ((nrt_timestep((S_t - A_lastspike[_idx]), S_dt) >= P_inv0) ? 1.0 : 0.0);
  }
  return M_not_refractory;
}
// ---- bh_thresholder (threshold) ----
// gpujs kernel 'bh_thresholder' (threshold, loop 'range')
// device kernel: array 'lastspike'
function (A_V, S_theta, S_t, A_lastspike, A_not_refractory, S_N) {
  const _idx = this.thread.x;
  let M_lastspike = A_lastspike[_idx];
  let M_not_refractory = A_not_refractory[_idx];
  if (_idx < S_N) {
    if (((A_V[_idx] > S_theta) && (M_not_refractory !== 0.0))) {
      M_lastspike = S_t;
    }
  }
  return M_lastspike;
}
// device kernel: array 'not_refractory'
function (A_V, S_theta, A_not_refractory, S_N) {
  const _idx = this.thread.x;
  let M_not_refractory = A_not_refractory[_idx];
  if (_idx < S_N) {
    if (((A_V[_idx] > S_theta) && (M_not_refractory !== 0.0))) {
      M_not_refractory = 0.0;
    }
  }
  return M_not_refractory;
}
// device kernel: threshold flags (compacted into _spikes on the host)
function (A_V, S_theta, A_not_refractory, S_N) {
  const _idx = this.thread.x;
  let M_not_refractory = A_not_refractory[_idx];
  let _emitted = 0.0;
  if (_idx < S_N) {
    if (((A_V[_idx] > S_theta) && (M_not_refractory !== 0.0))) {
      _emitted = 1.0;
    }
  }
  return _emitted;
}
// ---- bh_resetter (reset) ----
// gpujs kernel 'bh_resetter' (reset, loop 'events')
// device kernel: array 'V'
function (S_Vr, A_V, G_flag) {
  const _idx = this.thread.x;
  let M_V = A_V[_idx];
  if (G_flag[_idx] > 0.5) {
    M_V = S_Vr;
  }
  return M_V;
}
