// method: euler
// ---- ou_stateupdater (state-update) ----
"use strict";
return function ou_stateupdater(s_N, s_dt, s_sigma, s_tau, a_v, _rng) {
  s_N = +s_N; s_dt = +s_dt;
  let _inv0 = 1 / s_tau;
  let _inv1 = s_sigma * Math.pow(s_tau, -0.5);
  let _inv2 = Math.pow(s_dt, 0.5);
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    let l_v = a_v[_idx];
    let _rand0 = _rng.normal(_idx);
    let _xi = _rand0;
    let _v = l_v + s_dt * (-l_v * _inv0) + _inv1 * (_inv2 * _xi);
    a_v[_idx] = _v;
  }
  return _count;
};
