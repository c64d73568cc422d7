// method: exact
// ---- lif_stateupdater (state-update) ----
// gpujs kernel 'lif_stateupdater' (state-update, loop 'range')
// device kernel: array 'v'
function (S_dt, A_tau, A_v, S_N) {
  const _idx = this.thread.x;
  let M_v = A_v[_idx];
  if (_idx < S_N) {
    let L_v = (M_v * Math.exp(((-S_dt) / A_tau[_idx])));
    M_v = L_v;
  }
  return M_v;
}
// ---- lif_thresholder (threshold) ----
// gpujs kernel 'lif_thresholder' (threshold, loop 'range')
// device kernel: threshold flags (compacted into _spikes on the host)
function (A_v, S_N) {
  const _idx = this.thread.x;
  let _emitted = 0.0;
  if (_idx < S_N) {
    if ((A_v[_idx] > 1.0)) {
      _emitted = 1.0;
    }
  }
  return _emitted;
}
// ---- lif_resetter (reset) ----
// gpujs kernel 'lif_resetter' (reset, loop 'events')
// device kernel: array 'v'
function (A_v, G_flag) {
  const _idx = this.thread.x;
  let M_v = A_v[_idx];
  if (G_flag[_idx] > 0.5) {
    M_v = 0.0;
  }
  return M_v;
}
