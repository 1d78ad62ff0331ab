import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/** Until clinic settings exist (admin issue), numbers without a country code are read as US numbers. */
export const DEFAULT_PHONE_COUNTRY: CountryCode = 'US';

/** Returns the number in E.164 (+16175550142) or null when it is not a valid phone number. */
export function toE164(text: string, country: CountryCode = DEFAULT_PHONE_COUNTRY): string | null {
  const parsed = parsePhoneNumberFromString(text.trim(), country);
  return parsed?.isValid() ? parsed.number : null;
}

export function formatPhoneForDisplay(e164: string, country: CountryCode = DEFAULT_PHONE_COUNTRY): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === country ? parsed.formatNational() : parsed.formatInternational();
}

export function digitsOnly(text: string): string {
  return text.replace(/\D+/g, '');
}
