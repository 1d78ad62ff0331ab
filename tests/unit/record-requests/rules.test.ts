import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  daysUntil,
  dueDateFor,
  effectiveDueOn,
  extendedDueDateFor,
  isAccountable,
  PURPOSE_RULES,
  PURPOSES,
  yearsBefore,
} from '../../../src-shared/record-requests/rules';

/** An independent oracle: whole days on the UTC calendar, which has no daylight saving. */
function utcPlusDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function everyDay(fromYear: number, toYear: number): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(fromYear, 0, 1); t < Date.UTC(toYear + 1, 0, 1); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

// Daylight saving north and south, half-hour offsets, and zones whose clocks skip midnight itself.
const ZONES = ['UTC', 'America/New_York', 'Australia/Adelaide', 'Asia/Kolkata', 'America/Santiago', 'America/Havana', 'Asia/Beirut'];

describe.each(ZONES)('calendar arithmetic in %s', (zone) => {
  const original = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = zone;
  });
  afterAll(() => {
    process.env.TZ = original;
  });

  it('is due 30 calendar days after receipt, on every day of 2000–2030', () => {
    const days = everyDay(2000, 2030);
    expect(days.length).toBeGreaterThan(11_000);
    for (const day of days) expect(dueDateFor(day), day).toBe(utcPlusDays(day, 30));
  });

  it('counts days left to a due date the same way', () => {
    for (const day of everyDay(2026, 2026)) {
      expect(daysUntil(day, utcPlusDays(day, 30)), day).toBe(30);
      expect(daysUntil(day, utcPlusDays(day, -3)), day).toBe(-3);
      expect(daysUntil(day, day), day).toBe(0);
    }
  });
});

describe('due dates', () => {
  it('cross month ends and leap days', () => {
    expect(dueDateFor('2026-01-01')).toBe('2026-01-31');
    expect(dueDateFor('2026-01-31')).toBe('2026-03-02');
    expect(dueDateFor('2024-01-31')).toBe('2024-03-01');
    expect(dueDateFor('2024-02-29')).toBe('2024-03-30');
    expect(dueDateFor('2025-02-15')).toBe('2025-03-17');
    expect(dueDateFor('2024-02-15')).toBe('2024-03-16');
    expect(dueDateFor('2026-12-15')).toBe('2027-01-14');
  });

  it('extends by another 30 days from the original due date', () => {
    expect(extendedDueDateFor('2026-03-02')).toBe('2026-04-01');
    expect(extendedDueDateFor('2024-02-01')).toBe('2024-03-02');
    expect(extendedDueDateFor('2025-02-01')).toBe('2025-03-03');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('counts from the extended date once extended', () => {
    expect(effectiveDueOn({ dueOn: '2026-03-02', extendedDueOn: null })).toBe('2026-03-02');
    expect(effectiveDueOn({ dueOn: '2026-03-02', extendedDueOn: '2026-04-01' })).toBe('2026-04-01');
  });

  it('goes six years back for the accounting, a leap day to the 28th', () => {
    expect(yearsBefore('2026-03-02')).toBe('2020-03-02');
    expect(yearsBefore('2024-02-29')).toBe('2018-02-28');
    expect(yearsBefore('2026-03-02', 1)).toBe('2025-03-02');
  });
});

describe('purposes', () => {
  it('treats treatment, referral, payment and operations as TPO', () => {
    expect(PURPOSES.filter((p) => PURPOSE_RULES[p].tpo)).toEqual(['treatment', 'referral', 'payment', 'operations']);
  });

  it('lists in the accounting everything but TPO and the patient’s own access', () => {
    expect(PURPOSES.filter(isAccountable)).toEqual(['legal', 'public_health', 'law_enforcement', 'research', 'other']);
    expect(isAccountable('patient_access')).toBe(false);
  });

  it('asks for an authorization only where no law or the patient’s own right permits the release', () => {
    expect(PURPOSES.filter((p) => PURPOSE_RULES[p].needsAuthorization)).toEqual(['legal', 'research', 'other']);
  });

  it('has a label for every purpose', () => {
    for (const purpose of PURPOSES) expect(PURPOSE_RULES[purpose].label.length).toBeGreaterThan(3);
  });
});
