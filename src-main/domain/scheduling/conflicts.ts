/**
 * The booking check: one or more planned visits (a series checks all of its visits at once)
 * against the provider's bookable time for the type, the provider's other appointments, every
 * room and device the type needs, and the patient's appointments with anyone. Everything that
 * collides is reported together, before anything is written.
 *
 * A collision with the provider's own time (outside the bookable time, or another appointment of
 * the provider) may be overbooked with a reason when the type allows it, up to the type's cap per
 * day; a room, a device or the patient can never be in two places.
 */
import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { AppError } from '../../../src-shared/rpc/errors';
import { allowsType } from '../../../src-shared/scheduling/availability';
import type { ClinicTimeZone, EpochMs } from '../../../src-shared/scheduling/clinic-time';
import { contains, overlapping, union, type Interval } from '../../../src-shared/scheduling/intervals';
import type { AppointmentType, Conflict, ConflictKind, Resource, ScheduleProvider } from '../../../src-shared/scheduling/schema';
import { availableOn, providerSchedules } from './availability';
import { OCCUPYING_STATUSES, fieldError, iso, localizer, type Db } from './common';
import { patientBusy, providersBusy, resourcesBusy, type Busy } from './occupancy';
import { getResource } from './setup';

export interface PlannedVisit extends Interval {
  /** A series visit's date by its rule (reported with its conflicts). */
  readonly occurrenceDate?: string;
  /** A series visit whose time the clocks skip that day: refused (`nonexistent_time`). */
  readonly nonexistentLocalTime?: boolean;
}

export interface BookingCheck {
  readonly zone: ClinicTimeZone;
  readonly patientId: string;
  readonly provider: ScheduleProvider;
  readonly type: AppointmentType;
  readonly visits: readonly PlannedVisit[];
  readonly overbookReason: string | undefined;
  /** Appointments being replaced (a reschedule, a series change): their own time does not count. */
  readonly replacing: ReadonlySet<string>;
}

const OVERBOOKABLE: ReadonlySet<ConflictKind> = new Set(['availability', 'provider']);
const MAX_LISTED = 6;

/** The rooms and devices a type needs; refused when one is out of use (the type cannot be booked until it is changed). */
export async function requiredResources(db: Db, type: AppointmentType): Promise<Resource[]> {
  const resources = await Promise.all(type.resourceIds.map((id) => getResource(db, id, 'appointmentTypeId')));
  const unusable = resources.find((resource) => !resource.active);
  if (unusable) throw fieldError('appointmentTypeId', `This type needs ${unusable.name}, which is no longer in use`);
  return resources;
}

/**
 * Checks every visit; returns, per visit, whether it is an overbook. Throws CONFLICT naming every
 * collision (`details.conflicts`), VALIDATION when the type needs a room or device out of use.
 */
export async function checkBooking(db: Db, check: BookingCheck): Promise<boolean[]> {
  const { zone, provider, type, visits } = check;
  const resources = await requiredResources(db, type);

  const window = { start: Math.min(...visits.map((visit) => visit.start)), end: Math.max(...visits.map((visit) => visit.end)) };
  const [firstDate, lastDate] = [zone.dateOf(window.start), zone.dateOf(window.end - 1)];
  const schedule = (await providerSchedules(db, [provider.id], firstDate, lastDate)).get(provider.id);
  const bookable = union(availableOn(zone, schedule, firstDate, lastDate).filter((interval) => allowsType(interval, type.id)));
  const providerBusy = (await providersBusy(db, [provider.id], window, check.replacing)).get(provider.id)!;
  const ownBusy = await patientBusy(db, check.patientId, window, check.replacing);
  const roomBusy = await resourcesBusy(db, type.resourceIds, window, check.replacing);
  const overbooksOn = overbookCounter(db, zone, provider.id, check.replacing);
  const local = localizer(zone);

  const refused: Conflict[] = [];
  const overbooked: boolean[] = [];
  /** A visit accepted: later visits of the same request must not collide with it either. */
  const hold = (visit: PlannedVisit, overbook: boolean) => {
    const held: Busy = { id: '', providerId: provider.id, start: visit.start, end: visit.end, overbooked: overbook };
    providerBusy.push(held);
    ownBusy.push(held);
    for (const resource of resources) roomBusy.get(resource.id)!.push(held);
    if (overbook) overbooksOn.add(visit.start);
  };
  for (const visit of visits) {
    const conflict = (kind: ConflictKind, interval: Interval, ids: Partial<Pick<Conflict, 'appointmentId' | 'resourceId' | 'providerId'>> = {}): Conflict => ({
      kind,
      start: iso(interval.start),
      end: iso(interval.end),
      local: local.span(interval.start, interval.end),
      ...ids,
      ...(visit.occurrenceDate ? { occurrenceDate: visit.occurrenceDate } : {}),
    });
    const found: Conflict[] = [];
    if (visit.nonexistentLocalTime) found.push(conflict('nonexistent_time', visit));
    if (!bookable.some((interval) => contains(interval, visit))) found.push(conflict('availability', visit, { providerId: provider.id }));
    for (const busy of overlapping(providerBusy, visit)) found.push(conflict('provider', busy, { appointmentId: busy.id, providerId: provider.id }));
    for (const resource of resources) {
      for (const busy of overlapping(roomBusy.get(resource.id) ?? [], visit)) found.push(conflict('resource', busy, { appointmentId: busy.id, resourceId: resource.id }));
    }
    for (const busy of overlapping(ownBusy, visit)) found.push(conflict('patient', busy, { appointmentId: busy.id, providerId: busy.providerId }));

    const overbook = found.length > 0 && found.every((item) => OVERBOOKABLE.has(item.kind)) && check.overbookReason !== undefined && type.overbookRule !== 'never';
    const overCap = overbook && type.overbookRule === 'cap' && (await overbooksOn(visit.start)) >= (type.overbookCapPerDay ?? 0);
    overbooked.push(overbook);
    if (overCap) refused.push(conflict('overbook_cap', visit, { providerId: provider.id }));
    else if (found.length > 0 && !overbook) refused.push(...found);
    else hold(visit, overbook);
  }
  if (refused.length > 0) throw conflictError(zone, check, resources, refused);
  return overbooked;
}

