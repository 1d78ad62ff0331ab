import { afterEach, describe, expect, it } from 'vitest';
import {
  formatAge,
  formatDate,
  formatDateOfBirth,
  formatInstant,
  formatLongDate,
  formatName,
  formatPhone,
  formatSex,
} from '../../../src-renderer/lib/format';

/** A local wall-clock moment (month 1-12): what `new Date()` is on the clinic's machine. */
const at = (y: number, m: number, d: number, hour = 0, minute = 0) => new Date(y, m - 1, d, hour, minute);

const ORIGINAL_TZ = process.env.TZ;

/** Runs `fn` with this process in another time zone (Node re-reads TZ when it is assigned). */
function inTimeZone<T>(zone: string, fn: () => T): T {
  process.env.TZ = zone;
  try {
    return fn();
  } finally {
    if (ORIGINAL_TZ === undefined) delete process.env.TZ;
    else process.env.TZ = ORIGINAL_TZ;
  }
}

afterEach(() => {
  if (ORIGINAL_TZ === undefined) delete process.env.TZ;
  else process.env.TZ = ORIGINAL_TZ;
});

describe('formatDate / formatLongDate', () => {
  it('shows a calendar date the US way', () => {
    expect(formatDate('1985-07-14')).toBe('07/14/1985');
    expect(formatDate('2000-02-29')).toBe('02/29/2000');
    expect(formatLongDate('1985-07-04')).toBe('July 4, 1985');
    expect(formatLongDate('2024-12-31')).toBe('December 31, 2024');
  });

  it('never shifts a calendar date by the time zone (a UTC reading would show the day before west of Greenwich)', () => {
    for (const zone of ['Pacific/Pago_Pago', 'America/Los_Angeles', 'UTC', 'Asia/Kolkata', 'Pacific/Kiritimati']) {
      inTimeZone(zone, () => {
        expect(formatDate('1985-07-14'), zone).toBe('07/14/1985');
        expect(formatDate('2000-01-01'), zone).toBe('01/01/2000');
        expect(formatLongDate('1999-12-31'), zone).toBe('December 31, 1999');
      });
    }
    // The zone switch really happened (otherwise the loop above proves nothing).
    expect(inTimeZone('Pacific/Kiritimati', () => new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset())).toBe(-840);
    expect(inTimeZone('Pacific/Pago_Pago', () => new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset())).toBe(660);
  });

  it('shows text that is not a real date as it is', () => {
    for (const text of ['', 'unknown', '2023-02-30', '2023-13-01']) {
      expect(formatDate(text)).toBe(text);
      expect(formatLongDate(text)).toBe(text);
    }
  });
});

describe('formatAge', () => {
  it('counts whole years, turning one year older on the birthday itself', () => {
    expect(formatAge('1985-07-14', at(2026, 7, 13, 23, 59))).toBe('40 y');
    expect(formatAge('1985-07-14', at(2026, 7, 14))).toBe('41 y');
    expect(formatAge('1985-07-14', at(2026, 7, 14, 9, 30))).toBe('41 y');
    expect(formatAge('1985-07-14', at(2026, 12, 31, 23, 59))).toBe('41 y');
  });

  it('gives a leap-day birthday its year on Feb 29 in leap years and on Mar 1 otherwise', () => {
    expect(formatAge('2000-02-29', at(2023, 2, 28, 12))).toBe('22 y');
    expect(formatAge('2000-02-29', at(2023, 3, 1))).toBe('23 y');
    expect(formatAge('2000-02-29', at(2024, 2, 28, 23, 59))).toBe('23 y');
    expect(formatAge('2000-02-29', at(2024, 2, 29))).toBe('24 y');
  });

  it('counts months under two years old', () => {
    expect(formatAge('2026-03-10', at(2026, 3, 10))).toBe('0 mo'); // born today, asked at the stroke of midnight
    expect(formatAge('2026-03-10', at(2026, 3, 10, 8))).toBe('0 mo');
    expect(formatAge('2026-03-10', at(2026, 4, 9))).toBe('0 mo');
    expect(formatAge('2026-03-10', at(2026, 4, 10))).toBe('1 mo');
    expect(formatAge('2025-03-10', at(2026, 3, 10))).toBe('12 mo');
    expect(formatAge('2024-03-10', at(2026, 3, 9, 23, 59))).toBe('23 mo');
    expect(formatAge('2024-03-10', at(2026, 3, 10))).toBe('2 y');
  });

  it('counts the months of a baby born on a leap day', () => {
    expect(formatAge('2024-02-29', at(2024, 3, 28))).toBe('0 mo');
    expect(formatAge('2024-02-29', at(2024, 3, 29))).toBe('1 mo');
    expect(formatAge('2024-02-29', at(2026, 3, 1))).toBe('2 y');
  });

  it('gives no age for a date after today, and none for text that is not a date', () => {
    expect(formatAge('2026-03-11', at(2026, 3, 10, 23, 59))).toBeNull();
    expect(formatAge('2027-01-01', at(2026, 3, 10))).toBeNull();
    expect(formatAge('not a date', at(2026, 3, 10))).toBeNull();
    expect(formatAge('', at(2026, 3, 10))).toBeNull();
  });

  it('uses the real today when none is given', () => {
    const now = new Date();
    // Born on Jan 1 thirty years ago: the birthday of this year has always been reached.
    expect(formatAge(`${now.getFullYear() - 30}-01-01`)).toBe('30 y');
    expect(formatAge(`${now.getFullYear() + 1}-01-01`)).toBeNull();
  });
});

