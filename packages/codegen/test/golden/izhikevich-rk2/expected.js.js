// method: rk2
// ---- izh_stateupdater (state-update) ----
"use strict";
return function izh_stateupdater(s_N, s_a, s_b, s_dt, a_I, a_u, a_v, _rng) {
  s_N = +s_N; s_a = +s_a; s_b = +s_b; s_dt = +s_dt;
  let _inv0 = 0.04 / 0.001;
  let _inv1 = 140 * 0.001;
  let _inv2 = 1 / 0.001;
  let _inv3 = 1 / 2;
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    let l_v = a_v[_idx];
    let l_u = a_u[_idx];
    let l_I = a_I[_idx];
    let __k_v = s_dt * ((_inv0 * (l_v * l_v) + 5 * l_v + _inv1 - l_u + l_I) * _inv2);
    let __k_u = s_dt * (s_a * (s_b * l_v - l_u) * _inv2);
    let _v = l_v + s_dt * ((_inv0 * Math.pow(l_v + __k_v * _inv3, 2) + 5 * (l_v + __k_v * _inv3) + _inv1 - (l_u + __k_u * _inv3) + l_I) * _inv2);
    let _u = l_u + s_dt * (s_a * (s_b * (l_v + __k_v * _inv3) - (l_u + __k_u * _inv3)) * _inv2);
    a_v[_idx] = _v;
    a_u[_idx] = _u;
  }
  return _count;
};
// ---- izh_thresholder (threshold) ----
"use strict";
return function izh_thresholder(s_N, a__spikes, a_v, _rng) {
  s_N = +s_N;
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
  s_c = +s_c; s_count = +s_count; s_d = +s_d;
  let _count = 0;
  for (let _k = 0; _k < s_count; _k++) {
    const _idx = a__events[_k];
    a_v[_idx] = s_c;
    a_u[_idx] += s_d;
  }
  return _count;
};
