// method: exact
// ---- ta_stateupdater (state-update) ----
"use strict";
return function ta_stateupdater(s_N, s__A_v_v, s__G_v_v, s_t, s_tau, a_v, f_I_recorded, _rng) {
  s_N = +s_N; s__A_v_v = +s__A_v_v; s__G_v_v = +s__G_v_v; s_t = +s_t;
  let _inv0 = 1 / s_tau;
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    let _v = s__A_v_v * a_v[_idx] + s__G_v_v * (f_I_recorded(s_t) * _inv0);
    a_v[_idx] = _v;
  }
  return _count;
};
// ---- ta_thresholder (threshold) ----
"use strict";
return function ta_thresholder(s_N, a__spikes, a_v, _rng) {
  s_N = +s_N;
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    if (a_v[_idx] > 1) {
      a__spikes[_count++] = _idx;
    }
  }
  return _count;
};
// ---- ta_resetter (reset) ----
"use strict";
return function ta_resetter(s_count, a__events, a_v, _rng) {
  s_count = +s_count;
  let _count = 0;
  for (let _k = 0; _k < s_count; _k++) {
    const _idx = a__events[_k];
    a_v[_idx] = 0;
  }
  return _count;
};
