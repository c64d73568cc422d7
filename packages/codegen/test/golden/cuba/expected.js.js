// method: exact
// ---- cuba_stateupdater (state-update) ----
"use strict";
function _timestep(t, dt) { return Math.trunc((t + 1e-3 * dt) / dt); }
return function cuba_stateupdater(s_El, s_N, s__A_ge_ge, s__A_gi_gi, s__A_v_ge, s__A_v_gi, s__A_v_v, s__G_v_v, s_dt, s_t, s_taum, a_ge, a_gi, a_lastspike, a_not_refractory, a_v, _rng) {
  let _inv0 = _timestep(0.005, s_dt);
  let _inv1 = s__G_v_v * (s_El / s_taum);
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    a_not_refractory[_idx] = _timestep(s_t - a_lastspike[_idx], s_dt) >= _inv0 ? 1 : 0;
    let _v = a_not_refractory[_idx] ? s__A_v_v * a_v[_idx] + s__A_v_ge * a_ge[_idx] + s__A_v_gi * a_gi[_idx] + _inv1 : a_v[_idx];
    let _ge = s__A_ge_ge * a_ge[_idx];
    let _gi = s__A_gi_gi * a_gi[_idx];
    a_v[_idx] = _v;
    a_ge[_idx] = _ge;
    a_gi[_idx] = _gi;
  }
  return _count;
};
// ---- cuba_thresholder (threshold) ----
"use strict";
return function cuba_thresholder(s_N, s_Vt, s_t, a__spikes, a_lastspike, a_not_refractory, a_v, _rng) {
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
  let _count = 0;
  for (let _k = 0; _k < s_count; _k++) {
    const _idx = a__events[_k];
    a_v[_idx] = s_Vr;
  }
  return _count;
};
