// method: euler
// ---- adex_stateupdater (state-update) ----
"use strict";
return function adex_stateupdater(s_C, s_DeltaT, s_EL, s_N, s_VT, s_a, s_dt, s_gL, s_tauw, a_I, a_vm, a_w, _rng) {
  s_C = +s_C; s_DeltaT = +s_DeltaT; s_EL = +s_EL; s_N = +s_N; s_VT = +s_VT; s_a = +s_a; s_dt = +s_dt; s_gL = +s_gL; s_tauw = +s_tauw;
  let _inv0 = s_gL * s_DeltaT;
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    let l_vm = a_vm[_idx];
    let l_w = a_w[_idx];
    let _vm = l_vm + s_dt * ((s_gL * (s_EL - l_vm) + _inv0 * Math.exp((l_vm - s_VT) / s_DeltaT) + a_I[_idx] - l_w) / s_C);
    let _w = l_w + s_dt * ((s_a * (l_vm - s_EL) - l_w) / s_tauw);
    a_vm[_idx] = _vm;
    a_w[_idx] = _w;
  }
  return _count;
};
// ---- adex_thresholder (threshold) ----
"use strict";
return function adex_thresholder(s_N, a__spikes, a_vm, _rng) {
  s_N = +s_N;
  let _inv0 = -40 * 0.001;
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    if (a_vm[_idx] > _inv0) {
      a__spikes[_count++] = _idx;
    }
  }
  return _count;
};
// ---- adex_resetter (reset) ----
"use strict";
return function adex_resetter(s_Vr, s_b, s_count, a__events, a_vm, a_w, _rng) {
  s_Vr = +s_Vr; s_b = +s_b; s_count = +s_count;
  let _count = 0;
  for (let _k = 0; _k < s_count; _k++) {
    const _idx = a__events[_k];
    a_vm[_idx] = s_Vr;
    a_w[_idx] += s_b;
  }
  return _count;
};
