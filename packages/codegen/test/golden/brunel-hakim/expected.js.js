// method: euler
// ---- bh_stateupdater (state-update) ----
"use strict";
function _timestep(t, dt) { return Math.trunc((t + 1e-3 * dt) / dt); }
function _timestep_ge(t, dt, k) { const q = (t + 1e-3 * dt) / dt; return q >= k || Math.trunc(q) >= k; }
return function bh_stateupdater(s_N, s_dt, s_muext, s_sigmaext, s_t, s_tau, a_V, a_lastspike, a_not_refractory, _rng) {
  s_N = +s_N; s_dt = +s_dt; s_muext = +s_muext; s_t = +s_t;
  let _inv0 = _timestep(0.002, s_dt);
  let _inv1 = 1 / s_tau;
  let _inv2 = s_sigmaext * Math.sqrt(s_tau) / s_tau;
  let _inv3 = Math.pow(s_dt, 0.5);
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    let l_V = a_V[_idx];
    let _rand0 = _rng.normal(_idx);
    a_not_refractory[_idx] = _timestep_ge(s_t - a_lastspike[_idx], s_dt, _inv0) ? 1 : 0;
    let _xi = _rand0;
    let _V = l_V + s_dt * ((-l_V + s_muext) * _inv1) + _inv2 * (_inv3 * _xi);
    a_V[_idx] = _V;
  }
  return _count;
};
// ---- bh_thresholder (threshold) ----
"use strict";
return function bh_thresholder(s_N, s_t, s_theta, a_V, a__spikes, a_lastspike, a_not_refractory, _rng) {
  s_N = +s_N; s_t = +s_t; s_theta = +s_theta;
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    if (a_V[_idx] > s_theta && a_not_refractory[_idx]) {
      a__spikes[_count++] = _idx;
      a_not_refractory[_idx] = 0;
      a_lastspike[_idx] = s_t;
    }
  }
  return _count;
};
// ---- bh_resetter (reset) ----
"use strict";
return function bh_resetter(s_Vr, s_count, a_V, a__events, _rng) {
  s_Vr = +s_Vr; s_count = +s_count;
  let _count = 0;
  for (let _k = 0; _k < s_count; _k++) {
    const _idx = a__events[_k];
    a_V[_idx] = s_Vr;
  }
  return _count;
};
