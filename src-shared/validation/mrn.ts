/**
 * Medical record numbers are made offline without collisions: a workstation code that is
 * unique within the clinic, that workstation's own counter, and a check digit that catches
 * a mistyped or transposed character. Shown as `K7M-000123-4`.
 */
export const WORKSTATION_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const WORKSTATION_CODE = /^[2-9A-HJ-NP-Z]{3}$/;
const MRN_TEXT = /^([2-9A-HJ-NP-Z]{3})-?(\d{6,9})-?(\d)$/;
const COUNTER_WIDTH = 6;

export function isWorkstationCode(code: string): boolean {
  return WORKSTATION_CODE.test(code);
}

/** Luhn (mod 10) over the characters' base-36 values written out in decimal, as ISO 6346 / IBAN-style schemes do. */
export function mrnCheckDigit(body: string): number {
  const digits = [...body.toUpperCase()].map((ch) => parseInt(ch, 36).toString(10)).join('');
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function formatMrn(workstationCode: string, counter: number): string {
  if (!isWorkstationCode(workstationCode)) throw new Error('Invalid workstation code');
  if (!Number.isSafeInteger(counter) || counter < 1) throw new Error('Invalid MRN counter');
  const serial = String(counter).padStart(COUNTER_WIDTH, '0');
  return `${workstationCode}-${serial}-${mrnCheckDigit(workstationCode + serial)}`;
}

/** The canonical MRN for text a user typed (any case, dashes or spaces optional), or null if it is not one. */
export function canonicalMrn(text: string): string | null {
  const match = MRN_TEXT.exec(text.trim().toUpperCase().replace(/\s+/g, ''));
  if (!match) return null;
  const [, code = '', serial = '', check = ''] = match;
  if (mrnCheckDigit(code + serial) !== Number(check)) return null;
  return `${code}-${serial}-${check}`;
}
