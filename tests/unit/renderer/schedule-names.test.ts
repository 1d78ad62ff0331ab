import { describe, expect, it, vi } from 'vitest';

// The labels need no service; the module's loading hook does (rpc.ts reads the window on import).
vi.mock('../../../src-renderer/lib/rpc', () => ({ call: vi.fn(), subscribe: vi.fn() }));

import { preferencesLabel, spanLabel, waitingSince, weekdayAndDate } from '../../../src-renderer/features/schedule/schedule-names';

describe('waitlist and find-next labels', () => {
  it('says a waitlist wish in the front desk’s words, days in week order', () => {
    expect(preferencesLabel({ weekdays: [], partOfDay: null, earliestDate: null })).toBe('Any time');
    expect(preferencesLabel({ weekdays: ['thu', 'sun', 'tue'], partOfDay: 'morning', earliestDate: null })).toBe('Tue, Thu, Sun · mornings');
    expect(preferencesLabel({ weekdays: ['fri'], partOfDay: 'afternoon', earliestDate: '2026-05-04' })).toBe('Fri · afternoons · from 05/04/2026');
    // Every day of the week is no preference at all.
    expect(preferencesLabel({ weekdays: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], partOfDay: null, earliestDate: '2026-05-04' })).toBe('from 05/04/2026');
  });

  it('shows dates with their weekday and spans in clinic time', () => {
    expect(weekdayAndDate('2026-05-12')).toBe('Tue 05/12/2026');
    expect(spanLabel({ date: '2026-03-08', start: '09:30', end: '10:00' })).toBe('Sun 03/08/2026, 09:30–10:00');
  });

  it('counts whole days waited', () => {
    const since = new Date(2026, 4, 1, 9, 0).toISOString();
    expect(waitingSince(since, new Date(2026, 4, 1, 17, 0))).toBe('05/01/2026 (0 days)');
    expect(waitingSince(since, new Date(2026, 4, 2, 10, 0))).toBe('05/01/2026 (1 day)');
    expect(waitingSince(since, new Date(2026, 4, 11, 8, 0))).toBe('05/01/2026 (9 days)');
  });
});
