import { format, parseISO } from 'date-fns';
import { useEffect, useRef, useState } from 'react';
import { useRoute } from 'wouter';
import type { Board, BoardCounts, BoardRow } from '../../../../src-shared/front-desk/board-schema';
import type { RpcResult } from '../../../../src-shared/rpc/errors';
import { addDays } from '../../../../src-shared/scheduling/clinic-time';
import type { Appointment } from '../../../../src-shared/scheduling/schema';
import { isIsoDate } from '../../../../src-shared/validation/dates';
import { useChangeFeed } from '../../../lib/change-feed';
import { askConfirm } from '../../../lib/confirm';
import { navigate } from '../../../lib/navigation';
import { call } from '../../../lib/rpc';
import { useCan } from '../../../lib/session';
import { Loaded } from '../../admin/Loaded';
import { useLoad } from '../../admin/useLoad';
import { AppointmentPanel } from '../../schedule/AppointmentPanel';
import { patientLabel } from '../../schedule/labels';
import { CheckInDialog } from '../checkin/CheckInDialog';
import { BoardTable } from './BoardTable';
import {
  ACTION_KEYS,
  ACTION_LABELS,
  boardPath,
  canDo,
  filterRows,
  keepSelection,
  occupiedRooms,
  ROW_ACTIONS,
  STATUS_FILTER_LABELS,
  STATUS_FILTERS,
  type BoardAction,
  type Filters,
  type StatusFilter,
} from './board-view';
import { FollowUpOffer } from './FollowUpOffer';
import { RoomDialog } from './RoomDialog';
import { WalkInDialog } from './WalkInDialog';

/** The board as loaded, and when this computer received it (waiting times run on the service's clock). */
type LoadedBoard = Board & { receivedAt: number };

/** Every table whose change can change a row or badge: another window or workstation changed it, so the board reloads. */
const WATCHED_TABLES = ['appointments', 'check_ins', 'ledger_entries', 'coverages', 'referrals', 'settings'] as const;
const WAIT_TICK_MS = 20_000;

/** One key for the watched tables' versions (a string, so the screen re-renders only when one of them changes). */
function useWatchedVersions(): string {
  return useChangeFeed((state) => WATCHED_TABLES.map((table) => state.versions[table] ?? 0).join(':'));
}

/** A clock that ticks every `ms` (waiting times move on while nothing else changes). */
function useTick(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}

/** The Today board (`/front-desk/board` is today in the clinic's zone, `/front-desk/board/<date>` another day). */
export function BoardPage() {
  const [dated, params] = useRoute('/:date');
  const date = dated ? params.date : undefined;
  const versions = useWatchedVersions();
  const [result] = useLoad<LoadedBoard>(
    async () => {
      const answer = await call('frontDesk.board', date ? { date } : {});
      return answer.ok ? { ok: true, value: { ...answer.value, receivedAt: Date.now() } } : (answer as RpcResult<never>);
    },
    `${date ?? 'today'}:${versions}`,
  );
  if (date !== undefined && !isIsoDate(date)) {
    return (
      <section className="page">
        <p className="banner banner-error" role="alert">
          Not a date: {date}. <a href={`#${boardPath()}`}>Open today’s board</a>.
        </p>
      </section>
    );
  }
  // A newer answer for another day replaces the old one; until then the last board stays (no flicker on refresh).
  return <Loaded result={result}>{(board) => <BoardScreen board={board} />}</Loaded>;
}

type Dialog = { kind: 'checkIn' | 'room' | 'panel'; appointmentId: string } | { kind: 'followUp'; appointment: Appointment } | { kind: 'walkIn' };

