// method: exponential_euler
// ---- cobahh_stateupdater (state-update) ----
// gpujs kernel 'cobahh_stateupdater' (state-update, loop 'range')
// host preamble (JS backend):
"use strict";
function _exp(x) { let y; { const x$ = x; if (!(x$ > -708 && x$ < 709)) y = Math.exp(x$); else { const k$ = (x$ * 92.33248261689366 + 6755399441055744) - 6755399441055744; const r$ = (x$ - k$ * 0.010830424696223417) - k$ * 2.572804622327669e-14; const i$ = k$ | 0; const p$ = r$ + r$ * r$ * (0.5 + r$ * (0.16666666666666666 + r$ * (0.041666666666666664 + r$ * (0.008333333333333333 + r$ * 0.001388888888888889)))); const h$ = exp$hi[i$ & 63]; y = (h$ + (exp$lo[i$ & 63] + h$ * p$)) * exp$p2[(i$ >> 6) + 1023]; } } return y; }
const exp$hi = new Float64Array([1, 1.0108892860517005, 1.0218971486541166, 1.0330248790212284, 1.0442737824274138, 1.0556451783605572, 1.0671404006768237, 1.0787607977571199, 1.0905077326652577, 1.102382583307841, 1.1143867425958924, 1.1265216186082418, 1.1387886347566916, 1.1511892299529827, 1.1637248587775775, 1.1763969916502812, 1.189207115002721, 1.202156731452703, 1.215247359980469, 1.22848053610687, 1.241857812073484, 1.255380757024691, 1.2690509571917332, 1.2828700160787783, 1.2968395546510096, 1.3109612115247644, 1.3252366431597413, 1.339667524053303, 1.3542555469368927, 1.3690024229745905, 1.383909881963832, 1.3989796725383112, 1.4142135623730951, 1.42961333839197, 1.4451808069770467, 1.460917794180647, 1.4768261459394993, 1.4929077282912648, 1.5091644275934228, 1.5255981507445384, 1.5422108254079407, 1.559004400237837, 1.5759808451078865, 1.593142151342267, 1.6104903319492543, 1.6280274218573478, 1.645755478153965, 1.6636765803267364, 1.681792830507429, 1.7001063537185235, 1.718619298122478, 1.7373338352737062, 1.7562521603732995, 1.7753764925265212, 1.7947090750031072, 1.8142521755003989, 1.8340080864093424, 1.8539791250833855, 1.8741676341103, 1.8945759815869656, 1.9152065613971474, 1.9360617934922943, 1.9571441241754002, 1.978456026387951]);
const exp$lo = new Float64Array([0, -1.5234778603368577e-17, 5.109225028973444e-17, 7.600838874027088e-18, 8.551889705537965e-17, 1.759325738772092e-18, -7.899853966841582e-17, -6.656660436056593e-17, -3.046782079812471e-17, 5.2660368715706944e-17, 1.0410278456845571e-16, 5.165856758795457e-17, 8.912812676025408e-17, 3.250710218863827e-17, 3.8292048369240935e-17, 5.554203254218079e-17, 3.982015231465646e-17, 6.644981499252301e-17, -7.712630692681488e-17, -1.89878163130253e-17, 4.658027591836937e-17, -6.7113898212968784e-18, 2.667932131342186e-18, 1.713594918243561e-17, 2.5382502794888315e-17, -7.181536135519454e-17, -2.8587312100388614e-17, 8.927282594831732e-17, 7.70094837980299e-17, 9.593797919118849e-17, -6.770511658794786e-17, -9.614213209051323e-17, -9.667293313452913e-17, -1.2031642489053655e-17, -3.0237581349939873e-17, -5.600377186075216e-17, -3.483994556892796e-17, 1.4192920154284036e-17, -1.016455327754295e-16, -1.1024941712342561e-16, 7.949834809697621e-17, 3.7812070533575275e-17, -1.0136916471278304e-17, -1.0094406542311964e-16, 2.4707192569797888e-17, -6.712955084707084e-17, -1.0125679913674773e-16, 5.8909926967131e-17, 8.199010020581497e-17, -8.0237193703977e-18, -1.851380418263111e-17, 3.164389299292957e-17, 2.960140695448873e-17, 6.429731796556572e-17, 1.8227458427912087e-17, -9.969531538920349e-17, 3.283107224245627e-17, 9.761887490727594e-17, -6.122763413004143e-17, 3.4034035352165297e-17, -1.0619946056195963e-16, 1.0332385960676326e-16, 8.960767791036668e-17, 4.0388753109278167e-17]);
const exp$p2 = new Float64Array(2048); for (let e = 0; e < 2048; e++) exp$p2[e] = Math.pow(2, e - 1023);
function _timestep(t, dt) { return Math.trunc((t + 1e-3 * dt) / dt); }
return function cobahh_stateupdater_host_preamble(s_Cm, s_EK, s_ENa, s_Ee, s_Ei, s_El, s_N, s_VT, s_dt, s_g_kd, s_g_na, s_gl, s_t, s_taue, s_taui, a___p__inv0, a___p__inv1, a___p__inv10, a___p__inv11, a___p__inv12, a___p__inv13, a___p__inv14, a___p__inv15, a___p__inv16, a___p__inv17, a___p__inv2, a___p__inv3, a___p__inv4, a___p__inv5, a___p__inv6, a___p__inv7, a___p__inv8, a___p__inv9, _rng) {
  let _inv0 = _timestep(0.003, s_dt);
  let _inv1 = 1 / s_Cm;
  let _inv2 = 0.32 * Math.pow(0.001, -1) * 4 * 0.001;
  let _inv3 = 13 * 0.001;
  let _inv4 = 1 / (4 * 0.001);
  let _inv5 = 1 / 0.001;
  let _inv6 = 0.28 * Math.pow(0.001, -1) * 5 * 0.001;
  let _inv7 = 40 * 0.001;
  let _inv8 = 1 / (5 * 0.001);
  let _inv9 = 0.032 * Math.pow(0.001, -1) * 5 * 0.001;
  let _inv10 = 15 * 0.001;
  let _inv11 = 10 * 0.001;
  let _inv12 = 1 / (40 * 0.001);
  let _inv13 = 17 * 0.001;
  let _inv14 = 1 / (18 * 0.001);
  let _inv15 = s_El * s_gl;
  let _inv16 = _exp(-(1 / s_taue) * s_dt);
  let _inv17 = _exp(-(1 / s_taui) * s_dt);
  a___p__inv0[0] = _inv0;
  a___p__inv1[0] = _inv1;
  a___p__inv10[0] = _inv10;
  a___p__inv11[0] = _inv11;
  a___p__inv12[0] = _inv12;
  a___p__inv13[0] = _inv13;
  a___p__inv14[0] = _inv14;
  a___p__inv15[0] = _inv15;
  a___p__inv16[0] = _inv16;
  a___p__inv17[0] = _inv17;
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
// device kernel: array 'ge'
function (P_inv16, A_ge, S_N) {
  const _idx = this.thread.x;
  let M_ge = A_ge[_idx];
  if (_idx < S_N) {
    let L_ge = (M_ge * P_inv16);
    M_ge = L_ge;
  }
  return M_ge;
}
// device kernel: array 'gi'
function (P_inv17, A_gi, S_N) {
  const _idx = this.thread.x;
  let M_gi = A_gi[_idx];
  if (_idx < S_N) {
    let L_gi = (M_gi * P_inv17);
    M_gi = L_gi;
  }
  return M_gi;
}
// device kernel: array 'h'
function (P_inv13, S_VT, P_inv14, P_inv5, P_inv7, P_inv8, S_dt, A_h, A_v, S_N) {
  const _idx = this.thread.x;
  let M_h = A_h[_idx];
  let M_v = A_v[_idx];
  if (_idx < S_N) {
    let L_cse2 = Math.exp((((P_inv13 - M_v) + S_VT) * P_inv14));
    let L_A_h = ((-((0.128 * L_cse2) * P_inv5)) - ((4.0 / (1.0 + Math.exp((((P_inv7 - M_v) + S_VT) * P_inv8)))) * P_inv5));
    let L_h = ((M_h * Math.exp((L_A_h * S_dt))) + ((((0.128 * L_cse2) * P_inv5) * S_dt) * nrt_exprel((L_A_h * S_dt))));
    M_h = L_h;
  }
  return M_h;
}
// device kernel: array 'm'
function (P_inv3, S_VT, P_inv4, P_inv2, P_inv5, P_inv6, P_inv7, P_inv8, S_dt, A_m, A_v, S_N) {
  const _idx = this.thread.x;
  let M_m = A_m[_idx];
  let M_v = A_v[_idx];
  if (_idx < S_N) {
    let L_cse0 = nrt_exprel((((P_inv3 - M_v) + S_VT) * P_inv4));
    let L_A_m = ((-((P_inv2 / L_cse0) * P_inv5)) - ((P_inv6 / nrt_exprel((((M_v - S_VT) - P_inv7) * P_inv8))) * P_inv5));
    let L_m = ((M_m * Math.exp((L_A_m * S_dt))) + ((((P_inv2 / L_cse0) * P_inv5) * S_dt) * nrt_exprel((L_A_m * S_dt))));
    M_m = L_m;
  }
  return M_m;
}
// device kernel: array 'n'
function (P_inv10, S_VT, P_inv8, P_inv9, P_inv5, P_inv11, P_inv12, S_dt, A_n, A_v, S_N) {
  const _idx = this.thread.x;
  let M_n = A_n[_idx];
  let M_v = A_v[_idx];
  if (_idx < S_N) {
    let L_cse1 = nrt_exprel((((P_inv10 - M_v) + S_VT) * P_inv8));
    let L_A_n = ((-((P_inv9 / L_cse1) * P_inv5)) - ((0.5 * Math.exp((((P_inv11 - M_v) + S_VT) * P_inv12))) * P_inv5));
    let L_n = ((M_n * Math.exp((L_A_n * S_dt))) + ((((P_inv9 / L_cse1) * P_inv5) * S_dt) * nrt_exprel((L_A_n * S_dt))));
    M_n = L_n;
  }
  return M_n;
}
// device kernel: array 'not_refractory'
function (S_t, A_lastspike, S_dt, P_inv0, A_not_refractory, S_N) {
  const _idx = this.thread.x;
  let M_not_refractory = A_not_refractory[_idx];
  if (_idx < S_N) {
    M_not_refractory = ((nrt_timestep((S_t - A_lastspike[_idx]), S_dt) >= P_inv0) ? 1.0 : 0.0);
  }
  return M_not_refractory;
}
// device kernel: array 'v'
function (S_gl, S_g_na, S_g_kd, P_inv1, S_dt, P_inv15, S_Ee, S_Ei, S_ENa, S_EK, A_ge, A_gi, A_h, A_m, A_n, A_v, S_N) {
  const _idx = this.thread.x;
  let M_ge = A_ge[_idx];
  let M_gi = A_gi[_idx];
  let M_h = A_h[_idx];
  let M_m = A_m[_idx];
  let M_n = A_n[_idx];
  let M_v = A_v[_idx];
  if (_idx < S_N) {
    let L_A_v = ((((((-S_gl) - M_ge) - M_gi) - ((S_g_na * ((M_m * M_m) * M_m)) * M_h)) - (S_g_kd * (((M_n * M_n) * M_n) * M_n))) * P_inv1);
    let L_v = ((M_v * Math.exp((L_A_v * S_dt))) + (((((((P_inv15 + (S_Ee * M_ge)) + (S_Ei * M_gi)) - ((-S_ENa) * ((S_g_na * ((M_m * M_m) * M_m)) * M_h))) - ((-S_EK) * (S_g_kd * (((M_n * M_n) * M_n) * M_n)))) * P_inv1) * S_dt) * nrt_exprel((L_A_v * S_dt))));
    M_v = L_v;
  }
  return M_v;
}
// ---- cobahh_thresholder (threshold) ----
// gpujs kernel 'cobahh_thresholder' (threshold, loop 'range')
// host preamble (JS backend):
"use strict";
return function cobahh_thresholder_host_preamble(s_N, s_t, a___p__inv0, _rng) {
  let _inv0 = -20 * 0.001;
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
