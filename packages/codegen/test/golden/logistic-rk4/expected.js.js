// method: rk4
// ---- logistic_stateupdater (state-update) ----
"use strict";
return function logistic_stateupdater(s_N, s_dt, s_tau, a_x, _rng) {
  s_N = +s_N; s_dt = +s_dt;
  let _inv0 = 1 / s_tau;
  let _inv1 = 1 / 2;
  let _inv2 = 1 / 6;
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    let l_x = a_x[_idx];
    let __k_1_x = s_dt * (l_x * (1 - l_x) * _inv0);
    let __k_2_x = s_dt * ((l_x + __k_1_x * _inv1) * (1 - (l_x + __k_1_x * _inv1)) * _inv0);
    let __k_3_x = s_dt * ((l_x + __k_2_x * _inv1) * (1 - (l_x + __k_2_x * _inv1)) * _inv0);
    let __k_4_x = s_dt * ((l_x + __k_3_x) * (1 - (l_x + __k_3_x)) * _inv0);
    let _x = l_x + (__k_1_x + 2 * __k_2_x + 2 * __k_3_x + __k_4_x) * _inv2;
    a_x[_idx] = _x;
  }
  return _count;
};
