import { describe, expect, it } from 'vitest';
import { followUpPath, listPath, mondayOf, rangeProblem, readFollowUp, readListFilters, statusesOf, weekPath } from '../../../src-renderer/features/schedule/schedule-paths';

describe('the schedule views’ addresses', () => {
  it('puts a week from Monday to Sunday', () => {
    expect(mondayOf('2026-03-09')).toBe('2026-03-09'); // a Monday
    expect(mondayOf('2026-03-15')).toBe('2026-03-09'); // its Sunday
    expect(mondayOf('2026-03-01')).toBe('2026-02-23'); // across a month
    expect(weekPath('2026-03-11', 'p1')).toBe('/schedule/week/p1/2026-03-11');
    expect(weekPath('2026-03-11', null)).toBe('/schedule/week/2026-03-11');
  });

  it('keeps the list’s filters in the query and reads them back', () => {
    const filters = { from: '2026-03-09', to: '2026-03-15', providerId: 'p1', status: 'cancelled' as const };
    const path = listPath(filters);
    expect(path).toBe('/schedule/list?from=2026-03-09&to=2026-03-15&provider=p1&status=cancelled');
    expect(readListFilters(path.split('?')[1]!)).toEqual(filters);
    expect(listPath({ ...filters, providerId: null, status: 'active' })).toBe('/schedule/list?from=2026-03-09&to=2026-03-15');
  });

  it('falls back to the coming week, every provider and active appointments for what is missing or not understood', () => {
    expect(readListFilters('', '2026-03-10')).toEqual({ from: '2026-03-10', to: '2026-03-16', providerId: null, status: 'active' });
    expect(readListFilters('?from=2026-02-30&to=soon&status=lost&provider=', '2026-03-10')).toEqual({ from: '2026-03-10', to: '2026-03-16', providerId: null, status: 'active' });
  });

  it('asks the service for the statuses of a filter', () => {
    expect(statusesOf('any')).toBeUndefined();
    expect(statusesOf('no_show')).toEqual(['no_show']);
    expect(statusesOf('active')).toEqual(['booked', 'confirmed', 'arrived', 'roomed', 'with_provider', 'checked_out']);
  });

  it('refuses a range that ends before it starts or spans more than 31 days', () => {
    expect(rangeProblem('2026-03-01', '2026-03-31')).toBeNull();
    expect(rangeProblem('2026-03-01', '2026-04-01')).toBe('At most 31 days at a time');
    expect(rangeProblem('2026-03-10', '2026-03-09')).toBe('The end date is before the start date');
    expect(rangeProblem('2026-03-10', '2026-03-10')).toBeNull();
  });
});

describe('a follow-up’s search in the address', () => {
  it('carries the patient, provider, type and first date, and reads back the same', () => {
    const followUp = { patientId: 'p1', providerId: 'pr1', appointmentTypeId: 't1', earliestDate: '2026-12-12' };
    const path = followUpPath(followUp);
    expect(path).toBe('/schedule/find?patient=p1&provider=pr1&type=t1&from=2026-12-12');
    expect(readFollowUp(path.slice(path.indexOf('?') + 1))).toEqual(followUp);
  });

  it('is no follow-up without its patient, provider and type; a date that is not one is dropped', () => {
    expect(readFollowUp('patient=p1&provider=pr1')).toBeNull();
    expect(readFollowUp('patient=p1&provider=pr1&type=t1&from=tomorrow')).toEqual({ patientId: 'p1', providerId: 'pr1', appointmentTypeId: 't1', earliestDate: '' });
  });
});
