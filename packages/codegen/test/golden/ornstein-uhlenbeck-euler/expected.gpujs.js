// method: euler
// ---- ou_stateupdater (state-update) ----
// gpujs kernel 'ou_stateupdater' (state-update, loop 'range')
// host preamble (JS backend):
"use strict";
return function ou_stateupdater_host_preamble(s_N, s_dt, s_sigma, s_tau, a___p__inv0, a___p__inv1, a___p__inv2, _rng) {
  let _inv0 = 1 / s_tau;
  let _inv1 = s_sigma * Math.pow(s_tau, -0.5);
  let _inv2 = Math.pow(s_dt, 0.5);
  a___p__inv0[0] = _inv0;
  a___p__inv1[0] = _inv1;
  a___p__inv2[0] = _inv2;
  let _count = 0;
  return _count;
};
// random draws per element, generated on the host in loop order: _rand0 (normal)
// device kernel: array 'v'
function (R_rand0, S_dt, P_inv0, P_inv1, P_inv2, A_v, S_N) {
  const _idx = this.thread.x;
  let M_v = A_v[_idx];
  if (_idx < S_N) {
    let L_rand0 = R_rand0[_idx];
    let L_xi = L_rand0;
    let L_v = ((M_v + (S_dt * ((-M_v) * P_inv0))) + (P_inv1 * (P_inv2 * L_xi)));
    M_v = L_v;
  }
  return M_v;
}
