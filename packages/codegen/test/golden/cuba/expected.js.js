// method: exact
// ---- cuba_stateupdater (state-update) ----
"use strict";
function _timestep(t, dt) { return Math.trunc((t + 1e-3 * dt) / dt); }
function _timestep_ge(t, dt, k) { const q = (t + 1e-3 * dt) / dt; return q >= k || Math.trunc(q) >= k; }
return function cuba_stateupdater(s_El, s_N, s__A_ge_ge, s__A_gi_gi, s__A_v_ge, s__A_v_gi, s__A_v_v, s__G_v_v, s_dt, s_t, s_taum, a_ge, a_gi, a_lastspike, a_not_refractory, a_v, _rng) {
  s_N = +s_N; s__A_ge_ge = +s__A_ge_ge; s__A_gi_gi = +s__A_gi_gi; s__A_v_ge = +s__A_v_ge; s__A_v_gi = +s__A_v_gi; s__A_v_v = +s__A_v_v; s_dt = +s_dt; s_t = +s_t;
  let _inv0 = _timestep(0.005, s_dt);
  let _inv1 = s__G_v_v * (s_El / s_taum);
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    let l_v = a_v[_idx];
    let l_ge = a_ge[_idx];
    let l_gi = a_gi[_idx];
    let l_not_refractory = _timestep_ge(s_t - a_lastspike[_idx], s_dt, _inv0) ? 1 : 0;
    a_not_refractory[_idx] = l_not_refractory;
    let _v = l_not_refractory ? s__A_v_v * l_v + s__A_v_ge * l_ge + s__A_v_gi * l_gi + _inv1 : l_v;
    let _ge = s__A_ge_ge * l_ge;
    let _gi = s__A_gi_gi * l_gi;
    a_v[_idx] = _v;
    a_ge[_idx] = _ge;
    a_gi[_idx] = _gi;
  }
  return _count;
};
// ---- cuba_thresholder (threshold) ----
"use strict";
return function cuba_thresholder(s_N, s_Vt, s_t, a__spikes, a_lastspike, a_not_refractory, a_v, _rng) {
  s_N = +s_N; s_Vt = +s_Vt; s_t = +s_t;
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    if (a_v[_idx] > s_Vt && a_not_refractory[_idx]) {
      a__spikes[_count++] = _idx;
      a_not_refractory[_idx] = 0;
      a_lastspike[_idx] = s_t;
    }
  }
  return _count;
};
// ---- cuba_resetter (reset) ----
"use strict";
return function cuba_resetter(s_Vr, s_count, a__events, a_v, _rng) {
  s_Vr = +s_Vr; s_count = +s_count;
  let _count = 0;
  for (let _k = 0; _k < s_count; _k++) {
    const _idx = a__events[_k];
    a_v[_idx] = s_Vr;
  }
  return _count;
};
