// method: exponential_euler
// ---- hh_stateupdater (state-update) ----
// gpujs kernel 'hh_stateupdater' (state-update, loop 'range')
// host preamble (JS backend):
"use strict";
return function hh_stateupdater_host_preamble(s_EK, s_ENa, s_El, s_N, s_VT, s_dt, s_g_kd, s_g_na, s_gl, a___p__inv0, a___p__inv1, a___p__inv10, a___p__inv11, a___p__inv12, a___p__inv13, a___p__inv14, a___p__inv2, a___p__inv3, a___p__inv4, a___p__inv5, a___p__inv6, a___p__inv7, a___p__inv8, a___p__inv9, _rng) {
  let _inv0 = -40 * 0.001;
  let _inv1 = 0.32 * Math.pow(0.001, -1);
  let _inv2 = 13 * 0.001;
  let _inv3 = 1 / (4 * 0.001);
  let _inv4 = 1 / 0.001;
  let _inv5 = 0.28 * Math.pow(0.001, -1);
  let _inv6 = 40 * 0.001;
  let _inv7 = 1 / (5 * 0.001);
  let _inv8 = 0.032 * Math.pow(0.001, -1);
  let _inv9 = 15 * 0.001;
  let _inv10 = 10 * 0.001;
  let _inv11 = 1 / (40 * 0.001);
  let _inv12 = 17 * 0.001;
  let _inv13 = 1 / (18 * 0.001);
  let _inv14 = s_El * s_gl;
  a___p__inv0[0] = _inv0;
  a___p__inv1[0] = _inv1;
  a___p__inv10[0] = _inv10;
  a___p__inv11[0] = _inv11;
  a___p__inv12[0] = _inv12;
  a___p__inv13[0] = _inv13;
  a___p__inv14[0] = _inv14;
  a___p__inv2[0] = _inv2;
  a___p__inv3[0] = _inv3;
  a___p__inv4[0] = _inv4;
  a___p__inv5[0] = _inv5;
  a___p__inv6[0] = _inv6;
  a___p__inv7[0] = _inv7;
  a___p__inv8[0] = _inv8;
  a___p__inv9[0] = _inv9;
  let _count = 0;
  return _count;
};
// device kernel: array 'h'
function (P_inv12, S_VT, P_inv13, P_inv4, P_inv6, P_inv7, S_dt, A_h, A_v, S_N) {
  const _idx = this.thread.x;
  let M_h = A_h[_idx];
  let M_v = A_v[_idx];
  if (_idx < S_N) {
    let L_cse2 = Math.exp((((P_inv12 - M_v) + S_VT) * P_inv13));
    let L_A_h = ((-((0.128 * L_cse2) * P_inv4)) - ((4.0 / (1.0 + Math.exp((((P_inv6 - M_v) + S_VT) * P_inv7)))) * P_inv4));
    let L_h = ((M_h * Math.exp((L_A_h * S_dt))) + ((((0.128 * L_cse2) * P_inv4) * S_dt) * nrt_exprel((L_A_h * S_dt))));
    M_h = L_h;
  }
  return M_h;
}
// device kernel: array 'm'
function (P_inv2, S_VT, P_inv3, P_inv1, P_inv4, P_inv5, P_inv6, P_inv7, S_dt, A_m, A_v, S_N) {
  const _idx = this.thread.x;
  let M_m = A_m[_idx];
  let M_v = A_v[_idx];
  if (_idx < S_N) {
    let L_cse0 = Math.exp((((P_inv2 - M_v) + S_VT) * P_inv3));
    let L_A_m = ((-(((P_inv1 * ((P_inv2 - M_v) + S_VT)) / (L_cse0 - 1.0)) * P_inv4)) - (((P_inv5 * ((M_v - S_VT) - P_inv6)) / (Math.exp((((M_v - S_VT) - P_inv6) * P_inv7)) - 1.0)) * P_inv4));
    let L_m = ((M_m * Math.exp((L_A_m * S_dt))) + (((((P_inv1 * ((P_inv2 - M_v) + S_VT)) / (L_cse0 - 1.0)) * P_inv4) * S_dt) * nrt_exprel((L_A_m * S_dt))));
    M_m = L_m;
  }
  return M_m;
}
// device kernel: array 'n'
function (P_inv9, S_VT, P_inv7, P_inv8, P_inv4, P_inv10, P_inv11, S_dt, A_n, A_v, S_N) {
  const _idx = this.thread.x;
  let M_n = A_n[_idx];
  let M_v = A_v[_idx];
  if (_idx < S_N) {
    let L_cse1 = Math.exp((((P_inv9 - M_v) + S_VT) * P_inv7));
    let L_A_n = ((-(((P_inv8 * ((P_inv9 - M_v) + S_VT)) / (L_cse1 - 1.0)) * P_inv4)) - ((0.5 * Math.exp((((P_inv10 - M_v) + S_VT) * P_inv11))) * P_inv4));
    let L_n = ((M_n * Math.exp((L_A_n * S_dt))) + (((((P_inv8 * ((P_inv9 - M_v) + S_VT)) / (L_cse1 - 1.0)) * P_inv4) * S_dt) * nrt_exprel((L_A_n * S_dt))));
    M_n = L_n;
  }
  return M_n;
}
// device kernel: array 'not_refractory'
function (P_inv0, A_not_refractory, A_v, S_N) {
  const _idx = this.thread.x;
  let M_not_refractory = A_not_refractory[_idx];
  let M_v = A_v[_idx];
  if (_idx < S_N) {
    M_not_refractory = (((M_not_refractory !== 0.0) || (!(M_v > P_inv0))) ? 1.0 : 0.0);
  }
  return M_not_refractory;
}
// device kernel: array 'v'
function (S_gl, S_g_na, S_g_kd, A_C, S_dt, P_inv14, S_ENa, S_EK, H_I, A_h, A_m, A_n, A_v, S_N) {
  const _idx = this.thread.x;
  let M_h = A_h[_idx];
  let M_m = A_m[_idx];
  let M_n = A_n[_idx];
  let M_v = A_v[_idx];
  if (_idx < S_N) {
    let L_A_v = ((((-S_gl) - ((S_g_na * ((M_m * M_m) * M_m)) * M_h)) - (S_g_kd * (((M_n * M_n) * M_n) * M_n))) / A_C[_idx]);
    let L_v = ((M_v * Math.exp((L_A_v * S_dt))) + ((((((P_inv14 - ((-S_ENa) * ((S_g_na * ((M_m * M_m) * M_m)) * M_h))) - ((-S_EK) * (S_g_kd * (((M_n * M_n) * M_n) * M_n)))) + H_I) / A_C[_idx]) * S_dt) * nrt_exprel((L_A_v * S_dt))));
    M_v = L_v;
  }
  return M_v;
}
// ---- hh_thresholder (threshold) ----
// gpujs kernel 'hh_thresholder' (threshold, loop 'range')
// host preamble (JS backend):
"use strict";
return function hh_thresholder_host_preamble(s_N, s_t, a___p__inv0, _rng) {
  let _inv0 = -40 * 0.001;
  a___p__inv0[0] = _inv0;
  let _count = 0;
  return _count;
};
// device kernel: array 'lastspike'
function (A_v, P_inv0, S_t, A_lastspike, A_not_refractory, S_N) {
  const _idx = this.thread.x;
  let M_lastspike = A_lastspike[_idx];
  let M_not_refractory = A_not_refractory[_idx];
  if (_idx < S_N) {
    if (((A_v[_idx] > P_inv0) && (M_not_refractory !== 0.0))) {
      M_lastspike = S_t;
    }
  }
  return M_lastspike;
}
// device kernel: array 'not_refractory'
function (A_v, P_inv0, A_not_refractory, S_N) {
  const _idx = this.thread.x;
  let M_not_refractory = A_not_refractory[_idx];
  if (_idx < S_N) {
    if (((A_v[_idx] > P_inv0) && (M_not_refractory !== 0.0))) {
      M_not_refractory = 0.0;
    }
  }
  return M_not_refractory;
}
// device kernel: threshold flags (compacted into _spikes on the host)
function (A_v, P_inv0, A_not_refractory, S_N) {
  const _idx = this.thread.x;
  let M_not_refractory = A_not_refractory[_idx];
  let _emitted = 0.0;
  if (_idx < S_N) {
    if (((A_v[_idx] > P_inv0) && (M_not_refractory !== 0.0))) {
      _emitted = 1.0;
    }
  }
  return _emitted;
}
