// method: euler
// ---- adex_stateupdater (state-update) ----
// gpujs kernel 'adex_stateupdater' (state-update, loop 'range')
// host preamble (JS backend):
"use strict";
return function adex_stateupdater_host_preamble(s_C, s_DeltaT, s_EL, s_N, s_VT, s_a, s_dt, s_gL, s_tauw, a___p__inv0, a___p__inv1, a___p__inv2, a___p__inv3, _rng) {
  let _inv0 = s_gL * s_DeltaT;
  let _inv1 = 1 / s_DeltaT;
  let _inv2 = 1 / s_C;
  let _inv3 = 1 / s_tauw;
  a___p__inv0[0] = _inv0;
  a___p__inv1[0] = _inv1;
  a___p__inv2[0] = _inv2;
  a___p__inv3[0] = _inv3;
  let _count = 0;
  return _count;
};
// device kernel: array 'vm'
function (S_dt, S_gL, S_EL, P_inv0, S_VT, P_inv1, A_I, P_inv2, A_vm, A_w, S_N) {
  const _idx = this.thread.x;
  let M_vm = A_vm[_idx];
  let M_w = A_w[_idx];
  if (_idx < S_N) {
    let L_vm = (M_vm + (S_dt * (((((S_gL * (S_EL - M_vm)) + (P_inv0 * Math.exp(((M_vm - S_VT) * P_inv1)))) + A_I[_idx]) - M_w) * P_inv2)));
    M_vm = L_vm;
  }
  return M_vm;
}
// device kernel: array 'w'
function (S_dt, S_a, S_EL, P_inv3, A_vm, A_w, S_N) {
  const _idx = this.thread.x;
  let M_vm = A_vm[_idx];
  let M_w = A_w[_idx];
  if (_idx < S_N) {
    let L_w = (M_w + (S_dt * (((S_a * (M_vm - S_EL)) - M_w) * P_inv3)));
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
