// method: euler
// ---- sine_stateupdater (state-update) ----
"use strict";
return function sine_stateupdater(s_A, s_N, s_dt, s_f, s_t, s_tau, a_v, _rng) {
  s_N = +s_N; s_dt = +s_dt;
  let _inv0 = s_A * Math.sin(2 * 3.141592653589793 * s_f * s_t);
  let _inv1 = 1 / s_tau;
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    let l_v = a_v[_idx];
    let _v = l_v + s_dt * ((_inv0 - l_v) * _inv1);
    a_v[_idx] = _v;
  }
  return _count;
};
// ---- sine_thresholder (threshold) ----
"use strict";
return function sine_thresholder(s_N, a__spikes, a_v, _rng) {
  s_N = +s_N;
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    if (a_v[_idx] > 1) {
      a__spikes[_count++] = _idx;
    }
  }
  return _count;
};
// ---- sine_resetter (reset) ----
"use strict";
return function sine_resetter(s_count, a__events, a_v, _rng) {
  s_count = +s_count;
  let _count = 0;
  for (let _k = 0; _k < s_count; _k++) {
    const _idx = a__events[_k];
    a_v[_idx] = 0;
  }
  return _count;
};
