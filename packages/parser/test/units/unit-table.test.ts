import { describe, it, expect } from 'vitest';
import { DIMENSIONLESS, dim, divDim, mulDim, powDim, sameDim, type Dimension } from '../../src/units/dimension.js';
import { formatDimension, isUnitName, lookupUnit, siUnitName, unitNames } from '../../src/units/unit-table.js';

// SI facts, written out independently of the table.
const M = dim({ metre: 1 });
const KG = dim({ kilogram: 1 });
const S = dim({ second: 1 });
const MOL = dim({ mole: 1 });
const VOLT = dim({ metre: 2, kilogram: 1, second: -3, amp: -1 });
const FARAD = dim({ second: 4, amp: 2, kilogram: -1, metre: -2 });
const SIEMENS = dim({ second: 3, amp: 2, kilogram: -1, metre: -2 });
const OHM = dim({ metre: 2, kilogram: 1, second: -3, amp: -2 });
const COULOMB = dim({ second: 1, amp: 1 });
const AMP = dim({ amp: 1 });
const HERTZ = dim({ second: -1 });
const CONCENTRATION = dim({ mole: 1, metre: -3 });

function closeTo(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= 1e-12 * Math.abs(expected);
}

/** Asserts that `name` is a unit of dimension `d` worth `scale` SI units. */
function expectUnit(name: string, d: Dimension, scale: number): void {
  const u = lookupUnit(name);
  expect(u, `${name} should be a unit`).toBeDefined();
  expect(sameDim(u!.dim, d), `${name} has dimension ${u!.dim.join(',')}, expected ${d.join(',')}`).toBe(true);
  expect(closeTo(u!.scale, scale), `${name} has scale ${u!.scale}, expected ${scale}`).toBe(true);
}

describe('lookupUnit: SI base and derived units', () => {
  it.each([
    ['metre', M, 1],
    ['meter', M, 1],
    ['kilogram', KG, 1],
    ['kilogramme', KG, 1],
    ['second', S, 1],
    ['amp', AMP, 1],
    ['ampere', AMP, 1],
    ['kelvin', dim({ kelvin: 1 }), 1],
    ['mole', MOL, 1],
    ['mol', MOL, 1],
    ['candle', dim({ candela: 1 }), 1],
    ['volt', VOLT, 1],
    ['farad', FARAD, 1],
    ['siemens', SIEMENS, 1],
    ['ohm', OHM, 1],
    ['coulomb', COULOMB, 1],
    ['hertz', HERTZ, 1],
    ['becquerel', HERTZ, 1],
    ['newton', dim({ kilogram: 1, metre: 1, second: -2 }), 1],
    ['pascal', dim({ kilogram: 1, metre: -1, second: -2 }), 1],
    ['joule', dim({ kilogram: 1, metre: 2, second: -2 }), 1],
    ['watt', dim({ kilogram: 1, metre: 2, second: -3 }), 1],
    ['weber', mulDim(VOLT, S), 1],
    ['tesla', divDim(mulDim(VOLT, S), powDim(M, 2)), 1],
    ['henry', mulDim(OHM, S), 1],
    ['katal', divDim(MOL, S), 1],
    ['lumen', dim({ candela: 1 }), 1],
    ['lux', dim({ candela: 1, metre: -2 }), 1],
    ['gray', dim({ metre: 2, second: -2 }), 1],
    ['sievert', dim({ metre: 2, second: -2 }), 1],
    ['radian', DIMENSIONLESS, 1],
    ['steradian', DIMENSIONLESS, 1],
    ['gram', KG, 1e-3],
    ['gramme', KG, 1e-3],
    ['liter', powDim(M, 3), 1e-3],
    ['litre', powDim(M, 3), 1e-3],
    ['molar', CONCENTRATION, 1000],
  ] as const)('%s', (name, d, scale) => expectUnit(name, d, scale));

  it('derived units agree with each other: siemens = 1/ohm = amp/volt, farad = coulomb/volt', () => {
    expect(sameDim(lookupUnit('siemens')!.dim, powDim(lookupUnit('ohm')!.dim, -1))).toBe(true);
    expect(sameDim(lookupUnit('siemens')!.dim, divDim(AMP, VOLT))).toBe(true);
    expect(sameDim(lookupUnit('farad')!.dim, divDim(COULOMB, VOLT))).toBe(true);
    expect(sameDim(lookupUnit('joule')!.dim, mulDim(VOLT, COULOMB))).toBe(true);
  });
});

