// method: exact
// ---- neurons_stateupdater (state-update) ----
"use strict";
function _timestep(t, dt) { return Math.trunc((t + 1e-3 * dt) / dt); }
function _timestep_ge(t, dt, k) { const q = (t + 1e-3 * dt) / dt; return q >= k || Math.trunc(q) >= k; }
return function neurons_stateupdater(s_N, s__A_v_v, s__G_v_v, s_dt, s_t, s_tau, a__linked_I_in, a__linked_I_in_index, a_lastspike, a_not_refractory, a_v, _rng) {
  s_N = +s_N; s__A_v_v = +s__A_v_v; s__G_v_v = +s__G_v_v; s_dt = +s_dt; s_t = +s_t;
  let _inv0 = _timestep(0.003, s_dt);
  let _inv1 = 1 / s_tau;
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    let l_v = a_v[_idx];
    let _linked_I_in_idx = a__linked_I_in_index[_idx];
    let l_not_refractory = _timestep_ge(s_t - a_lastspike[_idx], s_dt, _inv0) ? 1 : 0;
    a_not_refractory[_idx] = l_not_refractory;
    let _v = l_not_refractory ? s__A_v_v * l_v + s__G_v_v * (a__linked_I_in[_linked_I_in_idx] * _inv1) : l_v;
    a_v[_idx] = _v;
  }
  return _count;
};
// ---- neurons_thresholder (threshold) ----
"use strict";
return function neurons_thresholder(s_N, s_t, a__spikes, a_lastspike, a_not_refractory, a_v, _rng) {
  s_N = +s_N; s_t = +s_t;
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    if (a_v[_idx] > 1 && a_not_refractory[_idx]) {
      a__spikes[_count++] = _idx;
      a_not_refractory[_idx] = 0;
      a_lastspike[_idx] = s_t;
    }
  }
  return _count;
};
// ---- neurons_resetter (reset) ----
"use strict";
return function neurons_resetter(s_count, a__events, a_v, _rng) {
  s_count = +s_count;
  let _count = 0;
  for (let _k = 0; _k < s_count; _k++) {
    const _idx = a__events[_k];
    a_v[_idx] = 0;
  }
  return _count;
};
// ---- neurons_up_thresholder (threshold) ----
"use strict";
return function neurons_up_thresholder(s_N, a__linked_I_in, a__linked_I_in_index, a__spikes, a_v, _rng) {
  s_N = +s_N;
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    let _linked_I_in_idx = a__linked_I_in_index[_idx];
    if (a_v[_idx] > 0.7 * a__linked_I_in[_linked_I_in_idx]) {
      a__spikes[_count++] = _idx;
    }
  }
  return _count;
};
