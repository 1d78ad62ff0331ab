import { describe, expect, it } from 'vitest';
import {
  assertInterval,
  contains,
  intersect,
  isSortedByStart,
  overlapping,
  overlaps,
  sortedByStart,
  subtract,
  union,
  type Interval,
} from '../../../src-shared/scheduling/intervals';
import { randomInt, seededRandom } from '../../support/seeded-random';
import { expectSchedulingError } from './support';

const i = (start: number, end: number): Interval => ({ start, end });

describe('overlap tests (half-open)', () => {
  it('treats touching intervals as not overlapping', () => {
    expect(overlaps(i(9, 10), i(10, 11))).toBe(false);
    expect(overlaps(i(10, 11), i(9, 10))).toBe(false);
    expect(overlaps(i(9, 10), i(9.5, 11))).toBe(true);
    expect(overlaps(i(9, 12), i(10, 11))).toBe(true);
    expect(overlaps(i(10, 11), i(10, 11))).toBe(true);
  });

  it('contains allows shared edges', () => {
    expect(contains(i(9, 17), i(9, 17))).toBe(true);
    expect(contains(i(9, 17), i(16, 17))).toBe(true);
    expect(contains(i(9, 17), i(16, 18))).toBe(false);
  });

  it('lists what collides with a probe', () => {
    const bookings = [{ ...i(9, 10), id: 'a' }, { ...i(10, 11), id: 'b' }, { ...i(10.5, 12), id: 'c' }];
    expect(overlapping(bookings, i(10, 10.75)).map((b) => b.id)).toEqual(['b', 'c']);
    expect(overlapping(bookings, i(12, 13))).toEqual([]);
  });

  it('refuses an end that is not after the start', () => {
    expectSchedulingError(() => assertInterval(i(10, 10)), 'invalid_range', 'The end time must be after the start time.');
    expectSchedulingError(() => assertInterval(i(11, 10)), 'invalid_range');
    expectSchedulingError(() => assertInterval(i(Number.NaN, 10)), 'invalid_range');
    expect(() => assertInterval(i(10, 11))).not.toThrow();
  });
});

describe('union', () => {
  it('sorts, merges overlapping and touching intervals, drops empty ones', () => {
    expect(union([i(13, 14), i(9, 10), i(10, 11), i(9.5, 10.5), i(15, 15)])).toEqual([i(9, 11), i(13, 14)]);
    expect(union([])).toEqual([]);
  });

  it('clips to a window', () => {
    expect(union([i(8, 10), i(11, 12), i(16, 18)], i(9, 17))).toEqual([i(9, 10), i(11, 12), i(16, 17)]);
    expect(union([i(1, 2)], i(3, 4))).toEqual([]);
  });

  it('sorts only when needed', () => {
    const sorted = [i(1, 2), i(3, 4)];
    expect(isSortedByStart(sorted)).toBe(true);
    expect(sortedByStart(sorted)).toBe(sorted);
    expect(sortedByStart([i(3, 4), i(1, 2)])).toEqual(sorted);
  });
});

describe('subtract', () => {
  it('cuts bookings out of availability, keeping each piece’s tag', () => {
    const available = [{ ...i(9, 12), tag: 'am' }, { ...i(13, 17), tag: 'pm' }];
    expect(subtract(available, [i(9, 9.5), i(10, 11), i(11.5, 14), i(16, 20)])).toEqual([
      { start: 9.5, end: 10, tag: 'am' },
      { start: 11, end: 11.5, tag: 'am' },
      { start: 14, end: 16, tag: 'pm' },
    ]);
  });

  it('handles cuts that cover everything, miss everything, or touch the edges', () => {
    expect(subtract([i(9, 17)], [i(8, 18)])).toEqual([]);
    expect(subtract([i(9, 17)], [i(1, 2), i(20, 21)])).toEqual([i(9, 17)]);
    expect(subtract([i(9, 17)], [i(8, 9), i(17, 18)])).toEqual([i(9, 17)]);
    expect(subtract([], [i(1, 2)])).toEqual([]);
    expect(subtract([i(9, 17)], [])).toEqual([i(9, 17)]);
  });
});

describe('intersect', () => {
  it('keeps the parts inside the windows, with the pieces’ own fields', () => {
    expect(intersect([{ ...i(8, 18), tag: 'x' }], [i(9, 10), i(12, 13), i(17, 19)])).toEqual([
      { start: 9, end: 10, tag: 'x' },
      { start: 12, end: 13, tag: 'x' },
      { start: 17, end: 18, tag: 'x' },
    ]);
    expect(intersect([i(1, 2)], [i(2, 3)])).toEqual([]);
  });
});

describe('agrees with a unit-by-unit model on random inputs', () => {
  const random = seededRandom(5);
  const randomIntervals = (count: number) =>
    Array.from({ length: count }, () => {
      const start = randomInt(random, 100);
      return i(start, start + randomInt(random, 15));
    });
  const covered = (intervals: readonly Interval[]) => {
    const units = new Set<number>();
    for (const interval of intervals) for (let unit = interval.start; unit < interval.end; unit++) units.add(unit);
    return units;
  };
  const asUnits = (set: Set<number>) => [...set].sort((a, b) => a - b);

  it('for union, subtract and intersect', () => {
    for (let round = 0; round < 300; round++) {
      const a = union(randomIntervals(randomInt(random, 8)));
      const b = randomIntervals(randomInt(random, 8));
      const bUnion = union(b);
      for (let k = 1; k < a.length; k++) expect(a[k]!.start).toBeGreaterThan(a[k - 1]!.end);
      expect(asUnits(covered(bUnion))).toEqual(asUnits(covered(b)));
      const inA = covered(a);
      const inB = covered(b);
      expect(asUnits(covered(subtract(a, bUnion)))).toEqual(asUnits(inA).filter((unit) => !inB.has(unit)));
      expect(asUnits(covered(intersect(a, bUnion)))).toEqual(asUnits(inA).filter((unit) => inB.has(unit)));
    }
  });
});
