// method: exact
// ---- neurons_stateupdater (state-update) ----
// gpujs kernel 'neurons_stateupdater' (state-update, loop 'range')
// host preamble (JS backend):
"use strict";
function _timestep(t, dt) { return Math.trunc((t + 1e-3 * dt) / dt); }
return function neurons_stateupdater_host_preamble(s_N, s__A_v_v, s__G_v_v, s_dt, s_t, s_tau, a___p__inv0, a___p__inv1, _rng) {
  let _inv0 = _timestep(0.003, s_dt);
  let _inv1 = 1 / s_tau;
  a___p__inv0[0] = _inv0;
  a___p__inv1[0] = _inv1;
  let _count = 0;
  return _count;
};
// device kernel: array 'not_refractory'
function (S_t, A_lastspike, S_dt, P_inv0, A_not_refractory, S_N) {
  const _idx = this.thread.x;
  let M_not_refractory = A_not_refractory[_idx];
  if (_idx < S_N) {
    M_not_refractory = ((nrt_timestep((S_t - A_lastspike[_idx]), S_dt) >= P_inv0) ? 1.0 : 0.0);
  }
  return M_not_refractory;
}
// device kernel: array 'v'
function (A_linked_I_in_index, S_t, A_lastspike, S_dt, P_inv0, S_A_v_v, S_G_v_v, A_linked_I_in, P_inv1, A_not_refractory, A_v, S_N) {
  const _idx = this.thread.x;
  let M_not_refractory = A_not_refractory[_idx];
  let M_v = A_v[_idx];
  if (_idx < S_N) {
    let L_linked_I_in_idx = A_linked_I_in_index[_idx];
    M_not_refractory = ((nrt_timestep((S_t - A_lastspike[_idx]), S_dt) >= P_inv0) ? 1.0 : 0.0);
    let L_v = ((M_not_refractory !== 0.0) ? ((S_A_v_v * M_v) + (S_G_v_v * (A_linked_I_in[L_linked_I_in_idx] * P_inv1))) : M_v);
    M_v = L_v;
  }
  return M_v;
}
// ---- neurons_thresholder (threshold) ----
// gpujs kernel 'neurons_thresholder' (threshold, loop 'range')
// device kernel: array 'lastspike'
function (A_v, S_t, A_lastspike, A_not_refractory, S_N) {
  const _idx = this.thread.x;
  let M_lastspike = A_lastspike[_idx];
  let M_not_refractory = A_not_refractory[_idx];
  if (_idx < S_N) {
    if (((A_v[_idx] > 1.0) && (M_not_refractory !== 0.0))) {
      M_lastspike = S_t;
    }
  }
  return M_lastspike;
}
// device kernel: array 'not_refractory'
function (A_v, A_not_refractory, S_N) {
  const _idx = this.thread.x;
  let M_not_refractory = A_not_refractory[_idx];
  if (_idx < S_N) {
    if (((A_v[_idx] > 1.0) && (M_not_refractory !== 0.0))) {
      M_not_refractory = 0.0;
    }
  }
  return M_not_refractory;
}
// device kernel: threshold flags (compacted into _spikes on the host)
function (A_v, A_not_refractory, S_N) {
  const _idx = this.thread.x;
  let M_not_refractory = A_not_refractory[_idx];
  let _emitted = 0.0;
  if (_idx < S_N) {
    if (((A_v[_idx] > 1.0) && (M_not_refractory !== 0.0))) {
      _emitted = 1.0;
    }
  }
  return _emitted;
}
// ---- neurons_resetter (reset) ----
// gpujs kernel 'neurons_resetter' (reset, loop 'events')
// device kernel: array 'v'
function (A_v, G_flag) {
  const _idx = this.thread.x;
  let M_v = A_v[_idx];
  if (G_flag[_idx] > 0.5) {
    M_v = 0.0;
  }
  return M_v;
}
// ---- neurons_up_thresholder (threshold) ----
// gpujs kernel 'neurons_up_thresholder' (threshold, loop 'range')
// device kernel: threshold flags (compacted into _spikes on the host)
function (A_linked_I_in_index, A_v, A_linked_I_in, S_N) {
  const _idx = this.thread.x;
  let _emitted = 0.0;
  if (_idx < S_N) {
    let L_linked_I_in_idx = A_linked_I_in_index[_idx];
    if ((A_v[_idx] > (0.7 * A_linked_I_in[L_linked_I_in_idx]))) {
      _emitted = 1.0;
    }
  }
  return _emitted;
}
