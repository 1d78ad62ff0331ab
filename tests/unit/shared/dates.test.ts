import { afterEach, describe, expect, it, vi } from 'vitest';
import { EARLIEST_BIRTH_YEAR, isIsoDate, localIsoDate, parseDateInput } from '../../../src-shared/validation/dates';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Every 11th day from 1900 to 2030 (covers every month, leap days included), as calendar parts. */
function sampleDates(): { y: number; m: number; d: number }[] {
  const out: { y: number; m: number; d: number }[] = [];
  for (let t = Date.UTC(1900, 0, 1); t < Date.UTC(2031, 0, 1); t += 11 * 86_400_000) {
    const date = new Date(t);
    out.push({ y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() });
  }
  for (const y of [1904, 2000, 2024]) out.push({ y, m: 2, d: 29 });
  return out;
}

describe('parseDateInput', () => {
  it('reads YYYY-MM-DD, MM/DD/YYYY, M/D/YYYY, MMDDYYYY (and - or . separators) as the same ISO date', () => {
    const dates = sampleDates();
    expect(dates.length).toBeGreaterThan(4000);
    for (const { y, m, d } of dates) {
      const iso = `${y}-${pad(m)}-${pad(d)}`;
      const typed = [
        iso,
        `${pad(m)}/${pad(d)}/${y}`,
        `${m}/${d}/${y}`,
        `${pad(m)}${pad(d)}${y}`,
        `${pad(m)}-${pad(d)}-${y}`,
        `${m}.${d}.${y}`,
        `  ${pad(m)}/${pad(d)}/${y}\t`,
      ];
      for (const text of typed) expect(parseDateInput(text), text).toBe(iso);
    }
  });

  it.each([
    '2023-02-29',
    '02/29/2023',
    '2/29/2023',
    '02292023',
    '1900-02-29',
    '2024-02-30',
    '04/31/2020',
    '2020-04-31',
    '13/01/2020',
    '2020-13-01',
    '00/10/2020',
    '10/00/2020',
    '2020-00-10',
    '2020-10-00',
    '12/32/2020',
  ])('refuses the impossible date %s', (text) => {
    expect(parseDateInput(text)).toBeNull();
  });

  it('accepts real leap days', () => {
    expect(parseDateInput('2024-02-29')).toBe('2024-02-29');
    expect(parseDateInput('02/29/2000')).toBe('2000-02-29');
    expect(parseDateInput('02292024')).toBe('2024-02-29');
  });

  it.each([
    '',
    '   ',
    'yesterday',
    '2020-1-5',
    '7/14/85',
    '071485',
    '123/4/2000',
    '1/2/3/2000',
    '07141985x',
    '2020-01-01T00:00:00Z',
    '1985/07/14',
  ])('refuses %j, which is not one of the accepted shapes', (text) => {
    expect(parseDateInput(text)).toBeNull();
  });

  it('reads the first two parts of a slashed date as month then day (US order)', () => {
    expect(parseDateInput('03/04/2001')).toBe('2001-03-04');
    expect(parseDateInput('14/07/1985')).toBeNull();
  });
});

describe('isIsoDate', () => {
  it('accepts only real YYYY-MM-DD dates', () => {
    expect(isIsoDate('1985-07-14')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('07/14/1985')).toBe(false);
    expect(isIsoDate('07141985')).toBe(false);
    expect(isIsoDate(' 1985-07-14')).toBe(false);
    expect(isIsoDate('1985-7-14')).toBe(false);
  });
});

describe('localIsoDate', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives the local calendar date, not the UTC one', () => {
    expect(localIsoDate(new Date(2024, 0, 5, 0, 0, 1))).toBe('2024-01-05');
    expect(localIsoDate(new Date(2024, 0, 5, 23, 59, 59))).toBe('2024-01-05');
  });

  it('defaults to now', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2031, 11, 31, 23, 30));
    expect(localIsoDate()).toBe('2031-12-31');
  });

  it('sets the earliest birth year at 1900', () => {
    expect(EARLIEST_BIRTH_YEAR).toBe(1900);
  });
});
