import { describe, expect, it } from 'vitest';
import { allowsType, availabilityForDates, type DayTemplate, type ProviderSchedule } from '../../../src-shared/scheduling/availability';
import { clinicTimeZone, type ClinicTimeZone } from '../../../src-shared/scheduling/clinic-time';
import { findSlots, type ProviderCandidate, type Slot, type SlotSearch } from '../../../src-shared/scheduling/find-slots';
import { overlaps, type Interval } from '../../../src-shared/scheduling/intervals';
import { randomInt, seededRandom } from '../../support/seeded-random';
import { expectSchedulingError, localText } from './support';

const newYork = clinicTimeZone('America/New_York');
const MINUTE = 60_000;

const straight: DayTemplate = { hours: [{ from: '09:00', to: '17:00' }] };
const weekdaysNineToFive: ProviderSchedule = { templates: [{ days: { mon: straight, tue: straight, wed: straight, thu: straight, fri: straight } }] };

function provider(providerId: string, schedule: ProviderSchedule, busy: Interval[] = [], zone = newYork): ProviderCandidate {
  return { providerId, availability: availabilityForDates(zone, schedule, '2026-03-01', '2026-04-30'), busy };
}

/** A local range on a date in New York, as an interval. */
function at(date: string, from: string, to: string, zone: ClinicTimeZone = newYork): Interval {
  return { start: zone.toEpochMs(date, from), end: zone.toEpochMs(date, to) };
}

function search(overrides: Partial<SlotSearch>): SlotSearch {
  return {
    zone: newYork,
    appointmentType: { id: 'follow-up', durationMinutes: 30 },
    providers: [provider('dr-a', weekdaysNineToFive)],
    notBefore: newYork.toEpochMs('2026-03-09', '08:00'),
    days: 90,
    limit: 3,
    ...overrides,
  };
}

const shown = (slots: readonly Slot[], zone: ClinicTimeZone = newYork) => slots.map((slot) => `${slot.providerId} ${localText(zone, slot)}`);

