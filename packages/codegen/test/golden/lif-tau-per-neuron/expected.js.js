// method: exact
// ---- lif_stateupdater (state-update) ----
"use strict";
return function lif_stateupdater(s_N, s_dt, a_tau, a_v, _rng) {
  s_N = +s_N; s_dt = +s_dt;
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    let _v = a_v[_idx] * Math.exp(-s_dt / a_tau[_idx]);
    a_v[_idx] = _v;
  }
  return _count;
};
// ---- lif_thresholder (threshold) ----
"use strict";
return function lif_thresholder(s_N, a__spikes, a_v, _rng) {
  s_N = +s_N;
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    if (a_v[_idx] > 1) {
      a__spikes[_count++] = _idx;
    }
  }
  return _count;
};
// ---- lif_resetter (reset) ----
"use strict";
return function lif_resetter(s_count, a__events, a_v, _rng) {
  s_count = +s_count;
  let _count = 0;
  for (let _k = 0; _k < s_count; _k++) {
    const _idx = a__events[_k];
    a_v[_idx] = 0;
  }
  return _count;
};
