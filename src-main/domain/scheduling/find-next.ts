/**
 * Find next available, fed from the database: the candidates' templates and exceptions, their
 * appointments, the type's rooms and devices and the patient's own appointments, handed to the
 * core's findSlots (src-shared/scheduling/find-slots.ts). The window is read in growing chunks
 * (a week, then two, four …): the first free slots are usually near, so most searches read a
 * week of bookings, and one that finds nothing still reads the window once.
 */
import type { ParsedInput } from '../../../src-shared/rpc/contract';
import { addDays, dayNumber, type LocalDate } from '../../../src-shared/scheduling/clinic-time';
import { findSlots } from '../../../src-shared/scheduling/find-slots';
import type { Clock } from '../../clock';
import { requirePatient } from './appointments';
import { availableOn, providerSchedules } from './availability';
import { inField, iso, localizer, schedulingSettings, type Db, type LocalSpan } from './common';
import { requiredResources } from './conflicts';
import { patientBusy, providersBusy, resourcesBusy } from './occupancy';
import { getScheduleProvider, getType, listScheduleProviders } from './setup';

const FIRST_CHUNK_DAYS = 7;
const NOBODY_REPLACED: ReadonlySet<string> = new Set();

export interface FoundSlot {
  providerId: string;
  start: string;
  end: string;
  local: LocalSpan;
}

export async function findNextSlots(db: Db, clock: Clock, input: ParsedInput<'appointments.findNext'>): Promise<FoundSlot[]> {
  const { zone } = await schedulingSettings(db);
  const type = await getType(db, input.appointmentTypeId, { field: 'appointmentTypeId', bookable: true });
  await requiredResources(db, type);
  const providers = input.providerId ? [await getScheduleProvider(db, input.providerId, { bookable: true })] : await listScheduleProviders(db, { includeInactive: false });
  if (input.patientId) await requirePatient(db, input.patientId);
  const providerIds = providers.map((provider) => provider.id);
  const durationMinutes = input.durationMinutes ?? type.durationMinutes;
  const notBefore = clock.now().getTime();
  const today = zone.dateOf(notBefore);
  const firstDate = input.earliestDate && input.earliestDate > today ? input.earliestDate : today;
  const lastDate = addDays(firstDate, input.days - 1);
  const found: FoundSlot[] = [];
  const local = localizer(zone);

  for (let from = firstDate, chunk = FIRST_CHUNK_DAYS; from <= lastDate && found.length < input.limit; from = addDays(from, chunk), chunk *= 2) {
    const to = minDate(addDays(from, chunk - 1), lastDate);
    const window = { start: Math.max(notBefore, zone.dayBounds(from).start), end: zone.dayBounds(to).end + durationMinutes * 60_000 };
    const [schedules, busy, roomBusy, ownBusy] = await Promise.all([
      providerSchedules(db, providerIds, from, to),
      providersBusy(db, providerIds, window, NOBODY_REPLACED, 'times'),
      resourcesBusy(db, type.resourceIds, window, NOBODY_REPLACED, 'times'),
      input.patientId ? patientBusy(db, input.patientId, window, NOBODY_REPLACED, 'times') : Promise.resolve([]),
    ]);
    const slots = inField('earliestDate', () =>
      findSlots({
        zone,
        appointmentType: { id: type.id, durationMinutes, resourceIds: type.resourceIds },
        providers: providerIds.map((providerId) => ({
          providerId,
          availability: availableOn(zone, schedules.get(providerId), from, to),
          busy: busy.get(providerId) ?? [],
        })),
        resourceBusy: Object.fromEntries(roomBusy),
        patientBusy: ownBusy,
        notBefore,
        days: dayNumber(to) - dayNumber(from) + 1,
        preferences: {
          ...(input.weekdays ? { weekdays: input.weekdays } : {}),
          ...(input.partOfDay ? { partOfDay: input.partOfDay } : {}),
          earliestDate: from,
        },
        limit: input.limit - found.length,
      }),
    );
    found.push(...slots.map((slot) => ({ providerId: slot.providerId, start: iso(slot.start), end: iso(slot.end), local: local.span(slot.start, slot.end) })));
  }
  return found;
}

function minDate(a: LocalDate, b: LocalDate): LocalDate {
  return a < b ? a : b;
}
