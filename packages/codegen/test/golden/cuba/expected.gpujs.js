// method: exact
// ---- cuba_stateupdater (state-update) ----
// gpujs kernel 'cuba_stateupdater' (state-update, loop 'range')
// host preamble (JS backend):
"use strict";
function _timestep(t, dt) { return Math.trunc((t + 1e-3 * dt) / dt); }
return function cuba_stateupdater_host_preamble(s_El, s_N, s__A_ge_ge, s__A_gi_gi, s__A_v_ge, s__A_v_gi, s__A_v_v, s__G_v_v, s_dt, s_t, s_taum, a___p__inv0, a___p__inv1, _rng) {
  let _inv0 = _timestep(0.005, s_dt);
  let _inv1 = s__G_v_v * (s_El / s_taum);
  a___p__inv0[0] = _inv0;
  a___p__inv1[0] = _inv1;
  let _count = 0;
  return _count;
};
// device kernel: array 'ge'
function (S_A_ge_ge, A_ge, S_N) {
  const _idx = this.thread.x;
  let M_ge = A_ge[_idx];
  if (_idx < S_N) {
    let L_ge = (S_A_ge_ge * M_ge);
    M_ge = L_ge;
  }
  return M_ge;
}
// device kernel: array 'gi'
function (S_A_gi_gi, A_gi, S_N) {
  const _idx = this.thread.x;
  let M_gi = A_gi[_idx];
  if (_idx < S_N) {
    let L_gi = (S_A_gi_gi * M_gi);
    M_gi = L_gi;
  }
  return M_gi;
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
// device kernel: array 'v'
function (S_t, A_lastspike, S_dt, P_inv0, S_A_v_v, S_A_v_ge, S_A_v_gi, P_inv1, A_ge, A_gi, A_not_refractory, A_v, S_N) {
  const _idx = this.thread.x;
  let M_ge = A_ge[_idx];
  let M_gi = A_gi[_idx];
  let M_not_refractory = A_not_refractory[_idx];
  let M_v = A_v[_idx];
  if (_idx < S_N) {
    M_not_refractory = ((nrt_timestep((S_t - A_lastspike[_idx]), S_dt) >= P_inv0) ? 1.0 : 0.0);
    let L_v = ((M_not_refractory !== 0.0) ? ((((S_A_v_v * M_v) + (S_A_v_ge * M_ge)) + (S_A_v_gi * M_gi)) + P_inv1) : M_v);
    M_v = L_v;
  }
  return M_v;
}
// ---- cuba_thresholder (threshold) ----
// gpujs kernel 'cuba_thresholder' (threshold, loop 'range')
// device kernel: array 'lastspike'
function (A_v, S_Vt, S_t, A_lastspike, A_not_refractory, S_N) {
  const _idx = this.thread.x;
  let M_lastspike = A_lastspike[_idx];
  let M_not_refractory = A_not_refractory[_idx];
  if (_idx < S_N) {
    if (((A_v[_idx] > S_Vt) && (M_not_refractory !== 0.0))) {
      M_lastspike = S_t;
    }
  }
  return M_lastspike;
}
// device kernel: array 'not_refractory'
function (A_v, S_Vt, A_not_refractory, S_N) {
  const _idx = this.thread.x;
  let M_not_refractory = A_not_refractory[_idx];
  if (_idx < S_N) {
    if (((A_v[_idx] > S_Vt) && (M_not_refractory !== 0.0))) {
      M_not_refractory = 0.0;
    }
  }
  return M_not_refractory;
}
// device kernel: threshold flags (compacted into _spikes on the host)
function (A_v, S_Vt, A_not_refractory, S_N) {
  const _idx = this.thread.x;
  let M_not_refractory = A_not_refractory[_idx];
  let _emitted = 0.0;
  if (_idx < S_N) {
    if (((A_v[_idx] > S_Vt) && (M_not_refractory !== 0.0))) {
      _emitted = 1.0;
    }
  }
  return _emitted;
}
// ---- cuba_resetter (reset) ----
// gpujs kernel 'cuba_resetter' (reset, loop 'events')
// device kernel: array 'v'
function (S_Vr, A_v, G_flag) {
  const _idx = this.thread.x;
  let M_v = A_v[_idx];
  if (G_flag[_idx] > 0.5) {
    M_v = S_Vr;
  }
  return M_v;
}
