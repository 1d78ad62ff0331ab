import { format, isExists } from 'date-fns';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const US_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const US_DATE_COMPACT = /^(\d{2})(\d{2})(\d{4})$/;

export const EARLIEST_BIRTH_YEAR = 1900;

function toIso(year: number, month: number, day: number): string | null {
  if (!isExists(year, month - 1, day)) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Reads a calendar date typed the ways a front desk types them:
 * YYYY-MM-DD, MM/DD/YYYY (also with - or .), M/D/YYYY and MMDDYYYY.
 * Returns YYYY-MM-DD, or null when the text is not a real date.
 */
export function parseDateInput(text: string): string | null {
  const value = text.trim();
  const iso = ISO_DATE.exec(value);
  if (iso) return toIso(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const us = US_DATE.exec(value) ?? US_DATE_COMPACT.exec(value);
  if (us) return toIso(Number(us[3]), Number(us[1]), Number(us[2]));
  return null;
}

export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  return match !== null && toIso(Number(match[1]), Number(match[2]), Number(match[3])) !== null;
}

/** Today's calendar date on this machine, as YYYY-MM-DD. */
export function localIsoDate(now: Date = new Date()): string {
  return format(now, 'yyyy-MM-dd');
}
