// method: milstein
// ---- gbm_stateupdater (state-update) ----
"use strict";
return function gbm_stateupdater(s_N, s_dt, s_mu, s_s, a_x, _rng) {
  s_N = +s_N; s_dt = +s_dt; s_mu = +s_mu; s_s = +s_s;
  let _inv0 = Math.pow(s_dt, 0.5);
  let _inv1 = Math.pow(1, -0.5);
  let _inv2 = 1 / (2 * Math.pow(s_dt, 0.5));
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    let l_x = a_x[_idx];
    let _rand0 = _rng.normal(_idx);
    let _xi = _rand0;
    let __x_support_x_xi = l_x + s_dt * (s_mu * l_x) + _inv0 * (s_s * l_x * _inv1);
    let __g_support_x_xi = s_s * __x_support_x_xi * _inv1;
    let __k_x_xi = _inv2 * (__g_support_x_xi - s_s * l_x * _inv1) * Math.pow(_inv0 * _xi, 2);
    let _x = l_x + s_dt * (s_mu * l_x) + s_s * l_x * _inv1 * (_inv0 * _xi) + __k_x_xi;
    a_x[_idx] = _x;
  }
  return _count;
};
