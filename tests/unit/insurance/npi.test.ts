import { describe, expect, it } from 'vitest';
import { isValidNpi, npiCheckDigit, npiProblem } from '../../../src-shared/validation/npi';

describe('NPI check digit (Luhn over "80840" + the first nine digits)', () => {
  it.each([
    ['1234567893', 'the example NPI in the CMS check-digit specification'],
    ['9999984591', 'a practitioner of the Synthea 2024 sample'],
    ['9999891895', 'a practitioner of the Synthea 2024 sample'],
    ['9999939991', 'a practitioner of the Synthea 2024 sample'],
    ['1912301953', 'the billing provider of the X12 837P sample demo.example1.X222A1'],
  ])('accepts %s (%s)', (npi) => {
    expect(npiProblem(npi)).toBeNull();
    expect(isValidNpi(npi)).toBe(true);
  });

  it('computes the CMS example digit', () => {
    expect(npiCheckDigit('123456789')).toBe(3);
  });

  it.each(['1234567890', '1666666661', '9876543210', '9992233334'])('refuses %s: wrong check digit (real sample files carry these)', (npi) => {
    expect(npiProblem(npi)).toBe('check_digit');
  });

  it('catches every single-digit change and every adjacent swap of a valid NPI', () => {
    const valid = '1234567893';
    for (let i = 0; i < 10; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === valid[i]) continue;
        expect(isValidNpi(valid.slice(0, i) + d + valid.slice(i + 1)), `digit ${i} → ${d}`).toBe(false);
      }
    }
    for (let i = 0; i < 9; i++) {
      if (valid[i] === valid[i + 1]) continue;
      const swapped = valid.slice(0, i) + valid[i + 1] + valid[i] + valid.slice(i + 2);
      // Luhn misses only 09 ↔ 90, which this number does not contain.
      expect(isValidNpi(swapped), `swap at ${i}`).toBe(false);
    }
  });

  it.each(['', '123456789', '12345678931', '123456789X', ' 1234567893', '1234-567893'])('refuses %j: not 10 digits', (npi) => {
    expect(npiProblem(npi)).toBe('format');
  });
});
