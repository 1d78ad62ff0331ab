/**
 * What the Today board shows and allows, as pure functions of the service's answer: the filters,
 * how long a patient has waited, which single-key actions fit a row, and its address.
 */
import type { Board, BoardCounts, BoardRow } from '../../../../src-shared/front-desk/board-schema';
import { MINUTE_MS } from '../../../../src-shared/scheduling/clinic-time';
import { canChangeStatus, type AppointmentStatus } from '../../../../src-shared/scheduling/status';

export const boardPath = (date?: string) => (date ? `/front-desk/board/${date}` : '/front-desk/board');

/** The status filter: every row, one of the counts at the top, or the visits that did not happen. */
export type StatusFilter = 'all' | keyof BoardCounts | 'with_provider' | 'cancelled';
export const STATUS_FILTERS: readonly StatusFilter[] = ['all', 'expected', 'waiting', 'with_provider', 'arrived', 'done', 'noShows', 'cancelled'];
export const STATUS_FILTER_LABELS: Record<StatusFilter, string> = {
  all: 'Every status',
  expected: 'Expected (booked, confirmed)',
  waiting: 'Waiting (arrived, roomed)',
  with_provider: 'With provider',
  arrived: 'Arrived today (any step)',
  done: 'Done (checked out)',
  noShows: 'No-shows',
  cancelled: 'Cancelled or rescheduled',
};
const FILTER_STATUSES: Record<Exclude<StatusFilter, 'all'>, readonly AppointmentStatus[]> = {
  expected: ['booked', 'confirmed'],
  waiting: ['arrived', 'roomed'],
  with_provider: ['with_provider'],
  arrived: ['arrived', 'roomed', 'with_provider', 'checked_out'],
  done: ['checked_out'],
  noShows: ['no_show'],
  cancelled: ['cancelled', 'rescheduled'],
};

export interface Filters {
  /** '' is every provider. */
  providerId: string;
  status: StatusFilter;
}

export function filterRows(rows: readonly BoardRow[], { providerId, status }: Filters): BoardRow[] {
  return rows.filter(
    ({ appointment }) => (providerId === '' || appointment.providerId === providerId) && (status === 'all' || FILTER_STATUSES[status].includes(appointment.status)),
  );
}

/** Statuses whose time in the status is shown: the patient is in the clinic. */
const IN_CLINIC: readonly AppointmentStatus[] = ['arrived', 'roomed', 'with_provider'];
/** Statuses in which the patient waits (the threshold applies): in the waiting room, or roomed for the provider. */
const WAITING: readonly AppointmentStatus[] = ['arrived', 'roomed'];

export interface Wait {
  /** Whole minutes in the status. */
  minutes: number;
  /** Longer than the clinic's threshold, while waiting. */
  long: boolean;
}

/** How long the patient has been in their current status, at `nowMs` (the service's clock); null when not in the clinic. */
export function waitOf(row: BoardRow, nowMs: number, thresholdMinutes: number): Wait | null {
  if (!IN_CLINIC.includes(row.appointment.status)) return null;
  const waited = Math.max(0, nowMs - Date.parse(row.statusSince));
  return { minutes: Math.floor(waited / MINUTE_MS), long: WAITING.includes(row.appointment.status) && waited > thresholdMinutes * MINUTE_MS };
}

/** A booked patient counts as late this long after the start: the usual few minutes at the door are not flagged. */
export const LATE_AFTER_MINUTES = 5;

/** Whole minutes past the start of a visit still expected (booked or confirmed), at `nowMs`; null when not late. */
export function lateBy(row: BoardRow, nowMs: number): number | null {
  if (row.appointment.status !== 'booked' && row.appointment.status !== 'confirmed') return null;
  const minutes = Math.floor((nowMs - Date.parse(row.appointment.start)) / MINUTE_MS);
  return minutes > LATE_AFTER_MINUTES ? minutes : null;
}

/** Short enough for the wait column: minutes within the hour, then whole hours ("Late 2 h+"). */
export function lateLabel(minutes: number): string {
  return minutes < 60 ? `Late ${minutes} min` : `Late ${Math.floor(minutes / 60)} h+`;
}

export function waitLabel(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export type BoardAction = 'checkIn' | 'room' | 'withProvider' | 'checkOut' | 'noShow' | 'open';

export const ACTION_KEYS: Record<BoardAction, string> = { checkIn: 'C', room: 'R', withProvider: 'P', checkOut: 'O', noShow: 'N', open: 'Enter' };
export const ACTION_LABELS: Record<BoardAction, string> = {
  checkIn: 'Check in',
  room: 'Room',
  withProvider: 'With provider',
  checkOut: 'Check out',
  noShow: 'No-show',
  open: 'Open',
};
export const ROW_ACTIONS: readonly BoardAction[] = ['checkIn', 'room', 'withProvider', 'checkOut', 'noShow', 'open'];

/** Visits that did not happen: their badges say nothing the desk needs. */
export function didNotHappen(row: BoardRow): boolean {
  return ['cancelled', 'no_show', 'rescheduled'].includes(row.appointment.status);
}

/** Whether an action fits the row now (the service decides in the end; this only offers what can work). */
export function canDo(action: BoardAction, row: BoardRow, board: Pick<Board, 'date' | 'today' | 'now'>): boolean {
  const { status } = row.appointment;
  switch (action) {
    case 'checkIn':
      // Once arrived, the check-in dialog shows the check-in (receipt, undo).
      return board.date === board.today && (canChangeStatus(status, 'arrived') || status === 'arrived') && row.appointment.patient !== null;
    case 'room':
      return canChangeStatus(status, 'roomed');
    case 'withProvider':
      return canChangeStatus(status, 'with_provider');
    case 'checkOut':
      return canChangeStatus(status, 'checked_out');
    case 'noShow':
      return canChangeStatus(status, 'no_show') && Date.parse(row.appointment.start) <= Date.parse(board.now);
    case 'open':
      return true;
  }
}

/** The rooms a patient is in now (roomed or with the provider), by room id. */
export function occupiedRooms(rows: readonly BoardRow[]): Set<string> {
  return new Set(rows.flatMap(({ appointment }) => (appointment.roomId && (appointment.status === 'roomed' || appointment.status === 'with_provider') ? [appointment.roomId] : [])));
}

/**
 * The row to select after the rows changed (a refresh, a filter): the same appointment where it is
 * now, else the row now at the old place, else none.
 */
export function keepSelection(rows: readonly BoardRow[], selectedId: string | null, oldIndex: number): number {
  if (rows.length === 0) return -1;
  const index = selectedId === null ? -1 : rows.findIndex((row) => row.appointment.id === selectedId);
  if (index >= 0) return index;
  return Math.min(Math.max(oldIndex, 0), rows.length - 1);
}
