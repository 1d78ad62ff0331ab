import { format, formatDistanceStrict, parseISO } from 'date-fns';
import { WEEKDAYS, type Weekday } from '../../../src-shared/scheduling/clinic-time';
import type { AppointmentType, ScheduleProvider, WaitlistEntry } from '../../../src-shared/scheduling/schema';
import type { RpcResult } from '../../../src-shared/rpc/errors';
import { useTableVersion } from '../../lib/change-feed';
import { formatName } from '../../lib/format';
import { call } from '../../lib/rpc';
import { useLoad } from '../admin/useLoad';

export interface ScheduleNames {
  types: AppointmentType[];
  providers: ScheduleProvider[];
}

/** The clinic's appointment types and providers, inactive ones too (older entries name them), reloaded when they change. */
export function useScheduleNames(): RpcResult<ScheduleNames> | null {
  const version = `${useTableVersion('appointment_types')}:${useTableVersion('providers')}`;
  const [names] = useLoad(async (): Promise<RpcResult<ScheduleNames>> => {
    const [types, providers] = await Promise.all([call('schedule.types.list', { includeInactive: true }), call('schedule.providers.list', { includeInactive: true })]);
    if (!types.ok) return types;
    if (!providers.ok) return providers;
    return { ok: true, value: { types: types.value.items, providers: providers.value.items } };
  }, version);
  return names;
}

export const typeNamed = (names: ScheduleNames, id: string) => names.types.find((type) => type.id === id)?.name ?? 'Unknown type';

/** A provider's name; null means any provider. */
export const providerNamed = (names: ScheduleNames, id: string | null) =>
  id === null ? 'Any provider' : (names.providers.find((provider) => provider.id === id)?.displayName ?? 'Unknown provider');

/** What a search or a waitlist entry asks for: "Follow-up with any provider". */
export const wishLabel = (names: ScheduleNames, appointmentTypeId: string, providerId: string | null) =>
  `${typeNamed(names, appointmentTypeId)} with ${providerId === null ? 'any provider' : providerNamed(names, providerId)}`;

/** A waitlisted patient as the lists show them; a restricted chart the session may not open stays unnamed. */
export const entryPatientName = (entry: Pick<WaitlistEntry, 'patient'>) => (entry.patient ? formatName(entry.patient) : 'Restricted patient');

/** 2026-05-12 → "Tue 05/12/2026" */
export const weekdayAndDate = (date: string) => format(parseISO(date), 'EEE MM/dd/yyyy');

/** 2026-05-12 → "Tuesday" */
export const weekdayName = (date: string) => format(parseISO(date), 'EEEE');

/** A clinic-local span: "Tue 05/12/2026, 09:00–09:30" */
export const spanLabel = (local: { date: string; start: string; end: string }) => `${weekdayAndDate(local.date)}, ${local.start}–${local.end}`;

/** The working week first: Monday 0 … Sunday 6. */
const mondayFirst = (day: Weekday) => (WEEKDAYS.indexOf(day) + 6) % 7;
/** "Tue" (2026-01-04 was a Sunday). */
const shortWeekday = (day: Weekday) => format(new Date(2026, 0, 4 + WEEKDAYS.indexOf(day)), 'EEE');

export interface Preferences {
  weekdays: readonly Weekday[];
  partOfDay: 'morning' | 'afternoon' | null;
  earliestDate: string | null;
}

/** "Tue, Thu · mornings · from 05/12/2026", or "Any time". */
export function preferencesLabel({ weekdays, partOfDay, earliestDate }: Preferences): string {
  const parts = [
    weekdays.length > 0 && weekdays.length < 7 ? [...weekdays].sort((a, b) => mondayFirst(a) - mondayFirst(b)).map(shortWeekday).join(', ') : null,
    partOfDay === 'morning' ? 'mornings' : partOfDay === 'afternoon' ? 'afternoons' : null,
    earliestDate ? `from ${format(parseISO(earliestDate), 'MM/dd/yyyy')}` : null,
  ].filter((part) => part !== null);
  return parts.length > 0 ? parts.join(' · ') : 'Any time';
}

/** "05/01/2026 (3 days)" */
export function waitingSince(createdAt: string, now: Date = new Date()): string {
  const since = parseISO(createdAt);
  return `${format(since, 'MM/dd/yyyy')} (${formatDistanceStrict(since, now, { unit: 'day', roundingMethod: 'floor' })})`;
}