function BoardScreen({ board }: { board: LoadedBoard }) {
  const canBook = useCan('schedule.book');
  const canCheckIn = useCan('frontdesk.checkin');
  const [filters, setFilters] = useState<Filters>({ providerId: '', status: 'all' });
  /** The chosen visit, and where it was (a refresh keeps the visit; if it is gone, the row now at its place). */
  const [selection, setSelection] = useState<{ id: string | null; index: number }>({ id: null, index: 0 });
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLTableElement>(null);
  const tick = useTick(WAIT_TICK_MS);
  const nowMs = tick + Date.parse(board.now) - board.receivedAt;

  const rows = filterRows(board.rows, filters);
  const selected = keepSelection(rows, selection.id, selection.index);
  const current: BoardRow | undefined = rows[selected];

  const providerNames = new Map(board.providers.map((provider) => [provider.id, provider.displayName]));
  const roomNames = new Map(board.rooms.map((room) => [room.id, room.name]));
  const allowed = (action: BoardAction, row: BoardRow | undefined): row is BoardRow =>
    row !== undefined && canDo(action, row, board) && (action === 'open' || (action === 'checkIn' ? canCheckIn : canBook));

  const select = (index: number) => {
    const at = Math.min(Math.max(index, 0), rows.length - 1);
    const row = rows[at];
    if (row) setSelection({ id: row.appointment.id, index: at });
  };
  const focusGrid = () => gridRef.current?.focus({ preventScroll: true });

  /** One status change at a time; a refusal shows above the board. Resolves to the changed appointment, or the refusal's message. */
  const changeStatus = async (row: BoardRow, status: 'with_provider' | 'checked_out' | 'no_show' | 'roomed', roomId?: string): Promise<Appointment | string> => {
    if (busy.current) return 'Still saving the last change';
    busy.current = true;
    setError(null);
    const result = await call('appointments.setStatus', { id: row.appointment.id, status, ...(roomId ? { roomId } : {}) }).finally(() => {
      busy.current = false;
    });
    if (result.ok) return result.value;
    return result.error.message;
  };
  const reportOutcome = (outcome: Appointment | string) => {
    if (typeof outcome === 'string') setError(outcome);
    return typeof outcome !== 'string';
  };

  const run = async (action: BoardAction | 'walkIn') => {
    if (action === 'walkIn') {
      if (canBook) setDialog({ kind: 'walkIn' });
      return;
    }
    const row = current;
    if (!allowed(action, row)) return;
    const id = row.appointment.id;
    switch (action) {
      case 'checkIn':
        return setDialog({ kind: 'checkIn', appointmentId: id });
      case 'open':
        return setDialog({ kind: 'panel', appointmentId: id });
      case 'room':
        if (board.rooms.some((room) => room.active)) return setDialog({ kind: 'room', appointmentId: id });
        return reportOutcome(await changeStatus(row, 'roomed'));
      case 'withProvider':
        return reportOutcome(await changeStatus(row, 'with_provider'));
      case 'checkOut': {
        const outcome = await changeStatus(row, 'checked_out');
        if (reportOutcome(outcome)) setDialog({ kind: 'followUp', appointment: outcome as Appointment });
        return;
      }
      case 'noShow': {
        const sure = await askConfirm({
          title: 'Mark as no-show?',
          message: `${patientLabel(row.appointment)}, ${row.appointment.local.start}: a no-show cannot be undone.`,
          confirmLabel: 'Mark no-show',
          cancelLabel: 'Keep',
        });
        if (sure) reportOutcome(await changeStatus(row, 'no_show'));
        focusGrid();
        return;
      }
    }
  };

  useBoardKeys({
    date: board.date,
    onMove: (by) => select(by === 'first' ? 0 : by === 'last' ? rows.length - 1 : selected + by),
    onAction: (action) => void run(action),
    active: dialog === null,
  });
  // The visits take the focus when the board opens (from the menu, a link or Alt+1), so ↑/↓ work at once.
  useEffect(() => {
    if (!document.querySelector('dialog[open]')) gridRef.current?.focus({ preventScroll: true });
  }, []);

  const closeDialog = () => setDialog(null);
  const dialogRow = dialog && 'appointmentId' in dialog ? board.rows.find((row) => row.appointment.id === dialog.appointmentId) : undefined;
  const title = board.date === board.today ? `Today · ${format(parseISO(board.date), 'EEEE, MMMM d, yyyy')}` : format(parseISO(board.date), 'EEEE, MMMM d, yyyy');

  return (
    <section className="page page-wide board-page" aria-labelledby="board-title" data-testid="board-page">
      <div className="board-head">
        <h1 id="board-title" data-testid="board-date">
          {title}
        </h1>
        <div className="board-nav" role="toolbar" aria-label="Day">
          <button type="button" onClick={() => navigate(boardPath(addDays(board.date, -1)))} aria-keyshortcuts="Alt+ArrowLeft" data-testid="board-previous">
            ← <kbd>Alt+←</kbd>
          </button>
          <button type="button" onClick={() => navigate(boardPath())} aria-keyshortcuts="T" data-testid="board-today">
            Today <kbd>T</kbd>
          </button>
          <button type="button" onClick={() => navigate(boardPath(addDays(board.date, 1)))} aria-keyshortcuts="Alt+ArrowRight" data-testid="board-next">
            <kbd>Alt+→</kbd> →
          </button>
          <label>
            <span className="visually-hidden">Go to date</span>
            <input type="date" value={board.date} onChange={(e) => isIsoDate(e.target.value) && navigate(boardPath(e.target.value))} data-testid="board-date-input" />
          </label>
        </div>
      </div>
      <Counts counts={board.counts} filter={filters.status} onFilter={(status) => setFilters((f) => ({ ...f, status: f.status === status ? 'all' : status }))} />
      <div className="board-bar">
        <div className="board-filters" role="group" aria-label="Filters">
          <label className="board-filter">
            <span>Provider</span>
            <select value={filters.providerId} onChange={(e) => setFilters((f) => ({ ...f, providerId: e.target.value }))} data-testid="board-filter-provider">
              <option value="">Every provider</option>
              {board.providers.map((provider) => (
                <option key={provider.id} value={provider.id}>
                  {provider.displayName}
                </option>
              ))}
            </select>
          </label>
          <label className="board-filter">
            <span>Status</span>
            <select value={filters.status} onChange={(e) => setFilters((f) => ({ ...f, status: e.target.value as StatusFilter }))} data-testid="board-filter-status">
              {STATUS_FILTERS.map((status) => (
                <option key={status} value={status}>
                  {STATUS_FILTER_LABELS[status]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="board-actions" role="toolbar" aria-label={current ? `Actions for ${patientLabel(current.appointment)}` : 'Actions'} data-testid="board-actions">
          {ROW_ACTIONS.map((action) => (
            <button
              key={action}
              type="button"
              disabled={!allowed(action, current)}
              onClick={() => void run(action)}
              aria-keyshortcuts={ACTION_KEYS[action]}
              title={action === 'checkIn' && current?.appointment.status === 'arrived' ? 'The check-in: receipt, undo' : undefined}
              data-testid={`board-action-${action}`}
            >
              {ACTION_LABELS[action]} <kbd>{ACTION_KEYS[action]}</kbd>
            </button>
          ))}
          {canBook && (
            <button type="button" className="primary" onClick={() => void run('walkIn')} aria-keyshortcuts="W" data-testid="board-action-walkIn">
              Walk-in <kbd>W</kbd>
            </button>
          )}
        </div>
      </div>
      {error && (
        <p className="banner banner-error board-error" role="alert" data-testid="board-error">
          {error}
        </p>
      )}
      <BoardTable
        rows={rows}
        selected={selected}
        onSelect={select}
        onOpen={(index) => {
          select(index);
          setDialog({ kind: 'panel', appointmentId: rows[index]!.appointment.id });
        }}
        nowMs={nowMs}
        waitThresholdMinutes={board.waitThresholdMinutes}
        providerName={(id) => providerNames.get(id) ?? ''}
        roomName={(id) => (id ? (roomNames.get(id) ?? '') : '')}
        date={board.date}
        scrollRef={scrollRef}
        gridRef={gridRef}
      />
      <p className="hint board-keys">
        <kbd>↑</kbd> <kbd>↓</kbd> choose a visit · letters act on it · waits over {board.waitThresholdMinutes} min are marked · balance due is not available until billing is set up
      </p>
      {dialog?.kind === 'checkIn' && <CheckInDialog appointmentId={dialog.appointmentId} onClose={closeDialog} />}
      {dialog?.kind === 'room' && dialogRow && (
        <RoomDialog
          patient={patientLabel(dialogRow.appointment)}
          rooms={board.rooms}
          occupied={occupiedRooms(board.rows)}
          onRoom={async (roomId) => {
            const outcome = await changeStatus(dialogRow, 'roomed', roomId);
            if (typeof outcome === 'string') return outcome;
            closeDialog();
            return null;
          }}
          onClose={closeDialog}
        />
      )}
      {dialog?.kind === 'followUp' && <FollowUpOffer appointment={dialog.appointment} onClose={closeDialog} />}
      {dialog?.kind === 'panel' && dialogRow && <PanelFor appointment={dialogRow.appointment} onClose={closeDialog} />}
      {dialog?.kind === 'walkIn' && (
        <WalkInDialog
          providers={board.providers}
          timeZone={board.timeZone}
          nowMs={nowMs}
          onBooked={(appointment) => {
            // Booked: it is checked in next, through the check-in (identity, insurance, consents, copay).
            setFilters({ providerId: '', status: 'all' });
            setSelection((old) => ({ ...old, id: appointment.id }));
            setDialog(canCheckIn ? { kind: 'checkIn', appointmentId: appointment.id } : null);
          }}
          onClose={closeDialog}
        />
      )}
    </section>
  );
}

const COUNT_LABELS: Record<keyof BoardCounts, string> = { expected: 'Expected', arrived: 'Arrived', waiting: 'Waiting', done: 'Done', noShows: 'No-shows' };
const COUNT_HINTS: Record<keyof BoardCounts, string> = {
  expected: 'Booked or confirmed, not arrived yet',
  arrived: 'Came in today (any step)',
  waiting: 'In the waiting room or roomed, waiting for the provider',
  done: 'Checked out',
  noShows: 'Did not come',
};

/** The day's counts; each is also a filter (again: every status). */
function Counts({ counts, filter, onFilter }: { counts: BoardCounts; filter: StatusFilter; onFilter(status: keyof BoardCounts): void }) {
  return (
    <div className="board-counts" role="group" aria-label="Counts" data-testid="board-counts">
      {(Object.keys(COUNT_LABELS) as (keyof BoardCounts)[]).map((key) => (
        <button key={key} type="button" className="board-count" aria-pressed={filter === key} title={COUNT_HINTS[key]} onClick={() => onFilter(key)} data-testid={`board-count-${key}`}>
          <span className="board-count-value">{counts[key]}</span>
          <span className="board-count-label">{COUNT_LABELS[key]}</span>
        </button>
      ))}
    </div>
  );
}

/** The schedule's appointment panel (its provider names come from the day view, read when it opens). */
function PanelFor({ appointment, onClose }: { appointment: Appointment; onClose(): void }) {
  const [day] = useLoad(() => call('appointments.day', { date: appointment.local.date }), appointment.local.date);
  if (!day) return null;
  return <AppointmentPanel appointment={appointment} day={day.ok ? day.value : null} onClose={onClose} />;
}

interface BoardKeys {
  date: string;
  onMove(by: number | 'first' | 'last'): void;
  onAction(action: BoardAction | 'walkIn'): void;
  /** Off while a dialog of the board is open. */
  active: boolean;
}

const LETTER_ACTIONS: Record<string, BoardAction | 'walkIn'> = { c: 'checkIn', r: 'room', p: 'withProvider', o: 'checkOut', n: 'noShow', w: 'walkIn' };
const MOVES: Record<string, number | 'first' | 'last'> = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10, Home: 'first', End: 'last' };

/**
 * The board's keys, anywhere on the page but in a text box, a list or an open dialog: ↑/↓ (Page,
 * Home, End) choose a visit, Enter opens it, the letters act on it, Alt+←/→ and T change the day.
 * On a button or link, Enter and the arrows keep their own meaning.
 */
function useBoardKeys({ date, onMove, onAction, active }: BoardKeys): void {
  const latest = useRef({ onMove, onAction });
  useEffect(() => {
    latest.current = { onMove, onAction };
  });
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || document.querySelector('dialog[open]')) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (target?.closest('input, select, textarea, [contenteditable="true"]')) return;
      const onControl = target?.closest('button, a') !== null && target !== null;
      if (event.altKey) {
        if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
        event.preventDefault();
        navigate(boardPath(addDays(date, event.key === 'ArrowLeft' ? -1 : 1)));
        return;
      }
      const move = MOVES[event.key];
      if (move !== undefined && !onControl) {
        event.preventDefault();
        latest.current.onMove(move);
        return;
      }
      if (event.key === 'Enter' && !onControl) {
        event.preventDefault();
        latest.current.onAction('open');
        return;
      }
      const key = event.key.toLowerCase();
      if (key === 't') {
        event.preventDefault();
        navigate(boardPath());
        return;
      }
      const action = LETTER_ACTIONS[key];
      if (action && !event.shiftKey) {
        event.preventDefault();
        latest.current.onAction(action);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [date, active]);
}
