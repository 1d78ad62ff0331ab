/**
 * Addresses of the schedule's three views. The day and week views keep their date (and the week
 * its provider) in the path; the list keeps its filters in the address's query, so a filtered
 * list can be reopened with Back or shared between screens of the same session.
 */
import { addDays, WEEKDAYS, weekdayOf } from '../../../src-shared/scheduling/clinic-time';
import { MAX_LIST_DAYS } from '../../../src-shared/scheduling/schema';
import { APPOINTMENT_STATUSES, occupiesSlot, STATUS_LABELS, type AppointmentStatus } from '../../../src-shared/scheduling/status';
import { isIsoDate, localIsoDate } from '../../../src-shared/validation/dates';

export const dayPath = (date: string) => `/schedule/${date}`;

/** Without a provider the week view opens the first one. */
export const weekPath = (date: string, providerId?: string | null) => (providerId ? `/schedule/week/${providerId}/${date}` : `/schedule/week/${date}`);

/** The Monday of the week holding `date` (weeks run Monday to Sunday, as `appointments.week` gives them). */
export function mondayOf(date: string): string {
  return addDays(date, -((WEEKDAYS.indexOf(weekdayOf(date)) + 6) % 7));
}

/** `any`: every status; `active`: the appointments that hold their time (not cancelled, no-show or rescheduled). */
export type StatusFilter = 'any' | 'active' | AppointmentStatus;
export const STATUS_FILTER_LABELS: Record<StatusFilter, string> = {
  any: 'Any status',
  active: 'Active (not cancelled or missed)',
  ...STATUS_LABELS,
};
const STATUS_FILTERS = Object.keys(STATUS_FILTER_LABELS) as StatusFilter[];

export interface ListFilters {
  from: string;
  to: string;
  providerId: string | null;
  status: StatusFilter;
}

/** What `appointments.list` is asked for a status filter (undefined: every status). */
export function statusesOf(filter: StatusFilter): AppointmentStatus[] | undefined {
  if (filter === 'any') return undefined;
  if (filter === 'active') return APPOINTMENT_STATUSES.filter(occupiesSlot);
  return [filter];
}

export function listPath(filters: ListFilters): string {
  const query = new URLSearchParams({ from: filters.from, to: filters.to });
  if (filters.providerId) query.set('provider', filters.providerId);
  if (filters.status !== 'active') query.set('status', filters.status);
  return `/schedule/list?${query.toString()}`;
}

/** The list's filters from the address's query; what is missing or not understood falls back to the coming week, every provider, active appointments. */
export function readListFilters(search: string, today: string = localIsoDate()): ListFilters {
  const query = new URLSearchParams(search);
  const date = (name: string) => {
    const value = query.get(name) ?? '';
    return isIsoDate(value) ? value : null;
  };
  const from = date('from') ?? today;
  const status = query.get('status') as StatusFilter | null;
  return {
    from,
    to: date('to') ?? addDays(from, 6),
    providerId: query.get('provider') || null,
    status: status && STATUS_FILTERS.includes(status) ? status : 'active',
  };
}

/** Why the list cannot show a range (the service refuses the same), or null. */
export function rangeProblem(from: string, to: string): string | null {
  if (to < from) return 'The end date is before the start date';
  if (addDays(from, MAX_LIST_DAYS - 1) < to) return `At most ${MAX_LIST_DAYS} days at a time`;
  return null;
}

/**
 * Find next available for one patient, with a provider and type to start from, and the first date
 * to look at (the board's "book follow-up" after check-out starts the day after the visit).
 */
export interface FollowUp {
  patientId: string;
  providerId: string;
  appointmentTypeId: string;
  earliestDate: string;
}

export function followUpPath({ patientId, providerId, appointmentTypeId, earliestDate }: FollowUp): string {
  return `/schedule/find?${new URLSearchParams({ patient: patientId, provider: providerId, type: appointmentTypeId, from: earliestDate }).toString()}`;
}

/** The follow-up asked for in the find page's address, or null (a plain search). */
export function readFollowUp(search: string): FollowUp | null {
  const query = new URLSearchParams(search);
  const [patientId, providerId, appointmentTypeId, from] = [query.get('patient'), query.get('provider'), query.get('type'), query.get('from')];
  if (!patientId || !providerId || !appointmentTypeId) return null;
  return { patientId, providerId, appointmentTypeId, earliestDate: from && isIsoDate(from) ? from : '' };
}
