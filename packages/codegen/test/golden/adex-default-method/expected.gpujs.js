// method: euler
// ---- adex_stateupdater (state-update) ----
// gpujs kernel 'adex_stateupdater' (state-update, loop 'range')
// host preamble (JS backend):
"use strict";
return function adex_stateupdater_host_preamble(s_C, s_DeltaT, s_EL, s_N, s_VT, s_a, s_dt, s_gL, s_tauw, a___p__inv0, _rng) {
  let _inv0 = s_gL * s_DeltaT;
  a___p__inv0[0] = _inv0;
  let _count = 0;
  return _count;
};
// device kernel: array 'vm'
function (S_dt, S_gL, S_EL, P_inv0, S_VT, S_DeltaT, A_I, S_C, A_vm, A_w, S_N) {
  const _idx = this.thread.x;
  let M_vm = A_vm[_idx];
  let M_w = A_w[_idx];
  if (_idx < S_N) {
    let L_vm = (M_vm + (S_dt * (((((S_gL * (S_EL - M_vm)) + (P_inv0 * Math.exp(((M_vm - S_VT) / S_DeltaT)))) + A_I[_idx]) - M_w) / S_C)));
    M_vm = L_vm;
  }
  return M_vm;
}
// device kernel: array 'w'
function (S_dt, S_a, S_EL, S_tauw, A_vm, A_w, S_N) {
  const _idx = this.thread.x;
  let M_vm = A_vm[_idx];
  let M_w = A_w[_idx];
  if (_idx < S_N) {
    let L_w = (M_w + (S_dt * (((S_a * (M_vm - S_EL)) - M_w) / S_tauw)));
    M_w = L_w;
  }
  return M_w;
}
// ---- adex_thresholder (threshold) ----
// gpujs kernel 'adex_thresholder' (threshold, loop 'range')
// host preamble (JS backend):
"use strict";
return function adex_thresholder_host_preamble(s_N, a___p__inv0, _rng) {
  let _inv0 = -40 * 0.001;
  a___p__inv0[0] = _inv0;
  let _count = 0;
  return _count;
};
// device kernel: threshold flags (compacted into _spikes on the host)
function (A_vm, P_inv0, S_N) {
  const _idx = this.thread.x;
  let _emitted = 0.0;
  if (_idx < S_N) {
    if ((A_vm[_idx] > P_inv0)) {
      _emitted = 1.0;
    }
  }
  return _emitted;
}
// ---- adex_resetter (reset) ----
// gpujs kernel 'adex_resetter' (reset, loop 'events')
// device kernel: array 'vm'
function (S_Vr, A_vm, G_flag) {
  const _idx = this.thread.x;
  let M_vm = A_vm[_idx];
  if (G_flag[_idx] > 0.5) {
    M_vm = S_Vr;
  }
  return M_vm;
}
// device kernel: array 'w'
function (S_b, A_w, G_flag) {
  const _idx = this.thread.x;
  let M_w = A_w[_idx];
  if (G_flag[_idx] > 0.5) {
    M_w = (M_w + S_b);
  }
  return M_w;
}