describe('findSlots', () => {
  it('returns the first free slots in time order, on the granularity', () => {
    expect(shown(findSlots(search({})))).toEqual(['dr-a 2026-03-09 09:00–09:30', 'dr-a 2026-03-09 09:15–09:45', 'dr-a 2026-03-09 09:30–10:00']);
    expect(shown(findSlots(search({ granularityMinutes: 30, limit: 2 })))).toEqual(['dr-a 2026-03-09 09:00–09:30', 'dr-a 2026-03-09 09:30–10:00']);
  });

  it('skips booked time and keeps slots whole (a 30-minute gap does not fit 45 minutes)', () => {
    const busy = [at('2026-03-09', '09:00', '10:00'), at('2026-03-09', '10:30', '16:00')];
    const providers = [provider('dr-a', weekdaysNineToFive, busy)];
    expect(shown(findSlots(search({ providers, limit: 2 })))).toEqual(['dr-a 2026-03-09 10:00–10:30', 'dr-a 2026-03-09 16:00–16:30']);
    const long = findSlots(search({ providers, appointmentType: { id: 'follow-up', durationMinutes: 45 }, limit: 2 }));
    expect(shown(long)).toEqual(['dr-a 2026-03-09 16:00–16:45', 'dr-a 2026-03-09 16:15–17:00']);
  });

  it('lets a slot end exactly when availability ends, never after', () => {
    const busy = [at('2026-03-09', '09:00', '16:30')];
    const slots = findSlots(search({ providers: [provider('dr-a', weekdaysNineToFive, busy)], limit: 2 }));
    expect(shown(slots)).toEqual(['dr-a 2026-03-09 16:30–17:00', 'dr-a 2026-03-10 09:00–09:30']);
  });

  it('starts no earlier than `notBefore`, rounded up to the granularity', () => {
    const slots = findSlots(search({ notBefore: newYork.toEpochMs('2026-03-09', '10:07'), limit: 1 }));
    expect(shown(slots)).toEqual(['dr-a 2026-03-09 10:15–10:45']);
  });

  it('aligns slots to the local clock, also where the offset is not whole hours (Kathmandu +5:45)', () => {
    const kathmandu = clinicTimeZone('Asia/Kathmandu');
    const slots = findSlots(
      search({
        zone: kathmandu,
        providers: [provider('dr-k', weekdaysNineToFive, [], kathmandu)],
        notBefore: kathmandu.toEpochMs('2026-03-09', '08:50'),
        granularityMinutes: 30,
        limit: 2,
      }),
    );
    expect(shown(slots, kathmandu)).toEqual(['dr-k 2026-03-09 09:00–09:30', 'dr-k 2026-03-09 09:30–10:00']);
  });

  it('merges several providers in time order, ties in the order given', () => {
    const providers = [
      provider('dr-a', weekdaysNineToFive, [at('2026-03-09', '09:00', '10:00')]),
      provider('dr-b', weekdaysNineToFive, [at('2026-03-09', '09:00', '09:30')]),
      provider('dr-c', weekdaysNineToFive, [at('2026-03-09', '09:00', '10:00')]),
    ];
    const slots = findSlots(search({ providers, granularityMinutes: 30, limit: 5 }));
    expect(shown(slots)).toEqual([
      'dr-b 2026-03-09 09:30–10:00',
      'dr-a 2026-03-09 10:00–10:30',
      'dr-b 2026-03-09 10:00–10:30',
      'dr-c 2026-03-09 10:00–10:30',
      'dr-a 2026-03-09 10:30–11:00',
    ]);
  });

  it('needs every required resource free, and ignores resources the type does not need', () => {
    const resourceBusy = { 'xray-room': [at('2026-03-09', '09:00', '11:00')], 'us-machine': [at('2026-03-09', '11:00', '12:00')] };
    const xray = { id: 'xray', durationMinutes: 30, resourceIds: ['xray-room', 'us-machine'] };
    expect(shown(findSlots(search({ appointmentType: xray, resourceBusy, limit: 1 })))).toEqual(['dr-a 2026-03-09 12:00–12:30']);
    expect(shown(findSlots(search({ resourceBusy, limit: 1 })))).toEqual(['dr-a 2026-03-09 09:00–09:30']);
    const unlisted = { id: 'xray', durationMinutes: 30, resourceIds: ['ecg'] };
    expect(shown(findSlots(search({ appointmentType: unlisted, resourceBusy, limit: 1 })))).toEqual(['dr-a 2026-03-09 09:00–09:30']);
  });

  it('never books the patient twice at once, whoever the other appointment is with', () => {
    const patientBusy = [at('2026-03-09', '09:00', '09:40')];
    const providers = [provider('dr-a', weekdaysNineToFive), provider('dr-b', weekdaysNineToFive)];
    expect(shown(findSlots(search({ providers, patientBusy, limit: 2 })))).toEqual(['dr-a 2026-03-09 09:45–10:15', 'dr-b 2026-03-09 09:45–10:15']);
  });

  it('keeps reserved blocks for their types, and lets those types run across the block edge', () => {
    const day: DayTemplate = { hours: [{ from: '09:00', to: '12:00' }], reserved: [{ from: '10:00', to: '11:00', appointmentTypeIds: ['procedure'] }] };
    const schedule: ProviderSchedule = { templates: [{ days: { mon: day } }] };
    const busy = [at('2026-03-09', '09:00', '09:45')];
    const providers = [provider('dr-a', schedule, busy)];
    const followUp = findSlots(search({ providers, granularityMinutes: 15, limit: 3 }));
    expect(shown(followUp)).toEqual(['dr-a 2026-03-09 11:00–11:30', 'dr-a 2026-03-09 11:15–11:45', 'dr-a 2026-03-09 11:30–12:00']);
    const procedure = findSlots(search({ providers, appointmentType: { id: 'procedure', durationMinutes: 30 }, limit: 1 }));
    expect(shown(procedure)).toEqual(['dr-a 2026-03-09 09:45–10:15']);
  });

  it('honours preferred weekdays, morning or afternoon (by start time), and an earliest date', () => {
    expect(shown(findSlots(search({ preferences: { weekdays: ['thu'] }, limit: 1 })))).toEqual(['dr-a 2026-03-12 09:00–09:30']);
    const busyMorning = [provider('dr-a', weekdaysNineToFive, [at('2026-03-09', '09:00', '11:45')])];
    expect(shown(findSlots(search({ providers: busyMorning, preferences: { partOfDay: 'morning' }, limit: 2 })))).toEqual([
      'dr-a 2026-03-09 11:45–12:15',
      'dr-a 2026-03-10 09:00–09:30',
    ]);
    expect(shown(findSlots(search({ preferences: { partOfDay: 'afternoon' }, limit: 1 })))).toEqual(['dr-a 2026-03-09 12:00–12:30']);
    expect(shown(findSlots(search({ preferences: { partOfDay: 'afternoon', afternoonStartsAt: '13:30' }, limit: 1 })))).toEqual([
      'dr-a 2026-03-09 13:30–14:00',
    ]);
    expect(shown(findSlots(search({ preferences: { earliestDate: '2026-03-20', weekdays: ['mon', 'fri'] }, limit: 2 })))).toEqual([
      'dr-a 2026-03-20 09:00–09:30',
      'dr-a 2026-03-20 09:15–09:45',
    ]);
  });

  it('keeps 09:00 local on both sides of the clock change', () => {
    const everyDay: ProviderSchedule = { templates: [{ days: { sat: straight, sun: straight } }] };
    const slots = findSlots(
      search({ providers: [provider('dr-a', everyDay)], notBefore: newYork.toEpochMs('2026-03-07', '00:00'), preferences: { partOfDay: 'morning' }, granularityMinutes: 180, limit: 4 }),
    );
    expect(shown(slots)).toEqual(['dr-a 2026-03-07 09:00–09:30', 'dr-a 2026-03-08 09:00–09:30', 'dr-a 2026-03-14 09:00–09:30', 'dr-a 2026-03-15 09:00–09:30']);
    expect(new Date(slots[0]!.start).toISOString()).toBe('2026-03-07T14:00:00.000Z');
    expect(new Date(slots[1]!.start).toISOString()).toBe('2026-03-08T13:00:00.000Z');
  });

  it('returns fewer slots (or none) when the horizon runs out, and none without providers', () => {
    const busy = [at('2026-03-09', '09:00', '16:00')];
    expect(shown(findSlots(search({ providers: [provider('dr-a', weekdaysNineToFive, busy)], days: 1, granularityMinutes: 30, limit: 5 })))).toEqual([
      'dr-a 2026-03-09 16:00–16:30',
      'dr-a 2026-03-09 16:30–17:00',
    ]);
    expect(findSlots(search({ providers: [] }))).toEqual([]);
    expect(findSlots(search({ preferences: { weekdays: ['sat', 'sun'] } }))).toEqual([]);
  });

  it('accepts busy intervals in any order', () => {
    const busy = [at('2026-03-09', '10:30', '16:00'), at('2026-03-09', '09:00', '10:00')];
    expect(shown(findSlots(search({ providers: [provider('dr-a', weekdaysNineToFive, busy)], limit: 1 })))).toEqual(['dr-a 2026-03-09 10:00–10:30']);
  });

  it('refuses bad searches with specific errors', () => {
    for (const durationMinutes of [0, -15, 7.5, 2000]) {
      expectSchedulingError(() => findSlots(search({ appointmentType: { id: 'x', durationMinutes } })), 'invalid_duration');
    }
    expectSchedulingError(() => findSlots(search({ granularityMinutes: 0 })), 'invalid_option');
    expectSchedulingError(() => findSlots(search({ limit: 0 })), 'invalid_option');
    expectSchedulingError(() => findSlots(search({ days: 0 })), 'invalid_option');
    expectSchedulingError(() => findSlots(search({ days: 1000 })), 'invalid_option');
    expectSchedulingError(() => findSlots(search({ notBefore: Number.NaN })), 'invalid_instant');
    expectSchedulingError(() => findSlots(search({ preferences: { weekdays: ['funday' as 'mon'] } })), 'invalid_option');
    expectSchedulingError(() => findSlots(search({ preferences: { partOfDay: 'evening' as 'morning' } })), 'invalid_option');
    expectSchedulingError(() => findSlots(search({ preferences: { earliestDate: '2026-02-30' } })), 'invalid_date');
    expectSchedulingError(() => findSlots(search({ preferences: { afternoonStartsAt: '1pm' } })), 'invalid_time');
  });
});