describe('formatDateOfBirth', () => {
  it('shows the date and the age together', () => {
    expect(formatDateOfBirth('1985-07-14', at(2026, 7, 14))).toBe('07/14/1985 (41 y)');
    expect(formatDateOfBirth('2026-01-05', at(2026, 3, 10))).toBe('01/05/2026 (2 mo)');
  });

  it('shows only the date when there is no age to give', () => {
    expect(formatDateOfBirth('2026-03-11', at(2026, 3, 10))).toBe('03/11/2026');
    expect(formatDateOfBirth('garbled', at(2026, 3, 10))).toBe('garbled');
  });
});

describe('formatPhone', () => {
  it('shows a US number in the national format', () => {
    expect(formatPhone('+16175550142')).toBe('(617) 555-0142');
    expect(formatPhone('+12125550199')).toBe('(212) 555-0199');
  });

  it('shows a foreign number in the international format', () => {
    expect(formatPhone('+442079460958')).toBe('+44 20 7946 0958');
    expect(formatPhone('+33142685300')).toBe('+33 1 42 68 53 00');
  });

  it('shows nothing for no number, and text that is no number as it is', () => {
    expect(formatPhone(null)).toBe('');
    expect(formatPhone('')).toBe('');
    expect(formatPhone('call the front desk')).toBe('call the front desk');
  });
});

describe('formatInstant', () => {
  it('shows a moment as local date and 12-hour time', () => {
    expect(formatInstant('2026-03-02T10:04:00')).toBe('03/02/2026 10:04 AM');
    expect(formatInstant('2026-03-02T22:04:00')).toBe('03/02/2026 10:04 PM');
    expect(formatInstant('2026-03-02T00:04:00')).toBe('03/02/2026 12:04 AM');
    expect(formatInstant('2026-03-02T12:00:00')).toBe('03/02/2026 12:00 PM');
  });

  it('converts a moment with a zone to this machine’s local time', () => {
    inTimeZone('America/New_York', () => {
      expect(formatInstant('2026-03-02T15:04:00Z')).toBe('03/02/2026 10:04 AM');
      expect(formatInstant('2026-03-03T03:30:00+00:00')).toBe('03/02/2026 10:30 PM');
    });
    inTimeZone('Asia/Tokyo', () => {
      expect(formatInstant('2026-03-02T15:04:00Z')).toBe('03/03/2026 12:04 AM');
    });
  });

  it('shows text that is not a moment as it is', () => {
    expect(formatInstant('soon')).toBe('soon');
    expect(formatInstant('')).toBe('');
  });
});

describe('formatName / formatSex', () => {
  it('files names family name first', () => {
    expect(formatName({ givenName: 'Maria', familyName: 'Lopez' })).toBe('Lopez, Maria');
  });

  it('labels each sex', () => {
    expect(formatSex('female')).toBe('Female');
    expect(formatSex('male')).toBe('Male');
    expect(formatSex('other')).toBe('Other');
    expect(formatSex('unknown')).toBe('Unknown');
  });
});
