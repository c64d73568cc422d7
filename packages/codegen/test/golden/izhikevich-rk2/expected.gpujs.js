// method: rk2
// ---- izh_stateupdater (state-update) ----
// gpujs kernel 'izh_stateupdater' (state-update, loop 'range')
// host preamble (JS backend):
"use strict";
return function izh_stateupdater_host_preamble(s_N, s_a, s_b, s_dt, a___p__inv0, a___p__inv1, a___p__inv2, a___p__inv3, _rng) {
  let _inv0 = 0.04 / 0.001;
  let _inv1 = 140 * 0.001;
  let _inv2 = 1 / 0.001;
  let _inv3 = 1 / 2;
  a___p__inv0[0] = _inv0;
  a___p__inv1[0] = _inv1;
  a___p__inv2[0] = _inv2;
  a___p__inv3[0] = _inv3;
  let _count = 0;
  return _count;
};
// device kernel: array 'u'
function (S_dt, P_inv0, P_inv1, A_I, P_inv2, S_a, S_b, P_inv3, A_u, A_v, S_N) {
  const _idx = this.thread.x;
  let M_u = A_u[_idx];
  let M_v = A_v[_idx];
  if (_idx < S_N) {
    let L_k_v = (S_dt * ((((((P_inv0 * nrt_sq(M_v)) + (5.0 * M_v)) + P_inv1) - M_u) + A_I[_idx]) * P_inv2));
    let L_k_u = (S_dt * ((S_a * ((S_b * M_v) - M_u)) * P_inv2));
    let L_u = (M_u + (S_dt * ((S_a * ((S_b * (M_v + (L_k_v * P_inv3))) - (M_u + (L_k_u * P_inv3)))) * P_inv2)));
    M_u = L_u;
  }
  return M_u;
}
// device kernel: array 'v'
function (S_dt, P_inv0, P_inv1, A_I, P_inv2, S_a, S_b, P_inv3, A_u, A_v, S_N) {
  const _idx = this.thread.x;
  let M_u = A_u[_idx];
  let M_v = A_v[_idx];
  if (_idx < S_N) {
    let L_k_v = (S_dt * ((((((P_inv0 * nrt_sq(M_v)) + (5.0 * M_v)) + P_inv1) - M_u) + A_I[_idx]) * P_inv2));
    let L_k_u = (S_dt * ((S_a * ((S_b * M_v) - M_u)) * P_inv2));
    let L_v = (M_v + (S_dt * ((((((P_inv0 * nrt_sq((M_v + (L_k_v * P_inv3)))) + (5.0 * (M_v + (L_k_v * P_inv3)))) + P_inv1) - (M_u + (L_k_u * P_inv3))) + A_I[_idx]) * P_inv2)));
    M_v = L_v;
  }
  return M_v;
}
// ---- izh_thresholder (threshold) ----
// gpujs kernel 'izh_thresholder' (threshold, loop 'range')
// host preamble (JS backend):
"use strict";
return function izh_thresholder_host_preamble(s_N, a___p__inv0, _rng) {
  let _inv0 = 30 * 0.001;
  a___p__inv0[0] = _inv0;
  let _count = 0;
  return _count;
};
// device kernel: threshold flags (compacted into _spikes on the host)
function (A_v, P_inv0, S_N) {
  const _idx = this.thread.x;
  let _emitted = 0.0;
  if (_idx < S_N) {
    if ((A_v[_idx] >= P_inv0)) {
      _emitted = 1.0;
    }
  }
  return _emitted;
}
// ---- izh_resetter (reset) ----
// gpujs kernel 'izh_resetter' (reset, loop 'events')
// device kernel: array 'u'
function (S_d, A_u, G_flag) {
  const _idx = this.thread.x;
  let M_u = A_u[_idx];
  if (G_flag[_idx] > 0.5) {
    M_u = (M_u + S_d);
  }
  return M_u;
}
// device kernel: array 'v'
function (S_c, A_v, G_flag) {
  const _idx = this.thread.x;
  let M_v = A_v[_idx];
  if (G_flag[_idx] > 0.5) {
    M_v = S_c;
  }
  return M_v;
}
