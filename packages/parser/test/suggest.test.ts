import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../src/suggest.js';

describe('editDistance', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('tua', 'tau')).toBe(1);
    expect(editDistance('volts', 'volt')).toBe(1);
    expect(editDistance('taum', 'tau')).toBe(1);
    expect(editDistance('abc', 'xyz')).toBe(3);
  });
});

describe('closest', () => {
  it('suggests plausible typos', () => {
    expect(closest('tua', ['v', 'tau', 'El'])).toBe('tau');
    expect(closest('volts', ['volt', 'amp'])).toBe('volt');
    expect(closest('epx', ['exp', 'log'])).toBe('exp');
  });

  it('prefers a case-only difference, with the fewest letters changed', () => {
    expect(closest('mVolt', ['Mvolt', 'mvolt', 'volt'])).toBe('mvolt');
    expect(closest('TAU', ['tau', 'taum'])).toBe('tau');
  });

  it('does not suggest a word that shares only half its letters', () => {
    // `Vt` undefined should not become "did you mean 't'?"
    expect(closest('Vt', ['t', 'v', 'dt'])).toBeUndefined();
    expect(closest('ab', ['xy'])).toBeUndefined();
  });

  it('never suggests the name itself, and prefers earlier candidates on ties', () => {
    expect(closest('tau', ['tau'])).toBeUndefined();
    expect(closest('tab', ['tau', 'tan'])).toBe('tau');
  });
});
