// method: rk4
// ---- logistic_stateupdater (state-update) ----
// gpujs kernel 'logistic_stateupdater' (state-update, loop 'range')
// host preamble (JS backend):
"use strict";
return function logistic_stateupdater_host_preamble(s_N, s_dt, s_tau, a___p__inv0, a___p__inv1, a___p__inv2, _rng) {
  let _inv0 = 1 / s_tau;
  let _inv1 = 1 / 2;
  let _inv2 = 1 / 6;
  a___p__inv0[0] = _inv0;
  a___p__inv1[0] = _inv1;
  a___p__inv2[0] = _inv2;
  let _count = 0;
  return _count;
};
// device kernel: array 'x'
function (S_dt, P_inv0, P_inv1, P_inv2, A_x, S_N) {
  const _idx = this.thread.x;
  let M_x = A_x[_idx];
  if (_idx < S_N) {
    let L_k_1_x = (S_dt * ((M_x * (1.0 - M_x)) * P_inv0));
    let L_k_2_x = (S_dt * (((M_x + (L_k_1_x * P_inv1)) * (1.0 - (M_x + (L_k_1_x * P_inv1)))) * P_inv0));
    let L_k_3_x = (S_dt * (((M_x + (L_k_2_x * P_inv1)) * (1.0 - (M_x + (L_k_2_x * P_inv1)))) * P_inv0));
    let L_k_4_x = (S_dt * (((M_x + L_k_3_x) * (1.0 - (M_x + L_k_3_x))) * P_inv0));
    let L_x = (M_x + ((((L_k_1_x + (2.0 * L_k_2_x)) + (2.0 * L_k_3_x)) + L_k_4_x) * P_inv2));
    M_x = L_x;
  }
  return M_x;
}
