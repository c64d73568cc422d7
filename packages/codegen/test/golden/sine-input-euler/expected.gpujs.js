// method: euler
// ---- sine_stateupdater (state-update) ----
// gpujs kernel 'sine_stateupdater' (state-update, loop 'range')
// host preamble (JS backend):
"use strict";
return function sine_stateupdater_host_preamble(s_A, s_N, s_dt, s_f, s_t, s_tau, a___p__inv0, a___p__inv1, _rng) {
  let _inv0 = s_A * Math.sin(2 * 3.141592653589793 * s_f * s_t);
  let _inv1 = 1 / s_tau;
  a___p__inv0[0] = _inv0;
  a___p__inv1[0] = _inv1;
  let _count = 0;
  return _count;
};
// device kernel: array 'v'
function (S_dt, P_inv0, P_inv1, A_v, S_N) {
  const _idx = this.thread.x;
  let M_v = A_v[_idx];
  if (_idx < S_N) {
    let L_v = (M_v + (S_dt * ((P_inv0 - M_v) * P_inv1)));
    M_v = L_v;
  }
  return M_v;
}
// ---- sine_thresholder (threshold) ----
// gpujs kernel 'sine_thresholder' (threshold, loop 'range')
// device kernel: threshold flags (compacted into _spikes on the host)
function (A_v, S_N) {
  const _idx = this.thread.x;
  let _emitted = 0.0;
  if (_idx < S_N) {
    if ((A_v[_idx] > 1.0)) {
      _emitted = 1.0;
    }
  }
  return _emitted;
}
// ---- sine_resetter (reset) ----
// gpujs kernel 'sine_resetter' (reset, loop 'events')
// device kernel: array 'v'
function (A_v, G_flag) {
  const _idx = this.thread.x;
  let M_v = A_v[_idx];
  if (G_flag[_idx] > 0.5) {
    M_v = 0.0;
  }
  return M_v;
}
