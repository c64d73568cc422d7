// method: exact
// ---- linear2_stateupdater (state-update) ----
"use strict";
return function linear2_stateupdater(s_N, s__A_v_v, s__A_v_w, s__A_w_w, a_v, a_w, _rng) {
  s_N = +s_N; s__A_v_v = +s__A_v_v; s__A_v_w = +s__A_v_w; s__A_w_w = +s__A_w_w;
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    let l_w = a_w[_idx];
    let _v = s__A_v_v * a_v[_idx] + s__A_v_w * l_w;
    let _w = s__A_w_w * l_w;
    a_v[_idx] = _v;
    a_w[_idx] = _w;
  }
  return _count;
};
