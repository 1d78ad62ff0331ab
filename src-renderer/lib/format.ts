import { differenceInMonths, differenceInYears, format, isValid, parseISO } from 'date-fns';
import { SEX_LABELS, type Patient } from '../../src-shared/patients/schema';
import { formatPhoneForDisplay } from '../../src-shared/validation/phone';

/** A plain calendar date (YYYY-MM-DD) as a local Date at midnight, never shifted by time zones. */
function plainDate(iso: string): Date | null {
  const date = parseISO(iso);
  return isValid(date) ? date : null;
}

/** 1985-07-14 → 07/14/1985 (the clinic's US convention until clinic settings exist). */
export function formatDate(iso: string): string {
  const date = plainDate(iso);
  return date ? format(date, 'MM/dd/yyyy') : iso;
}

/** 1985-07-14 → July 14, 1985 */
export function formatLongDate(iso: string): string {
  const date = plainDate(iso);
  return date ? format(date, 'MMMM d, yyyy') : iso;
}

/** "40 y"; under two years old in months ("5 mo"); null for a date in the future. */
export function formatAge(isoDateOfBirth: string, today: Date = new Date()): string | null {
  const date = plainDate(isoDateOfBirth);
  if (!date || date > today) return null;
  const years = differenceInYears(today, date);
  return years < 2 ? `${differenceInMonths(today, date)} mo` : `${years} y`;
}

/** "07/14/1985 (40 y)" */
export function formatDateOfBirth(iso: string, today: Date = new Date()): string {
  const age = formatAge(iso, today);
  return age ? `${formatDate(iso)} (${age})` : formatDate(iso);
}

export function formatPhone(e164: string | null): string {
  return e164 ? formatPhoneForDisplay(e164) : '';
}

/** An instant (ISO 8601 with zone) in this machine's local time: 03/02/2026 10:04 AM */
export function formatInstant(iso: string): string {
  const date = parseISO(iso);
  return isValid(date) ? format(date, 'MM/dd/yyyy h:mm a') : iso;
}

export function formatSex(sex: Patient['sex']): string {
  return SEX_LABELS[sex];
}

/** "Lopez, Maria": the order a front desk files and reads names in. */
export function formatName(p: Pick<Patient, 'givenName' | 'familyName'>): string {
  return `${p.familyName}, ${p.givenName}`;
}

export { addressLines, providerName as formatProviderName } from '../../src-shared/patients/display';