describe('findSlots agrees with a brute-force search on random clinics', () => {
  /** The reference: try every start of the day whose local time is on the granularity and check every rule directly. */
  function bruteForce(request: SlotSearch, date: string): Slot[] {
    const { start: dayStart, end: dayEnd } = request.zone.dayBounds(date);
    const duration = request.appointmentType.durationMinutes * MINUTE;
    const step = request.granularityMinutes ?? 15;
    const shared = [...(request.appointmentType.resourceIds ?? []).flatMap((id) => request.resourceBusy?.[id] ?? []), ...(request.patientBusy ?? [])];
    const slots: Slot[] = [];
    // Every boundary in these clinics is on a 5-minute mark, so 5-minute steps see everything.
    for (let start = dayStart; start < dayEnd; start += 5 * MINUTE) {
      if (start < request.notBefore || request.zone.toLocal(start).minutesOfDay % step !== 0) continue;
      const slot = { start, end: start + duration };
      for (const candidate of request.providers) {
        const usable = candidate.availability.filter((interval) => allowsType(interval, request.appointmentType.id));
        let covered = true;
        for (let minute = slot.start; minute < slot.end; minute += 5 * MINUTE) {
          if (!usable.some((interval) => interval.start <= minute && minute < interval.end)) covered = false;
        }
        const clash = [...(candidate.busy ?? []), ...shared].some((busy) => overlaps(busy, slot));
        if (covered && !clash) slots.push({ providerId: candidate.providerId, ...slot });
      }
    }
    return slots.slice(0, request.limit);
  }

  it('over 200 random days, providers, bookings, resources and reserved blocks', () => {
    const random = seededRandom(11);
    const time = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    const dates = ['2026-03-08', '2026-03-09', '2026-11-01', '2026-06-15'];
    let found = 0;
    for (let round = 0; round < 200; round++) {
      const date = dates[round % dates.length]!;
      const weekday = newYork.toLocal(newYork.dayBounds(date).start).weekday;
      const randomRange = (maxLength: number) => {
        const from = randomInt(random, 96) * 15;
        return { from, to: Math.min(1440, from + 15 + randomInt(random, maxLength / 15) * 15) };
      };
      const randomBusy = (count: number) =>
        Array.from({ length: count }, () => {
          const { from, to } = randomRange(180);
          return { start: newYork.boundaryToEpochMs(date, from), end: newYork.boundaryToEpochMs(date, to) };
        }).filter((interval) => interval.end > interval.start);
      const providers = Array.from({ length: 1 + randomInt(random, 3) }, (_, index) => {
        const hours = Array.from({ length: 1 + randomInt(random, 2) }, () => randomRange(480)).map(({ from, to }) => ({ from: time(from), to: time(to) }));
        const reserved = random() < 0.5 ? [{ ...(({ from, to }) => ({ from: time(from), to: time(to) }))(randomRange(120)), appointmentTypeIds: ['procedure'] }] : [];
        const schedule: ProviderSchedule = { templates: [{ days: { [weekday]: { hours, reserved } } }] };
        return { providerId: `p${index}`, availability: availabilityForDates(newYork, schedule, date, date), busy: randomBusy(randomInt(random, 5)) };
      });
      const request: SlotSearch = {
        zone: newYork,
        appointmentType: { id: random() < 0.5 ? 'procedure' : 'follow-up', durationMinutes: 5 * (1 + randomInt(random, 12)), resourceIds: ['room'] },
        providers,
        resourceBusy: { room: randomBusy(randomInt(random, 3)) },
        patientBusy: randomBusy(randomInt(random, 2)),
        notBefore: newYork.dayBounds(date).start + randomInt(random, 12) * 3_600_000,
        days: 1,
        preferences: { earliestDate: date },
        granularityMinutes: [5, 10, 15, 30, 45, 90][randomInt(random, 6)],
        limit: 1 + randomInt(random, 20),
      };
      const expected = bruteForce(request, date);
      expect(findSlots(request)).toEqual(expected);
      found += expected.length;
    }
    expect(found).toBeGreaterThan(500);
  });
});
