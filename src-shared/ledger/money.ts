/**
 * Money is integer cents everywhere (never floating point). How an amount reads on screen and on
 * paper, and the short number a receipt carries.
 */

/** The most one payment may be: a front-desk typing slip (an extra zero or two) is refused, not posted. */
export const MAX_PAYMENT_CENTS = 10_000_000;

/** 123456 → "$1,234.56"; -2500 → "-$25.00". */
export function formatCents(cents: number): string {
  const whole = Math.abs(cents);
  const dollars = Math.floor(whole / 100).toLocaleString('en-US');
  return `${cents < 0 ? '-' : ''}$${dollars}.${String(whole % 100).padStart(2, '0')}`;
}

/**
 * A receipt's number: the entry id's last 12 hex digits (its random part: a UUIDv7 starts with the
 * time, which entries posted together share), upper case in groups of four, e.g. "9C21-04BD-7F3A".
 */
export function receiptNumber(entryId: string): string {
  const tail = entryId.replaceAll('-', '').slice(-12).toUpperCase();
  return tail.match(/.{1,4}/g)!.join('-');
}
