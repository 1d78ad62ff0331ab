import { addDays, differenceInCalendarDays, format, parseISO, subYears } from 'date-fns';

/**
 * The rules of release of information (HIPAA 45 CFR 164.524 and 164.528), as pure functions shared
 * by the service and the screens. Dates are calendar dates (YYYY-MM-DD), read and written in the
 * same (local) zone by date-fns, which counts calendar days: a daylight-saving change (even one at
 * midnight) cannot move a due date by a day.
 */

export const PURPOSES = [
  'treatment',
  'referral',
  'payment',
  'operations',
  'patient_access',
  'legal',
  'public_health',
  'law_enforcement',
  'research',
  'other',
] as const;
export type Purpose = (typeof PURPOSES)[number];

interface PurposeRule {
  label: string;
  /** Treatment, payment or health-care operations: never in the accounting, no authorization needed. */
  tpo: boolean;
  /** The patient's own access (or their representative's): not a disclosure the accounting lists. */
  toIndividual: boolean;
  /** A written authorization from the patient must be on file before logging. */
  needsAuthorization: boolean;
}

export const PURPOSE_RULES: Record<Purpose, PurposeRule> = {
  treatment: { label: 'Treatment (another provider)', tpo: true, toIndividual: false, needsAuthorization: false },
  referral: { label: 'Referral', tpo: true, toIndividual: false, needsAuthorization: false },
  payment: { label: 'Insurer / payment', tpo: true, toIndividual: false, needsAuthorization: false },
  operations: { label: 'Health-care operations', tpo: true, toIndividual: false, needsAuthorization: false },
  patient_access: { label: 'Patient’s own access', tpo: false, toIndividual: true, needsAuthorization: false },
  legal: { label: 'Legal (attorney, court)', tpo: false, toIndividual: false, needsAuthorization: true },
  // Required or permitted by law without the patient's authorization (164.512 (b), (f)): these
  // are the disclosures the accounting exists for.
  public_health: { label: 'Public health', tpo: false, toIndividual: false, needsAuthorization: false },
  law_enforcement: { label: 'Law enforcement', tpo: false, toIndividual: false, needsAuthorization: false },
  research: { label: 'Research', tpo: false, toIndividual: false, needsAuthorization: true },
  other: { label: 'Other', tpo: false, toIndividual: false, needsAuthorization: true },
};

/** Whether a release for this purpose belongs in the accounting of disclosures a patient may ask for. */
export function isAccountable(purpose: Purpose): boolean {
  const rule = PURPOSE_RULES[purpose];
  return !rule.tpo && !rule.toIndividual;
}

export const REQUESTER_KINDS = ['patient', 'provider', 'attorney', 'insurer', 'agency', 'other'] as const;
export type RequesterKind = (typeof REQUESTER_KINDS)[number];
export const REQUESTER_KIND_LABELS: Record<RequesterKind, string> = {
  patient: 'Patient or representative',
  provider: 'Provider',
  attorney: 'Attorney',
  insurer: 'Insurer',
  agency: 'Agency',
  other: 'Other',
};

export const RELEASE_METHODS = ['mail', 'fax', 'email', 'portal', 'in_person', 'electronic_exchange'] as const;
export type ReleaseMethod = (typeof RELEASE_METHODS)[number];
export const RELEASE_METHOD_LABELS: Record<ReleaseMethod, string> = {
  mail: 'Mail',
  fax: 'Fax',
  email: 'E-mail',
  portal: 'Patient portal',
  in_person: 'In person',
  electronic_exchange: 'Electronic exchange',
};

export const REQUEST_STATUSES = ['open', 'released', 'denied', 'withdrawn'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  open: 'Open',
  released: 'Released',
  denied: 'Denied',
  withdrawn: 'Withdrawn',
};

/** A request is answered within 30 days of receipt… */
export const RESPONSE_DAYS = 30;
/** …or, once and with a written reason given before that, 30 days later. */
export const EXTENSION_DAYS = 30;
/** The accounting covers the last six years (and a request received earlier is not logged now). */
export const ACCOUNTING_YEARS = 6;
export const MIN_REASON_LENGTH = 10;

const toDate = (isoDate: string): Date => parseISO(isoDate);
const toIso = (date: Date): string => format(date, 'yyyy-MM-dd');

export function addCalendarDays(isoDate: string, days: number): string {
  return toIso(addDays(toDate(isoDate), days));
}

export function dueDateFor(receivedOn: string): string {
  return addCalendarDays(receivedOn, RESPONSE_DAYS);
}

export function extendedDueDateFor(dueOn: string): string {
  return addCalendarDays(dueOn, EXTENSION_DAYS);
}

/** The earliest date a request may be received on, or the accounting start by default. */
export function yearsBefore(today: string, years: number = ACCOUNTING_YEARS): string {
  return toIso(subYears(toDate(today), years));
}

/** Calendar days from `today` until `isoDate`: 0 on the day, negative once past. */
export function daysUntil(today: string, isoDate: string): number {
  return differenceInCalendarDays(toDate(isoDate), toDate(today));
}

/** The date that counts: the extended one once extended. */
export function effectiveDueOn(request: { dueOn: string; extendedDueOn: string | null }): string {
  return request.extendedDueOn ?? request.dueOn;
}
