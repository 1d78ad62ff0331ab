/**
 * Half-open intervals [start, end) on a number line: epoch milliseconds for instants, or minutes
 * of a day for template times. An appointment ending at 10:00 does not overlap one starting at
 * 10:00. Functions taking "sorted" lists need them ordered by start; each runs in one linear
 * sweep, so a year of bookings costs one pass, never a per-minute loop.
 */
import { SchedulingError } from './errors';

export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** Refuses an interval whose end is not after its start (or that is not made of finite numbers). */
export function assertInterval(interval: Interval): void {
  if (!Number.isFinite(interval.start) || !Number.isFinite(interval.end)) {
    throw new SchedulingError('invalid_range', 'The start and end must both be given.');
  }
  if (interval.end <= interval.start) {
    throw new SchedulingError('invalid_range', 'The end time must be after the start time.', {
      start: interval.start,
      end: interval.end,
    });
  }
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

export function contains(outer: Interval, inner: Interval): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** The members of `intervals` that overlap `probe`, in their order (for naming what collides). */
export function overlapping<T extends Interval>(intervals: readonly T[], probe: Interval): T[] {
  return intervals.filter((interval) => overlaps(interval, probe));
}

export function isSortedByStart(intervals: readonly Interval[]): boolean {
  for (let i = 1; i < intervals.length; i++) if (intervals[i]!.start < intervals[i - 1]!.start) return false;
  return true;
}

/** The list itself when already ordered by start (checked in one pass), else a sorted copy. */
export function sortedByStart<T extends Interval>(intervals: readonly T[]): readonly T[] {
  return isSortedByStart(intervals) ? intervals : [...intervals].sort((a, b) => a.start - b.start);
}

/**
 * The union as sorted, disjoint intervals (touching ones joined), optionally clipped to `within`.
 * Empty intervals disappear.
 */
export function union(intervals: readonly Interval[], within?: Interval): Interval[] {
  const low = within?.start ?? -Infinity;
  const high = within?.end ?? Infinity;
  const merged: { start: number; end: number }[] = [];
  for (const interval of sortedByStart(intervals)) {
    if (interval.start >= high) break;
    const start = Math.max(interval.start, low);
    const end = Math.min(interval.end, high);
    if (end <= start) continue;
    const last = merged[merged.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else merged.push({ start, end });
  }
  return merged;
}

/** The union of two lists that are each sorted and disjoint (as `union` returns them), in one merge pass. */
export function unionOfDisjoint(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const merged: { start: number; end: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]!.start <= b[j]!.start) ? a[i++]! : b[j++]!;
    const last = merged[merged.length - 1];
    if (last && next.start <= last.end) last.end = Math.max(last.end, next.end);
    else merged.push({ start: next.start, end: next.end });
  }
  return merged;
}

/**
 * `from` without the parts covered by `remove`; each remaining piece keeps its own other fields.
 * Both lists sorted by start; `from` should not overlap itself.
 */
export function subtract<T extends Interval>(from: readonly T[], remove: readonly Interval[]): T[] {
  const result: T[] = [];
  let first = 0;
  for (const piece of from) {
    let start = piece.start;
    while (first < remove.length && remove[first]!.end <= start) first++;
    for (let k = first; k < remove.length && remove[k]!.start < piece.end && start < piece.end; k++) {
      const cut = remove[k]!;
      if (cut.start > start) result.push({ ...piece, start, end: cut.start });
      start = Math.max(start, cut.end);
    }
    if (start < piece.end) result.push({ ...piece, start, end: piece.end });
  }
  return result;
}

/** The parts of `from` inside `keep`; each piece keeps its own other fields. `keep` sorted and disjoint. */
export function intersect<T extends Interval>(from: readonly T[], keep: readonly Interval[]): T[] {
  const result: T[] = [];
  let first = 0;
  for (const piece of from) {
    while (first < keep.length && keep[first]!.end <= piece.start) first++;
    for (let k = first; k < keep.length && keep[k]!.start < piece.end; k++) {
      const start = Math.max(piece.start, keep[k]!.start);
      const end = Math.min(piece.end, keep[k]!.end);
      if (start < end) result.push({ ...piece, start, end });
    }
  }
  return result;
}

