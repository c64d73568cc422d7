// method: exact
// ---- linear2_stateupdater (state-update) ----
// gpujs kernel 'linear2_stateupdater' (state-update, loop 'range')
// device kernel: array 'v'
function (S_A_v_v, S_A_v_w, A_v, A_w, S_N) {
  const _idx = this.thread.x;
  let M_v = A_v[_idx];
  let M_w = A_w[_idx];
  if (_idx < S_N) {
    let L_v = ((S_A_v_v * M_v) + (S_A_v_w * M_w));
    M_v = L_v;
  }
  return M_v;
}
// device kernel: array 'w'
function (S_A_w_w, A_w, S_N) {
  const _idx = this.thread.x;
  let M_w = A_w[_idx];
  if (_idx < S_N) {
    let L_w = (S_A_w_w * M_w);
    M_w = L_w;
  }
  return M_w;
}
