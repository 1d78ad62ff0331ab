/**
 * A payment amount as people type it ("25", "25.5", "25.00", "$25", "1,250.00") read into integer
 * cents without floating point: the whole dollars and the cents are read as separate integers.
 */
import { formatCents, MAX_PAYMENT_CENTS } from './money';

export type TypedAmount = { ok: true; cents: number } | { ok: false; message: string };

/** Digits with or without correct thousands commas, then at most two decimals ("5." and ".5" too). */
const AMOUNT = /^(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/;
const NEGATIVE = /^[-−(]/;

/** Reads a positive payment (up to the cap) typed in dollars; says what is wrong otherwise. */
export function parsePaymentAmount(typed: string): TypedAmount {
  const text = typed.trim().replace(/^\$\s*/, '');
  if (text === '') return { ok: false, message: 'Enter the amount paid, e.g. 25 or 25.00' };
  // "-5", "-$5", "$-5", "(5.00)": an accountant's negatives too.
  if (NEGATIVE.test(typed.trim()) || NEGATIVE.test(text)) {
    return { ok: false, message: 'A payment is never negative: enter the amount paid, e.g. 25.00' };
  }
  const match = AMOUNT.exec(text);
  if (!match || (match[1] === '' && !match[2])) return { ok: false, message: 'Enter dollars and cents in digits, e.g. 25 or 25.00' };
  const [, dollarsText = '', centsText = ''] = match;
  if (centsText.length > 2) return { ok: false, message: 'At most two decimals (cents), e.g. 25.50' };
  const dollars = dollarsText === '' ? 0 : Number(dollarsText.replaceAll(',', ''));
  const cents = dollars * 100 + Number(centsText.padEnd(2, '0'));
  if (cents === 0) return { ok: false, message: 'Enter an amount above zero' };
  if (!Number.isSafeInteger(cents) || cents > MAX_PAYMENT_CENTS) return { ok: false, message: `At most ${formatCents(MAX_PAYMENT_CENTS)} in one payment` };
  return { ok: true, cents };
}
