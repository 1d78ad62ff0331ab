/**
 * Scheduling benchmarks over synthetic in-memory data: the pure core only (templates →
 * availability → find next available). The database-backed booking service will replace these
 * inputs with rows read for the search window.
 */
import { availabilityForDates, type ProviderSchedule } from '../../src-shared/scheduling/availability';
import { addDays, clinicTimeZone, type Weekday } from '../../src-shared/scheduling/clinic-time';
import { findSlots, type SlotPreferences, type SlotSearch } from '../../src-shared/scheduling/find-slots';
import type { Interval } from '../../src-shared/scheduling/intervals';
import { randomInt, seededRandom } from '../support/seeded-random';
import { percentile, round, timeEach, type Benchmark } from './harness';

const zone = clinicTimeZone('America/New_York');
const PROVIDERS = 20;
const SEARCH_DAYS = 90;
const QUERIES = 1_000;
const TODAY = '2026-03-02';
/** A year of bookings: nine months back, three months ahead (the search window). */
const FIRST_BOOKED_DATE = addDays(TODAY, -275);
const LAST_BOOKED_DATE = addDays(TODAY, SEARCH_DAYS);
const SLOT_MINUTES = 30;

const TYPES = [
  { id: 'follow-up', durationMinutes: 30 },
  { id: 'new-patient', durationMinutes: 60 },
  { id: 'procedure', durationMinutes: 45, resourceIds: ['xray-room'] },
];

interface Clinic {
  schedules: ProviderSchedule[];
  providerBusy: Interval[][];
  resourceBusy: Record<string, Interval[]>;
  bookings: number;
}

/** Mon–Fri 08:00–17:00 with lunch and an afternoon procedure block; holidays and some sick days. */
function schedule(random: () => number): ProviderSchedule {
  const day = {
    hours: [{ from: '08:00', to: '17:00' }],
    breaks: [{ from: '12:00', to: '13:00' }],
    reserved: [{ from: '15:00', to: '17:00', appointmentTypeIds: ['procedure'] }],
  };
  const sickDays = Array.from({ length: 4 }, () => ({ kind: 'closed_day' as const, date: addDays(TODAY, randomInt(random, SEARCH_DAYS)) }));
  return {
    templates: [{ days: { mon: day, tue: day, wed: day, thu: day, fri: { hours: [{ from: '08:00', to: '13:00' }] } } }],
    exceptions: [{ kind: 'closed_day', date: '2026-05-25' }, { kind: 'extra', date: '2026-03-07', from: '09:00', to: '12:00' }, ...sickDays],
  };
}

/**
 * Books each provider's open half hours: almost full for the next three weeks, then thinning out
 * (so "next available" has to look weeks ahead), 85 % full in the past; procedures also hold the X-ray room.
 */
function bookedClinic(random: () => number): Clinic {
  const schedules = Array.from({ length: PROVIDERS }, () => schedule(random));
  const resourceBusy: Record<string, Interval[]> = { 'xray-room': [] };
  let bookings = 0;
  const providerBusy = schedules.map((providerSchedule) => {
    const busy: Interval[] = [];
    for (const open of availabilityForDates(zone, providerSchedule, FIRST_BOOKED_DATE, LAST_BOOKED_DATE)) {
      const daysAhead = (open.start - zone.dayBounds(TODAY).start) / 86_400_000;
      const fill = daysAhead < 0 ? 0.85 : daysAhead < 21 ? 0.97 : daysAhead < 45 ? 0.7 : 0.4;
      for (let start = open.start; start + SLOT_MINUTES * 60_000 <= open.end; start += SLOT_MINUTES * 60_000) {
        if (random() >= fill) continue;
        const booking = { start, end: start + SLOT_MINUTES * 60_000 };
        busy.push(booking);
        if (open.allowedTypeIds !== 'any' && random() < 0.5) resourceBusy['xray-room']!.push(booking);
      }
    }
    bookings += busy.length;
    return busy;
  });
  resourceBusy['xray-room']!.sort((a, b) => a.start - b.start);
  return { schedules, providerBusy, resourceBusy, bookings };
}

const WEEKDAY_CHOICES: Weekday[][] = [['tue'], ['mon', 'wed'], ['thu', 'fri'], ['fri']];

function preferences(random: () => number): SlotPreferences {
  switch (randomInt(random, 5)) {
    case 0:
      return {};
    case 1:
      return { weekdays: WEEKDAY_CHOICES[randomInt(random, WEEKDAY_CHOICES.length)]! };
    case 2:
      return { partOfDay: 'morning' };
    case 3:
      return { partOfDay: 'afternoon', weekdays: ['tue', 'thu'] };
    default:
      return { earliestDate: addDays(TODAY, randomInt(random, 30)) };
  }
}

/** What a front desk asks: any provider (most often) or one, a type, a patient with some bookings, preferences. */
function queries(clinic: Clinic, random: () => number): { providerIndexes: number[]; search: Omit<SlotSearch, 'providers'> }[] {
  return Array.from({ length: QUERIES }, () => {
    const anyProvider = random() < 0.7;
    const providerIndexes = anyProvider ? clinic.schedules.map((_, index) => index) : [randomInt(random, PROVIDERS)];
    const patientBusy = clinic.providerBusy[randomInt(random, PROVIDERS)]!.filter(() => random() < 0.002);
    return {
      providerIndexes,
      search: {
        zone,
        appointmentType: TYPES[randomInt(random, TYPES.length)]!,
        resourceBusy: clinic.resourceBusy,
        patientBusy,
        notBefore: zone.toEpochMs(TODAY, '07:30'),
        days: SEARCH_DAYS,
        preferences: preferences(random),
        granularityMinutes: 15,
        limit: random() < 0.5 ? 5 : 10,
      },
    };
  });
}

export const schedulingBenchmarks: Benchmark[] = [
  {
    name: 'appointments.findNext',
    run: async () => {
      const random = seededRandom(21);
      const clinic = bookedClinic(random);
      const searches = queries(clinic, random);
      const lastDate = addDays(TODAY, SEARCH_DAYS);
      let found = 0;
      /** One request as the service will run it: the candidates' availability for the window, then the search. */
      const findNext = ({ providerIndexes, search }: (typeof searches)[number]) => {
        const providers = providerIndexes.map((index) => ({
          providerId: `provider-${index}`,
          availability: availabilityForDates(zone, clinic.schedules[index]!, TODAY, lastDate),
          busy: clinic.providerBusy[index]!,
        }));
        found += findSlots({ ...search, providers }).length;
      };
      await timeEach(searches.slice(0, 50), findNext); // warm-up
      found = 0;
      const times = await timeEach(searches, findNext);
      return {
        source: 'synthetic in-memory',
        providers: PROVIDERS,
        days: SEARCH_DAYS,
        bookings: clinic.bookings,
        queries: searches.length,
        slots_found: found,
        p50_ms: round(percentile(times, 50)),
        p95_ms: round(percentile(times, 95)),
        p99_ms: round(percentile(times, 99)),
      };
    },
  },
];
