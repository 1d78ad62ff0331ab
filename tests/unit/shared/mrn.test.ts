import { describe, expect, it } from 'vitest';
import {
  WORKSTATION_CODE_ALPHABET,
  canonicalMrn,
  formatMrn,
  isWorkstationCode,
  mrnCheckDigit,
} from '../../../src-shared/validation/mrn';
import { randomInt, seededRandom } from '../../support/seeded-random';

const DIGITS = '0123456789';

/** Many MRNs from random workstation codes and counters, the same on every run. */
function generatedMrns(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const code = Array.from({ length: 3 }, () => WORKSTATION_CODE_ALPHABET[randomInt(random, 32)]).join('');
    return formatMrn(code, 1 + randomInt(random, 999_999));
  });
}

/** The MRN without dashes: 3 code characters, 6 counter digits, 1 check digit. */
const compact = (mrn: string) => mrn.replaceAll('-', '');
const replaceAt = (text: string, i: number, ch: string) => text.slice(0, i) + ch + text.slice(i + 1);
const swapAt = (text: string, i: number) => text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);

describe('workstation codes', () => {
  it('are three characters of an alphabet without look-alikes (0/O, 1/I)', () => {
    expect(WORKSTATION_CODE_ALPHABET).toHaveLength(32);
    expect(WORKSTATION_CODE_ALPHABET).not.toMatch(/[01IO]/);
    for (const ch of WORKSTATION_CODE_ALPHABET) expect(isWorkstationCode(`${ch}${ch}${ch}`)).toBe(true);
    for (const bad of ['K7', 'K7MM', 'k7m', 'K0M', 'K1M', 'KIM', 'KOM', '', 'K-M']) expect(isWorkstationCode(bad), bad).toBe(false);
  });
});

describe('formatMrn', () => {
  it('writes code, zero-padded counter and check digit', () => {
    const mrn = formatMrn('K7M', 123);
    expect(mrn).toMatch(/^K7M-000123-\d$/);
    expect(mrn.at(-1)).toBe(String(mrnCheckDigit('K7M000123')));
  });

  it('grows past six counter digits instead of wrapping', () => {
    const mrn = formatMrn('K7M', 1_234_567);
    expect(mrn).toMatch(/^K7M-1234567-\d$/);
    expect(canonicalMrn(mrn)).toBe(mrn);
  });

  it('refuses a bad workstation code or counter', () => {
    expect(() => formatMrn('K0M', 1)).toThrow();
    expect(() => formatMrn('k7m', 1)).toThrow();
    expect(() => formatMrn('K7M', 0)).toThrow();
    expect(() => formatMrn('K7M', -1)).toThrow();
    expect(() => formatMrn('K7M', 1.5)).toThrow();
    expect(() => formatMrn('K7M', Number.MAX_SAFE_INTEGER + 1)).toThrow();
  });
});

describe('canonicalMrn', () => {
  const mrns = generatedMrns(500, 11);

  it('gives back every formatted MRN as it is', () => {
    for (const mrn of mrns) expect(canonicalMrn(mrn)).toBe(mrn);
  });

  it('accepts the MRN without dashes, in lower case, with spaces and around whitespace', () => {
    for (const mrn of mrns) {
      expect(canonicalMrn(compact(mrn))).toBe(mrn);
      expect(canonicalMrn(mrn.toLowerCase())).toBe(mrn);
      expect(canonicalMrn(compact(mrn).toLowerCase())).toBe(mrn);
      expect(canonicalMrn(mrn.replaceAll('-', ' '))).toBe(mrn);
      expect(canonicalMrn(`  ${mrn}\n`)).toBe(mrn);
      expect(canonicalMrn(`${mrn.slice(0, 3)}${mrn.slice(4)}`)).toBe(mrn);
    }
  });

  it('refuses text that is not an MRN', () => {
    for (const text of ['', 'Maria Lopez', '1985-07-14', 'K7M-00012-3', 'K7M--000123-4', 'K7M-000123-', 'KIM-000123-4', 'K7M-0001234567-1']) {
      expect(canonicalMrn(text), text).toBeNull();
    }
  });
});