describe('lookupUnit: prefixed units', () => {
  it.each([
    ['mvolt', VOLT, 1e-3],
    ['uvolt', VOLT, 1e-6],
    ['ufarad', FARAD, 1e-6],
    ['pfarad', FARAD, 1e-12],
    ['msiemens', SIEMENS, 1e-3],
    ['nsiemens', SIEMENS, 1e-9],
    ['Mohm', OHM, 1e6],
    ['mohm', OHM, 1e-3],
    ['kohm', OHM, 1e3],
    ['namp', AMP, 1e-9],
    ['pamp', AMP, 1e-12],
    ['daamp', AMP, 10],
    ['damp', AMP, 0.1],
    ['hamp', AMP, 100],
    ['umetre', M, 1e-6],
    ['cmetre', M, 1e-2],
    ['kmeter', M, 1e3],
    ['msecond', S, 1e-3],
    ['Ysecond', S, 1e24],
    ['ysecond', S, 1e-24],
    ['khertz', HERTZ, 1e3],
    ['kgram', KG, 1],
    ['mgram', KG, 1e-6],
    ['mgramme', KG, 1e-6],
    ['mmolar', CONCENTRATION, 1],
    ['umolar', CONCENTRATION, 1e-3],
    ['nmolar', CONCENTRATION, 1e-6],
    ['mmole', MOL, 1e-3],
    ['mmol', MOL, 1e-3],
    ['mliter', powDim(M, 3), 1e-6],
    ['ulitre', powDim(M, 3), 1e-9],
    ['kcandle', dim({ candela: 1 }), 1e3],
  ] as const)('%s', (name, d, scale) => expectUnit(name, d, scale));

  it('kgram is the same quantity as kilogram', () => {
    expect(lookupUnit('kgram')).toEqual(lookupUnit('kilogram'));
  });

  it('does not prefix kelvin, kilogram or kilogramme, as in Brian', () => {
    for (const name of ['mkelvin', 'kkelvin', 'kkilogram', 'mkilogram', 'kkilogramme', 'mkelvin2']) {
      expect(isUnitName(name), name).toBe(false);
    }
  });
});

describe('lookupUnit: squared and cubed units', () => {
  it.each([
    ['metre2', powDim(M, 2), 1],
    ['metre3', powDim(M, 3), 1],
    ['cmetre2', powDim(M, 2), 1e-4],
    ['cmetre3', powDim(M, 3), 1e-6],
    ['umetre2', powDim(M, 2), 1e-12],
    ['umetre3', powDim(M, 3), 1e-18],
    ['mmeter3', powDim(M, 3), 1e-9],
    ['mvolt2', powDim(VOLT, 2), 1e-6],
    ['second2', powDim(S, 2), 1],
    ['msecond3', powDim(S, 3), 1e-9],
    ['hertz2', powDim(HERTZ, 2), 1],
    ['kelvin2', dim({ kelvin: 2 }), 1],
    ['kilogram3', powDim(KG, 3), 1],
    ['gram2', powDim(KG, 2), 1e-6],
    ['kgram2', powDim(KG, 2), 1],
    ['molar2', powDim(CONCENTRATION, 2), 1e6],
    ['mmolar3', powDim(CONCENTRATION, 3), 1],
    ['Mohm2', powDim(OHM, 2), 1e12],
  ] as const)('%s', (name, d, scale) => expectUnit(name, d, scale));

  it('liter has no powers and nothing has a fourth power', () => {
    for (const name of ['liter2', 'mlitre3', 'metre4', 'volt4', 'cmetre22']) expect(isUnitName(name), name).toBe(false);
  });
});

