// method: euler
// ---- adex_stateupdater (state-update) ----
"use strict";
return function adex_stateupdater(s_C, s_DeltaT, s_EL, s_N, s_VT, s_a, s_dt, s_gL, s_tauw, a_I, a_vm, a_w, _rng) {
  let _inv0 = s_gL * s_DeltaT;
  let _count = 0;
  for (let _idx = 0; _idx < s_N; _idx++) {
    let _vm = a_vm[_idx] + s_dt * ((s_gL * (s_EL - a_vm[_idx]) + _inv0 * Math.exp((a_vm[_idx] - s_VT) / s_DeltaT) + a_I[_idx] - a_w[_idx]) / s_C);
    let _w = a_w[_idx] + s_dt * ((s_a * (a_vm[_idx] - s_EL) - a_w[_idx]) / s_tauw);
    a_vm[_idx] = _vm;
    a_w[_idx] = _w;
  }
  return _count;
};
// ---- adex_thresholder (threshold) ----
"use strict";
return function adex_thresholder(s_N, a__spikes, a_vm, _rng) {
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
  let _count = 0;
  for (let _k = 0; _k < s_count; _k++) {
    const _idx = a__events[_k];
    a_vm[_idx] = s_Vr;
    a_w[_idx] += s_b;
  }
  return _count;
};