describe('the check digit', () => {
  const mrns = generatedMrns(2_000, 7);

  it('catches every single-digit change in the counter and the check digit', () => {
    let tried = 0;
    for (const mrn of mrns) {
      const text = compact(mrn);
      for (let i = 3; i < text.length; i++) {
        for (const ch of DIGITS) {
          if (ch === text[i]) continue;
          tried++;
          expect(canonicalMrn(replaceAt(text, i, ch)), `${mrn} with ${ch} at ${i}`).toBeNull();
        }
      }
    }
    expect(tried).toBe(mrns.length * 7 * 9);
  });

  it('catches every swap of two adjacent different characters after the first code character', () => {
    let tried = 0;
    for (const mrn of mrns) {
      const text = compact(mrn);
      // From the last code character on: code↔counter, inside the counter, and counter↔check digit.
      for (let i = 2; i < text.length - 1; i++) {
        if (text[i] === text[i + 1]) continue;
        tried++;
        expect(canonicalMrn(swapAt(text, i)), `${mrn} swapped at ${i}`).toBeNull();
      }
    }
    expect(tried).toBeGreaterThan(mrns.length * 6);
  });

  it('catches the 0↔9 swaps a plain Luhn digit misses', () => {
    for (const counter of [90, 9_000, 90_123, 109_000]) {
      const text = compact(formatMrn('K7M', counter));
      for (let i = 3; i < 8; i++) {
        if (`${text[i]}${text[i + 1]}` === '09' || `${text[i]}${text[i + 1]}` === '90') {
          expect(canonicalMrn(swapAt(text, i)), `${text} swapped at ${i}`).toBeNull();
        }
      }
    }
  });

  // One decimal digit cannot tell apart all 32 symbols of a code position (pigeonhole: some
  // pairs must share a check digit), so for the workstation code the rule is "nearly all".
  it('catches nearly all single-character changes and swaps inside the workstation code', () => {
    let changes = 0;
    let missedChanges = 0;
    let swaps = 0;
    let missedSwaps = 0;
    for (const mrn of mrns) {
      const text = compact(mrn);
      for (let i = 0; i < 3; i++) {
        for (const ch of WORKSTATION_CODE_ALPHABET) {
          if (ch === text[i]) continue;
          changes++;
          if (canonicalMrn(replaceAt(text, i, ch)) !== null) missedChanges++;
        }
      }
      for (let i = 0; i < 2; i++) {
        if (text[i] === text[i + 1]) continue;
        swaps++;
        if (canonicalMrn(swapAt(text, i)) !== null) missedSwaps++;
      }
    }
    expect(changes).toBe(mrns.length * 3 * 31);
    expect(missedChanges / changes).toBeLessThan(0.1);
    expect(missedSwaps / swaps).toBeLessThan(0.12);
  });

  it('depends on every character of the body', () => {
    const body = 'K7M000123';
    for (let i = 0; i < body.length; i++) {
      const alphabet = i < 3 ? WORKSTATION_CODE_ALPHABET : DIGITS;
      const checks = new Set([...alphabet].map((ch) => mrnCheckDigit(replaceAt(body, i, ch))));
      expect(checks.size, `position ${i}`).toBeGreaterThan(1);
    }
  });

  it('is the Damm check digit (known answer: 572 → 4, from Damm’s published example)', () => {
    expect(mrnCheckDigit('572')).toBe(4);
    expect(canonicalMrn(`K7M-000572-${mrnCheckDigit('K7M000572')}`)).not.toBeNull();
  });

  it('is the same in upper and lower case', () => {
    for (const mrn of mrns.slice(0, 100)) {
      const body = compact(mrn).slice(0, 9);
      expect(mrnCheckDigit(body.toLowerCase())).toBe(mrnCheckDigit(body));
    }
  });
});
