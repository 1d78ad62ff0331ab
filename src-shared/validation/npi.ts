/**
 * National Provider Identifiers: 10 digits, the last a Luhn check digit computed over the prefix
 * "80840" (the card issuer identifier of the NPI's ISO 7812 form) followed by the first nine digits.
 */
const NPI_TEXT = /^\d{10}$/;
const NPI_PREFIX = '80840';

/** The Luhn check digit over "80840" + the first nine digits. */
export function npiCheckDigit(firstNine: string): number {
  const digits = NPI_PREFIX + firstNine;
  let sum = 0;
  // Doubling starts at the rightmost digit of the body (the check digit will follow it).
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let value = Number(digits[i]);
    if (double) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
  }
  return (10 - (sum % 10)) % 10;
}

export type NpiProblem = 'format' | 'check_digit';

/** Null when the text is a valid NPI, else what is wrong with it. */
export function npiProblem(npi: string): NpiProblem | null {
  if (!NPI_TEXT.test(npi)) return 'format';
  return npiCheckDigit(npi.slice(0, 9)) === Number(npi[9]) ? null : 'check_digit';
}

export function isValidNpi(npi: string): boolean {
  return npiProblem(npi) === null;
}