describe("lookupUnit: Brian's stdunits aliases", () => {
  const aliases = [
    ['mV', 'mvolt', VOLT, 1e-3],
    ['mA', 'mamp', AMP, 1e-3],
    ['uA', 'uamp', AMP, 1e-6],
    ['nA', 'namp', AMP, 1e-9],
    ['pA', 'pamp', AMP, 1e-12],
    ['pF', 'pfarad', FARAD, 1e-12],
    ['uF', 'ufarad', FARAD, 1e-6],
    ['nF', 'nfarad', FARAD, 1e-9],
    ['nS', 'nsiemens', SIEMENS, 1e-9],
    ['uS', 'usiemens', SIEMENS, 1e-6],
    ['mS', 'msiemens', SIEMENS, 1e-3],
    ['ms', 'msecond', S, 1e-3],
    ['us', 'usecond', S, 1e-6],
    ['Hz', 'hertz', HERTZ, 1],
    ['kHz', 'khertz', HERTZ, 1e3],
    ['MHz', 'Mhertz', HERTZ, 1e6],
    ['cm', 'cmetre', M, 1e-2],
    ['cm2', 'cmetre2', powDim(M, 2), 1e-4],
    ['cm3', 'cmetre3', powDim(M, 3), 1e-6],
    ['mm', 'mmetre', M, 1e-3],
    ['mm2', 'mmetre2', powDim(M, 2), 1e-6],
    ['mm3', 'mmetre3', powDim(M, 3), 1e-9],
    ['um', 'umetre', M, 1e-6],
    ['um2', 'umetre2', powDim(M, 2), 1e-12],
    ['um3', 'umetre3', powDim(M, 3), 1e-18],
    ['mM', 'mmolar', CONCENTRATION, 1],
    ['uM', 'umolar', CONCENTRATION, 1e-3],
    ['nM', 'nmolar', CONCENTRATION, 1e-6],
  ] as const;

  it.each(aliases)('%s is %s', (alias, long, d, scale) => {
    expectUnit(alias, d, scale);
    expect(lookupUnit(alias)).toBe(lookupUnit(long));
  });

  it('has no other short names (no mF, nH, ns, km, kg, ...)', () => {
    // Every Brian name of at most 3 letters (plus an optional power) is a stdunits alias or one of
    // the 3-letter base units mol, amp, ohm, lux and their powers.
    const short = unitNames().filter((n) => n.replace(/[23]$/, '').length <= 3);
    const threeLetter = ['mol', 'amp', 'ohm', 'lux'].flatMap((b) => [b, `${b}2`, `${b}3`]);
    expect([...short].sort()).toEqual([...aliases.map(([a]) => a), ...threeLetter].sort());
    for (const name of ['mF', 'nH', 'ns', 'km', 'kg', 'mg', 'ml', 'mL', 'l', 'L', 'M', 'uV']) {
      expect(isUnitName(name), name).toBe(false);
    }
  });
});

describe('scales are exact powers of ten', () => {
  it('gives the double literal for common units', () => {
    expect(lookupUnit('mV')!.scale).toBe(1e-3);
    expect(lookupUnit('cm2')!.scale).toBe(1e-4);
    expect(lookupUnit('umetre3')!.scale).toBe(1e-18);
    expect(lookupUnit('ufarad')!.scale).toBe(1e-6);
    expect(lookupUnit('uF')!.scale / lookupUnit('cm2')!.scale).toBeCloseTo(1e-2, 15);
    expect(lookupUnit('mmolar')!.scale).toBe(1);
    expect(lookupUnit('kgram')!.scale).toBe(1);
    expect(lookupUnit('mliter')!.scale).toBe(1e-6);
    expect(lookupUnit('Ymetre3')!.scale).toBe(1e72);
    expect(lookupUnit('ymetre3')!.scale).toBe(1e-72);
  });

  it('every scale is 10^k for an integer k', () => {
    for (const name of unitNames()) {
      const s = lookupUnit(name)!.scale;
      const k = Math.round(Math.log10(s));
      expect(s, name).toBe(Number(`1e${k}`));
    }
  });
});