/** Overbooked appointments of the provider per clinic day, read once per day, plus this request's own. */
function overbookCounter(db: Db, zone: ClinicTimeZone, providerId: string, replacing: ReadonlySet<string>) {
  const counts = new Map<string, number>();
  const count = async (start: EpochMs): Promise<number> => {
    const date = zone.dateOf(start);
    const known = counts.get(date);
    if (known !== undefined) return known;
    const day = zone.dayBounds(date);
    const rows = await db
      .selectFrom('appointments')
      .select('id')
      .where('providerId', '=', providerId)
      .where('deletedAt', 'is', null)
      .where('startAt', '>=', iso(day.start))
      .where('startAt', '<', iso(day.end))
      .where('status', 'in', OCCUPYING_STATUSES)
      .where('overbookReason', 'is not', null)
      .execute();
    const stored = rows.filter((row) => !replacing.has(row.id)).length;
    counts.set(date, stored);
    return stored;
  };
  return Object.assign(count, {
    add: (start: EpochMs) => {
      const date = zone.dateOf(start);
      counts.set(date, (counts.get(date) ?? 0) + 1);
    },
  });
}

function conflictError(zone: ClinicTimeZone, check: BookingCheck, resources: readonly Resource[], conflicts: readonly Conflict[]): AppError {
  const overbookable = check.type.overbookRule !== 'never' && conflicts.every((conflict) => OVERBOOKABLE.has(conflict.kind));
  const lines = conflicts.slice(0, MAX_LISTED).map((conflict) => describe(zone, check, resources, conflict));
  const more = conflicts.length > MAX_LISTED ? `; and ${conflicts.length - MAX_LISTED} more` : '';
  const refusedVisits = new Set(conflicts.map((conflict) => conflict.occurrenceDate)).size;
  const lead = check.visits.length > 1 ? `${refusedVisits} of the ${check.visits.length} visits cannot be booked: ` : 'Cannot book: ';
  const hint = overbookable && check.overbookReason === undefined ? ' An overbook is possible with a reason.' : '';
  return new AppError('CONFLICT', `${lead}${lines.join('; ')}${more}.${hint}`, {
    ...(overbookable && check.overbookReason === undefined ? { fields: { overbookReason: 'Give a reason to overbook' } } : {}),
    details: { reason: 'conflicts', conflicts, overbookable },
  });
}

/** One collision in front-desk words: times, the provider, the room; never the patient's name. */
function describe(zone: ClinicTimeZone, check: BookingCheck, resources: readonly Resource[], conflict: Conflict): string {
  const start = Date.parse(conflict.start);
  const end = Date.parse(conflict.end);
  const inZone = { in: tz(zone.name) };
  const when = `${format(start, 'EEE MMM d', inZone)}, ${format(start, 'h:mm a', inZone)}–${format(end, 'h:mm a', inZone)}`;
  const provider = check.provider.displayName;
  switch (conflict.kind) {
    case 'availability':
      return `${provider} is not bookable for ${check.type.name} on ${when}`;
    case 'provider':
      return `${provider} already has an appointment on ${when}`;
    case 'resource':
      return `${resources.find((resource) => resource.id === conflict.resourceId)?.name ?? 'A room'} is booked on ${when}`;
    case 'patient':
      return `the patient already has an appointment${conflict.providerId === check.provider.id ? '' : ' with another provider'} on ${when}`;
    case 'overbook_cap':
      return `${provider} already has ${check.type.overbookCapPerDay} overbooked appointment(s) on ${format(start, 'EEE MMM d', inZone)}, the most ${check.type.name} allows`;
    case 'nonexistent_time':
      return `${format(start, 'EEE MMM d', inZone)}: the time does not exist (clocks spring forward)`;
  }
}
