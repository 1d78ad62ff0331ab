import { describe, expect, it } from 'vitest';
import type { BoardRow } from '../../../src-shared/front-desk/board-schema';
import type { AppointmentStatus } from '../../../src-shared/scheduling/status';
import { canDo, filterRows, keepSelection, lateBy, lateLabel, occupiedRooms, waitLabel, waitOf } from '../../../src-renderer/features/front-desk/board/board-view';

const NOW = Date.parse('2026-03-02T15:30:00.000Z');

function row(id: string, status: AppointmentStatus, extra: { providerId?: string; statusSince?: string; start?: string; roomId?: string | null; restricted?: boolean } = {}): BoardRow {
  return {
    appointment: {
      id,
      status,
      providerId: extra.providerId ?? 'hopper',
      start: extra.start ?? '2026-03-02T14:00:00.000Z',
      roomId: extra.roomId ?? null,
      patient: extra.restricted ? null : { mrn: 'ZYH-000001-6', givenName: 'Maria', familyName: 'Lopez', preferredName: null, dateOfBirth: '1980-04-02' },
    } as BoardRow['appointment'],
    statusSince: extra.statusSince ?? '2026-03-02T15:00:00.000Z',
    badges: null,
    checkIn: null,
  };
}
const board = { date: '2026-03-02', today: '2026-03-02', now: new Date(NOW).toISOString() };

describe('the Today board’s view', () => {
  it('calls a visit still expected late a few minutes after its start, and only while it is expected', () => {
    expect(lateBy(row('a', 'booked', { start: '2026-03-02T15:10:00.000Z' }), NOW)).toBe(20);
    expect(lateBy(row('a', 'confirmed', { start: '2026-03-02T15:25:00.000Z' }), NOW)).toBeNull();
    expect(lateBy(row('a', 'confirmed', { start: '2026-03-02T15:24:00.000Z' }), NOW)).toBe(6);
    expect(lateBy(row('a', 'booked', { start: '2026-03-02T16:00:00.000Z' }), NOW)).toBeNull();
    for (const status of ['arrived', 'checked_out', 'cancelled', 'no_show'] as const) {
      expect(lateBy(row('a', status, { start: '2026-03-02T14:00:00.000Z' }), NOW), status).toBeNull();
    }
    expect([lateLabel(6), lateLabel(59), lateLabel(60), lateLabel(179)]).toEqual(['Late 6 min', 'Late 59 min', 'Late 1 h+', 'Late 2 h+']);
  });

  it('measures the time in the current status, and marks a wait over the threshold only while the patient waits', () => {
    expect(waitOf(row('a', 'arrived', { statusSince: '2026-03-02T15:14:00.000Z' }), NOW, 15)).toEqual({ minutes: 16, long: true });
    expect(waitOf(row('a', 'roomed', { statusSince: '2026-03-02T15:15:00.000Z' }), NOW, 15)).toEqual({ minutes: 15, long: false });
    expect(waitOf(row('a', 'roomed', { statusSince: '2026-03-02T15:14:59.000Z' }), NOW, 15)).toEqual({ minutes: 15, long: true });
    expect(waitOf(row('a', 'with_provider', { statusSince: '2026-03-02T14:00:00.000Z' }), NOW, 15)).toEqual({ minutes: 90, long: false });
    expect(waitOf(row('a', 'booked'), NOW, 15)).toBeNull();
    expect(waitOf(row('a', 'checked_out'), NOW, 15)).toBeNull();
    // A clock a little behind the service's never shows a negative wait.
    expect(waitOf(row('a', 'arrived', { statusSince: '2026-03-02T15:31:00.000Z' }), NOW, 15)).toEqual({ minutes: 0, long: false });
    expect([waitLabel(7), waitLabel(60), waitLabel(125)]).toEqual(['7 min', '1 h 00 min', '2 h 05 min']);
  });

  it('filters by provider and by the counts’ statuses', () => {
    const rows = [row('a', 'booked'), row('b', 'arrived', { providerId: 'lovelace' }), row('c', 'roomed'), row('d', 'checked_out'), row('e', 'no_show'), row('f', 'cancelled')];
    const ids = (filtered: BoardRow[]) => filtered.map((r) => r.appointment.id);
    expect(ids(filterRows(rows, { providerId: '', status: 'all' }))).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(ids(filterRows(rows, { providerId: 'lovelace', status: 'all' }))).toEqual(['b']);
    expect(ids(filterRows(rows, { providerId: '', status: 'waiting' }))).toEqual(['b', 'c']);
    expect(ids(filterRows(rows, { providerId: 'hopper', status: 'waiting' }))).toEqual(['c']);
    expect(ids(filterRows(rows, { providerId: '', status: 'arrived' }))).toEqual(['b', 'c', 'd']);
    expect(ids(filterRows(rows, { providerId: '', status: 'cancelled' }))).toEqual(['f']);
  });

  it('offers only the actions the status machine allows, check-in only today, no-show only once the start has passed', () => {
    const allowed = (r: BoardRow, on = board) => (['checkIn', 'room', 'withProvider', 'checkOut', 'noShow', 'open'] as const).filter((action) => canDo(action, r, on));
    expect(allowed(row('a', 'booked'))).toEqual(['checkIn', 'noShow', 'open']);
    expect(allowed(row('a', 'booked', { start: '2026-03-02T16:00:00.000Z' }))).toEqual(['checkIn', 'open']);
    expect(allowed(row('a', 'booked'), { ...board, date: '2026-03-03' })).toEqual(['noShow', 'open']);
    expect(allowed(row('a', 'booked', { restricted: true }))).toEqual(['noShow', 'open']);
    expect(allowed(row('a', 'arrived'))).toEqual(['checkIn', 'room', 'withProvider', 'open']);
    expect(allowed(row('a', 'roomed'))).toEqual(['withProvider', 'open']);
    expect(allowed(row('a', 'with_provider'))).toEqual(['checkOut', 'open']);
    expect(allowed(row('a', 'checked_out'))).toEqual(['open']);
  });

  it('knows the rooms in use, and keeps the chosen visit across a refresh', () => {
    const rows = [row('a', 'roomed', { roomId: 'exam1' }), row('b', 'with_provider', { roomId: 'exam2' }), row('c', 'checked_out', { roomId: 'exam3' })];
    expect([...occupiedRooms(rows)]).toEqual(['exam1', 'exam2']);
    expect(keepSelection(rows, 'c', 0)).toBe(2);
    // Gone (filtered out or removed): the row now at its place, within the list.
    expect(keepSelection(rows, 'gone', 1)).toBe(1);
    expect(keepSelection(rows, 'gone', 7)).toBe(2);
    expect(keepSelection([], 'a', 0)).toBe(-1);
  });
});
