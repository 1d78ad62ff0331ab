/**
 * Medical record numbers are made offline without collisions: a workstation code that is
 * unique within the clinic, that workstation's own counter, and a check digit that catches
 * a mistyped or transposed character. Shown as `K7M-000123-0`.
 */
export const WORKSTATION_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const WORKSTATION_CODE = /^[2-9A-HJ-NP-Z]{3}$/;
const MRN_TEXT = /^([2-9A-HJ-NP-Z]{3})-?(\d{6,9})-?(\d)$/;
const COUNTER_WIDTH = 6;

export function isWorkstationCode(code: string): boolean {
  return WORKSTATION_CODE.test(code);
}

/**
 * The Damm quasigroup of order 10: a running check over decimal digits that catches every
 * single-digit change and every swap of two adjacent digits (Luhn misses 09↔90 and, over the
 * two-digit values of letters, every swap of two letters).
 */
const DAMM_TABLE = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
] as const;

/**
 * Damm check digit over the characters' base-36 values written out in decimal. Every change or
 * adjacent swap among the digits is caught; one decimal digit cannot separate all 32 code
 * letters, so a small share of changes inside the workstation code slip through.
 */
export function mrnCheckDigit(body: string): number {
  const digits = [...body.toUpperCase()].map((ch) => parseInt(ch, 36).toString(10)).join('');
  let interim = 0;
  for (const digit of digits) interim = DAMM_TABLE[interim]?.[Number(digit)] ?? Number.NaN;
  return interim;
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
