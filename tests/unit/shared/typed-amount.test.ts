import { describe, expect, it } from 'vitest';
import { MAX_PAYMENT_CENTS } from '../../../src-shared/ledger/money';
import { parsePaymentAmount } from '../../../src-shared/ledger/typed-amount';

const cents = (typed: string) => {
  const read = parsePaymentAmount(typed);
  return read.ok ? read.cents : read.message;
};

describe('a payment amount typed in dollars', () => {
  it('reads dollars and cents as people type them into whole cents', () => {
    expect(cents('25')).toBe(2500);
    expect(cents('25.00')).toBe(2500);
    expect(cents('$25')).toBe(2500);
    expect(cents(' $ 25.5 ')).toBe(2550);
    expect(cents('0.07')).toBe(7);
    expect(cents('.5')).toBe(50);
    expect(cents('5.')).toBe(500);
    expect(cents('1,250.75')).toBe(125075);
    expect(cents('100000')).toBe(MAX_PAYMENT_CENTS);
    // Floating point would make this 1004.9999… cents.
    expect(cents('10.05')).toBe(1005);
    expect(cents('0.29')).toBe(29);
  });

  it('refuses negatives, letters, more than two decimals, zero, nothing and too much, saying which', () => {
    for (const negative of ['-5', '-$5', '$-5', '(5.00)', '−5']) expect(cents(negative), negative).toMatch(/never negative/);
    for (const garbled of ['abc', '25a', '2 5', '1e3', '25,00', '1,25', '.', '25$', '0x19', 'twenty']) expect(cents(garbled), garbled).toMatch(/in digits/);
    expect(cents('25.001')).toMatch(/At most two decimals/);
    expect(cents('25.999')).toMatch(/At most two decimals/);
    for (const zero of ['0', '0.00', '$0', '.0']) expect(cents(zero), zero).toBe('Enter an amount above zero');
    for (const blank of ['', '   ', '$']) expect(cents(blank)).toMatch(/Enter the amount paid/);
    expect(cents('100000.01')).toBe('At most $100,000.00 in one payment');
    expect(cents('99999999999999999999')).toBe('At most $100,000.00 in one payment');
  });
});
