// method: milstein
// ---- gbm_stateupdater (state-update) ----
// gpujs kernel 'gbm_stateupdater' (state-update, loop 'range')
// host preamble (JS backend):
"use strict";
return function gbm_stateupdater_host_preamble(s_N, s_dt, s_mu, s_s, a___p__inv0, a___p__inv1, a___p__inv2, _rng) {
  let _inv0 = Math.pow(s_dt, 0.5);
  let _inv1 = Math.pow(1, -0.5);
  let _inv2 = 1 / (2 * Math.pow(s_dt, 0.5));
  a___p__inv0[0] = _inv0;
  a___p__inv1[0] = _inv1;
  a___p__inv2[0] = _inv2;
  let _count = 0;
  return _count;
};
// random draws per element, generated on the host in loop order: _rand0 (normal)
// device kernel: array 'x'
function (R_rand0, S_dt, S_mu, P_inv0, S_s, P_inv1, P_inv2, A_x, S_N) {
  const _idx = this.thread.x;
  let M_x = A_x[_idx];
  if (_idx < S_N) {
    let L_rand0 = R_rand0[_idx];
    let L_xi = L_rand0;
    let L_x_support_x_xi = ((M_x + (S_dt * (S_mu * M_x))) + (P_inv0 * ((S_s * M_x) * P_inv1)));
    let L_g_support_x_xi = ((S_s * L_x_support_x_xi) * P_inv1);
    let L_k_x_xi = ((P_inv2 * (L_g_support_x_xi - ((S_s * M_x) * P_inv1))) * nrt_sq((P_inv0 * L_xi)));
    let L_x = (((M_x + (S_dt * (S_mu * M_x))) + (((S_s * M_x) * P_inv1) * (P_inv0 * L_xi))) + L_k_x_xi);
    M_x = L_x;
  }
  return M_x;
}