describe('names that are not units', () => {
  it('leaves one-letter names free for variables (m, h, n of Hodgkin-Huxley, v, ...)', () => {
    for (const name of ['m', 'h', 'n', 'v', 'g', 'e', 't', 'w', 'I', 'C', 'E', 'x', 'y', 'z', 'V', 'S', 'A', 's', 'K', 'F', 'N', 'J', 'W', 'H', 'T']) {
      expect(isUnitName(name), name).toBe(false);
      expect(lookupUnit(name), name).toBeUndefined();
    }
  });

  it('is case-sensitive and knows no non-Brian spellings', () => {
    for (const name of ['Volt', 'MV', 'mv', 'HZ', 'hz', 'candela', 'celsius', 'millivolt', 'amps', 'volts', 'sec', 'msec', 'Ohm', 'mOhm']) {
      expect(isUnitName(name), name).toBe(false);
    }
  });

  it('does not treat Object.prototype members or empty strings as units', () => {
    for (const name of ['', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(isUnitName(name), name).toBe(false);
      expect(lookupUnit(name), name).toBeUndefined();
    }
  });
});

describe('unitNames', () => {
  const names = unitNames();

  it('lists every name once, sorted, each resolvable', () => {
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(isUnitName(n), n).toBe(true);
  });

  it("has Brian's count: 35 base units, 32 prefixable x 20 prefixes, their squares and cubes, 2 x 21 liters, 28 aliases", () => {
    expect(names.length).toBe(35 + 32 * 20 + (35 + 32 * 20) * 2 + 2 * 21 + 28);
  });

  it('contains the names users type most', () => {
    for (const n of ['mV', 'volt', 'mvolt', 'nS', 'msiemens', 'ufarad', 'cm2', 'umetre2', 'ms', 'second', 'Hz', 'mM', 'pA', 'Mohm']) {
      expect(names).toContain(n);
    }
  });

  it('returns the same frozen array on every call', () => {
    expect(unitNames()).toBe(names);
    expect(Object.isFrozen(names)).toBe(true);
    expect(Object.isFrozen(lookupUnit('mV'))).toBe(true);
  });
});

describe('siUnitName', () => {
  it.each([
    [VOLT, 'volt'],
    [HERTZ, 'hertz'],
    [divDim(AMP, VOLT), 'siemens'],
    [FARAD, 'farad'],
    [OHM, 'ohm'],
    [COULOMB, 'coulomb'],
    [AMP, 'amp'],
    [S, 'second'],
    [M, 'metre'],
    [KG, 'kilogram'],
    [MOL, 'mole'],
    [powDim(M, 2), 'metre2'],
    [powDim(M, 3), 'metre3'],
    [CONCENTRATION, 'mmolar'],
    [mulDim(VOLT, AMP), 'watt'],
    [mulDim(VOLT, COULOMB), 'joule'],
  ] as const)('%j is %s', (d, name) => {
    expect(siUnitName(d)).toBe(name);
    // The suggested name is itself a unit of that dimension with scale 1.
    expect(sameDim(lookupUnit(name)!.dim, d)).toBe(true);
    expect(lookupUnit(name)!.scale).toBe(1);
  });

  it('suggests the scale-1 unit for a prefixed one ("write volt instead of mV")', () => {
    expect(siUnitName(lookupUnit('mV')!.dim)).toBe('volt');
    expect(siUnitName(lookupUnit('nS')!.dim)).toBe('siemens');
    expect(siUnitName(lookupUnit('ms')!.dim)).toBe('second');
    expect(siUnitName(lookupUnit('cm2')!.dim)).toBe('metre2');
    expect(siUnitName(lookupUnit('mM')!.dim)).toBe('mmolar');
    expect(siUnitName(lookupUnit('kHz')!.dim)).toBe('hertz');
  });

  it('has no name for dimensionless or compound dimensions', () => {
    expect(siUnitName(DIMENSIONLESS)).toBeUndefined();
    expect(siUnitName(divDim(SIEMENS, powDim(M, 2)))).toBeUndefined();
    expect(siUnitName(powDim(S, -0.5))).toBeUndefined();
    expect(siUnitName(divDim(VOLT, S))).toBeUndefined();
  });
});

describe('formatDimension', () => {
  it.each([
    ['volt', VOLT, 'volt'],
    ['1/second', powDim(S, -1), 'hertz'],
    ['amp/volt', divDim(AMP, VOLT), 'siemens'],
    ['dimensionless', DIMENSIONLESS, '1'],
    ['siemens/metre**2 (conductance density)', divDim(SIEMENS, powDim(M, 2)), 'siemens * metre ** -2'],
    ['farad/metre**2 (membrane capacitance)', divDim(FARAD, powDim(M, 2)), 'farad * metre ** -2'],
    ['amp/metre**2 (current density)', divDim(AMP, powDim(M, 2)), 'amp * metre ** -2'],
    ['second**-0.5 (noise xi)', powDim(S, -0.5), 'second ** -0.5'],
    ['volt*second**-0.5 (noise amplitude)', mulDim(VOLT, powDim(S, -0.5)), 'volt * second ** -0.5'],
    ['volt/second (dv/dt)', divDim(VOLT, S), 'volt * second ** -1'],
    ['volt**2', powDim(VOLT, 2), 'volt ** 2'],
    ['mmolar/second', divDim(CONCENTRATION, S), 'mmolar * second ** -1'],
    ['second**2', powDim(S, 2), 'second ** 2'],
    ['kelvin*second', dim({ kelvin: 1, second: 1 }), 'second * kelvin'],
    ['metre**4', powDim(M, 4), 'metre ** 4'],
  ] as const)('%s', (_label, d, expected) => {
    expect(formatDimension(d)).toBe(expected);
  });

  it('gives the same text for the same dimension however it was computed', () => {
    const a = divDim(lookupUnit('msiemens')!.dim, lookupUnit('cm2')!.dim);
    const b = mulDim(powDim(lookupUnit('ohm')!.dim, -1), powDim(lookupUnit('umetre')!.dim, -2));
    expect(formatDimension(a)).toBe('siemens * metre ** -2');
    expect(formatDimension(b)).toBe(formatDimension(a));
  });

  it('falls back to base units when no named unit shortens the product', () => {
    expect(formatDimension(dim({ metre: 2, second: -2, amp: 1 }))).toBe('metre ** 2 * amp * second ** -2');
  });
});
