// method: rk2
// ---- izh_stateupdater (state-update) ----
"use strict";
return function izh_stateupdater(s_N, s_a, s_b, s_dt, a_I, a_u, a_v, _rng) {
  let _inv0 = 0.04 / 0.001;
  let _inv1 = 140 * 0.001;
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    let __k_v = s_dt * ((_inv0 * (a_v[_idx] * a_v[_idx]) + 5 * a_v[_idx] + _inv1 - a_u[_idx] + a_I[_idx]) / 0.001);
    let __k_u = s_dt * (s_a * (s_b * a_v[_idx] - a_u[_idx]) / 0.001);
    let _v = a_v[_idx] + s_dt * ((_inv0 * Math.pow(a_v[_idx] + __k_v / 2, 2) + 5 * (a_v[_idx] + __k_v / 2) + _inv1 - (a_u[_idx] + __k_u / 2) + a_I[_idx]) / 0.001);
    let _u = a_u[_idx] + s_dt * (s_a * (s_b * (a_v[_idx] + __k_v / 2) - (a_u[_idx] + __k_u / 2)) / 0.001);
    a_v[_idx] = _v;
    a_u[_idx] = _u;
  }
  return _count;
};
// ---- izh_thresholder (threshold) ----
"use strict";
return function izh_thresholder(s_N, a__spikes, a_v, _rng) {
  let _inv0 = 30 * 0.001;
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    if (a_v[_idx] >= _inv0) {
      a__spikes[_count++] = _idx;
    }
  }
  return _count;
};
// ---- izh_resetter (reset) ----
"use strict";
return function izh_resetter(s_c, s_count, s_d, a__events, a_u, a_v, _rng) {
  let _count = 0;
  for (let _k = 0; _k < s_count; _k++) {
    const _idx = a__events[_k];
    a_v[_idx] = s_c;
    a_u[_idx] += s_d;
  }
  return _count;
};
