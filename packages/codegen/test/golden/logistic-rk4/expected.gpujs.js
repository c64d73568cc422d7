// method: rk4
// ---- logistic_stateupdater (state-update) ----
// gpujs kernel 'logistic_stateupdater' (state-update, loop 'range')
// device kernel: array 'x'
function (S_dt, S_tau, A_x, S_N) {
  const _idx = this.thread.x;
  let M_x = A_x[_idx];
  if (_idx < S_N) {
    let L_k_1_x = (S_dt * ((M_x * (1.0 - M_x)) / S_tau));
    let L_k_2_x = (S_dt * (((M_x + (L_k_1_x / 2.0)) * (1.0 - (M_x + (L_k_1_x / 2.0)))) / S_tau));
    let L_k_3_x = (S_dt * (((M_x + (L_k_2_x / 2.0)) * (1.0 - (M_x + (L_k_2_x / 2.0)))) / S_tau));
    let L_k_4_x = (S_dt * (((M_x + L_k_3_x) * (1.0 - (M_x + L_k_3_x))) / S_tau));
    let L_x = (M_x + ((((L_k_1_x + (2.0 * L_k_2_x)) + (2.0 * L_k_3_x)) + L_k_4_x) / 6.0));
    M_x = L_x;
  }
  return M_x;
}
