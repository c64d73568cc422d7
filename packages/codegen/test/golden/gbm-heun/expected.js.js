// method: heun
// ---- gbm_stateupdater (state-update) ----
"use strict";
return function gbm_stateupdater(s_N, s_dt, s_mu, s_s, a_x, _rng) {
  s_N = +s_N; s_dt = +s_dt; s_mu = +s_mu; s_s = +s_s;
  let _inv0 = Math.pow(1, -0.5);
  let _inv1 = Math.pow(s_dt, 0.5);
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    let l_x = a_x[_idx];
    let _rand0 = _rng.normal(_idx);
    let _xi = _rand0;
    let __x_support_x_xi = l_x + s_s * l_x * _inv0 * (_inv1 * _xi);
    let __g_support_x_xi = s_s * __x_support_x_xi * _inv0;
    let _x = l_x + s_dt * (s_mu * l_x) + 0.5 * (_inv1 * _xi) * (s_s * l_x * _inv0 + __g_support_x_xi);
    a_x[_idx] = _x;
  }
  return _count;
};
