// method: exponential_euler
// ---- hh_stateupdater (state-update) ----
"use strict";
return function hh_stateupdater(s_EK, s_ENa, s_El, s_N, s_VT, s_dt, s_g_kd, s_g_na, s_gl, a_C, a_I, a_h, a_m, a_n, a_not_refractory, a_v, _rng) {
  s_EK = +s_EK; s_ENa = +s_ENa; s_N = +s_N; s_VT = +s_VT; s_dt = +s_dt; s_g_kd = +s_g_kd; s_g_na = +s_g_na; s_gl = +s_gl;
  let _inv0 = -40 * 0.001;
  let _inv1 = 0.32 * Math.pow(0.001, -1);
  let _inv2 = 13 * 0.001;
  let _inv3 = 4 * 0.001;
  let _inv4 = 0.28 * Math.pow(0.001, -1);
  let _inv5 = 40 * 0.001;
  let _inv6 = 5 * 0.001;
  let _inv7 = 0.032 * Math.pow(0.001, -1);
  let _inv8 = 15 * 0.001;
  let _inv9 = 10 * 0.001;
  let _inv10 = 17 * 0.001;
  let _inv11 = 18 * 0.001;
  let _inv12 = s_El * s_gl;
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    let l_v = a_v[_idx];
    let l_m = a_m[_idx];
    let l_h = a_h[_idx];
    let l_n = a_n[_idx];
    let l_C = a_C[_idx];
    a_not_refractory[_idx] = a_not_refractory[_idx] || !(l_v > _inv0) ? 1 : 0;
    let __A_v = (-s_gl - s_g_na * (l_m * l_m * l_m) * l_h - s_g_kd * (l_n * l_n * l_n * l_n)) / l_C;
    let _cse0 = Math.exp((_inv2 - l_v + s_VT) / _inv3);
    let __A_m = -(_inv1 * (_inv2 - l_v + s_VT) / (_cse0 - 1) / 0.001) - _inv4 * (l_v - s_VT - _inv5) / (Math.exp((l_v - s_VT - _inv5) / _inv6) - 1) / 0.001;
    let _cse1 = Math.exp((_inv8 - l_v + s_VT) / _inv6);
    let __A_n = -(_inv7 * (_inv8 - l_v + s_VT) / (_cse1 - 1) / 0.001) - 0.5 * Math.exp((_inv9 - l_v + s_VT) / _inv5) / 0.001;
    let _cse2 = Math.exp((_inv10 - l_v + s_VT) / _inv11);
    let __A_h = -(0.128 * _cse2 / 0.001) - 4 / (1 + Math.exp((_inv5 - l_v + s_VT) / _inv6)) / 0.001;
    let _em0_z = __A_v * s_dt;
    let _em0 = Math.expm1(_em0_z);
    let _v = l_v * (1 + _em0) + (_inv12 - -s_ENa * (s_g_na * (l_m * l_m * l_m) * l_h) - -s_EK * (s_g_kd * (l_n * l_n * l_n * l_n)) + a_I[0]) / l_C * s_dt * (_em0_z === 0 ? 1 : Math.abs(_em0_z) < 0.00001 ? 1 + _em0_z / 2 + _em0_z * _em0_z / 6 : _em0 / _em0_z);
    let _em1_z = __A_m * s_dt;
    let _em1 = Math.expm1(_em1_z);
    let _m = l_m * (1 + _em1) + _inv1 * (_inv2 - l_v + s_VT) / (_cse0 - 1) / 0.001 * s_dt * (_em1_z === 0 ? 1 : Math.abs(_em1_z) < 0.00001 ? 1 + _em1_z / 2 + _em1_z * _em1_z / 6 : _em1 / _em1_z);
    let _em2_z = __A_n * s_dt;
    let _em2 = Math.expm1(_em2_z);
    let _n = l_n * (1 + _em2) + _inv7 * (_inv8 - l_v + s_VT) / (_cse1 - 1) / 0.001 * s_dt * (_em2_z === 0 ? 1 : Math.abs(_em2_z) < 0.00001 ? 1 + _em2_z / 2 + _em2_z * _em2_z / 6 : _em2 / _em2_z);
    let _em3_z = __A_h * s_dt;
    let _em3 = Math.expm1(_em3_z);
    let _h = l_h * (1 + _em3) + 0.128 * _cse2 / 0.001 * s_dt * (_em3_z === 0 ? 1 : Math.abs(_em3_z) < 0.00001 ? 1 + _em3_z / 2 + _em3_z * _em3_z / 6 : _em3 / _em3_z);
    a_v[_idx] = _v;
    a_m[_idx] = _m;
    a_n[_idx] = _n;
    a_h[_idx] = _h;
  }
  return _count;
};
// ---- hh_thresholder (threshold) ----
"use strict";
return function hh_thresholder(s_N, s_t, a__spikes, a_lastspike, a_not_refractory, a_v, _rng) {
  s_N = +s_N; s_t = +s_t;
  let _inv0 = -40 * 0.001;
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    if (a_v[_idx] > _inv0 && a_not_refractory[_idx]) {
      a__spikes[_count++] = _idx;
      a_not_refractory[_idx] = 0;
      a_lastspike[_idx] = s_t;
    }
  }
  return _count;
};
