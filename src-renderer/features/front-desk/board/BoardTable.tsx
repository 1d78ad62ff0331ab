import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, type Ref, type RefObject } from 'react';
import { Link } from 'wouter';
import type { BoardRow } from '../../../../src-shared/front-desk/board-schema';
import { STATUS_LABELS } from '../../../../src-shared/scheduling/status';
import { patientLabel } from '../../schedule/labels';
import { didNotHappen, lateBy, lateLabel, waitLabel, waitOf } from './board-view';
import { RowBadges } from './RowBadges';

const COLUMNS = ['Time', 'Patient', 'Provider', 'Type', 'Room', 'Status', 'Wait', 'Badges', 'Balance'] as const;
/** A row's height before it is measured (badges may wrap on a narrow window). */
const ROW_HEIGHT_ESTIMATE = 44;

export const rowDomId = (appointmentId: string) => `board-row-${appointmentId}`;

interface BoardTableProps {
  rows: readonly BoardRow[];
  selected: number;
  onSelect(index: number): void;
  onOpen(index: number): void;
  nowMs: number;
  waitThresholdMinutes: number;
  providerName(id: string): string;
  roomName(id: string | null): string;
  date: string;
  scrollRef: RefObject<HTMLDivElement | null>;
  gridRef: Ref<HTMLTableElement>;
}

/**
 * The day's visits, one row each, in time order. A busy day holds 400, so only the rows in view
 * (and a few around them) are rendered. The table keeps the focus; ↑/↓ move the selected row
 * (aria-activedescendant), and the selected row is always rendered and scrolled into view.
 */
export function BoardTable({ rows, selected, onSelect, onOpen, nowMs, waitThresholdMinutes, providerName, roomName, date, scrollRef, gridRef }: BoardTableProps) {
  // The React Compiler is not used (vite.config.ts), so nothing is memoized around the virtualizer.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_ESTIMATE,
    overscan: 10,
    getItemKey: (index) => rows[index]?.appointment.id ?? index,
  });
  useEffect(() => {
    if (selected >= 0) virtual.scrollToIndex(selected, { align: 'auto' });
  }, [virtual, selected]);

  const inView = virtual.getVirtualItems();
  const spaceAbove = inView[0]?.start ?? 0;
  const spaceBelow = virtual.getTotalSize() - (inView.at(-1)?.end ?? 0);
  const active = rows[selected];

  return (
    <div ref={scrollRef} className="board-scroll" data-testid="board-scroll">
      <table
        ref={gridRef}
        className="table board-table"
        role="grid"
        aria-label="Today’s visits"
        aria-rowcount={rows.length + 1}
        aria-activedescendant={active ? rowDomId(active.appointment.id) : undefined}
        tabIndex={0}
        data-testid="board-rows"
        data-date={date}
        data-count={rows.length}
      >
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <th key={column} scope="col" className={`board-col-${column.toLowerCase()}`}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {spaceAbove > 0 && <Spacer height={spaceAbove} />}
          {inView.map((item) => {
            const row = rows[item.index]!;
            const { appointment } = row;
            const badges = didNotHappen(row) ? null : row.badges;
            const wait = waitOf(row, nowMs, waitThresholdMinutes);
            const late = lateBy(row, nowMs);
            const isSelected = item.index === selected;
            return (
              <tr
                key={item.key}
                id={rowDomId(appointment.id)}
                ref={virtual.measureElement}
                data-index={item.index}
                aria-rowindex={item.index + 2}
                aria-selected={isSelected}
                className={`board-row status-${appointment.status}${isSelected ? ' selected' : ''}${wait?.long ? ' board-row-late' : ''}`}
                onMouseDown={() => onSelect(item.index)}
                onDoubleClick={() => onOpen(item.index)}
                data-testid="board-row"
                data-appointment-id={appointment.id}
                data-status={appointment.status}
              >
                <td className="mono nowrap board-time">{appointment.local.start}</td>
                <td className="board-patient">
                  {appointment.patient ? (
                    <Link href={`~/patients/${appointment.patientId}`} tabIndex={-1} data-testid="board-patient">
                      {patientLabel(appointment)}
                    </Link>
                  ) : (
                    <span data-testid="board-patient">{patientLabel(appointment)}</span>
                  )}
                  {appointment.patient && <span className="mono board-mrn">{appointment.patient.mrn}</span>}
                  {badges?.firstVisit && (
                    <span className="board-chip board-chip-new" title="No earlier visit" data-testid="badge-first-visit">
                      First visit
                    </span>
                  )}
                </td>
                <td className="board-provider">{providerName(appointment.providerId)}</td>
                <td className="board-type">
                  <span className="schedule-swatch" style={{ background: appointment.color }} aria-hidden="true" /> {appointment.typeName}
                </td>
                <td className="board-room" data-testid="board-room">
                  {roomName(appointment.roomId)}
                </td>
                <td className="board-status" data-testid="board-status">
                  <span className={`board-status-label status-${appointment.status}`}>{STATUS_LABELS[appointment.status]}</span>
                </td>
                <td className={wait?.long ? 'board-wait board-wait-long' : 'board-wait'} data-testid="board-wait">
                  {wait && (
                    <span title={wait.long ? `Waiting longer than ${waitThresholdMinutes} minutes` : 'Time in this status'}>
                      {waitLabel(wait.minutes)}
                    </span>
                  )}
                  {late !== null && (
                    <span className="board-late" title={`Not arrived yet, ${waitLabel(late)} past the start`} data-testid="board-late">
                      {lateLabel(late)}
                    </span>
                  )}
                </td>
                <td className="board-badges-cell">{badges && <RowBadges badges={badges} />}</td>
                {/* The service answers no balance (null) until billing exists: never a made-up $0.00. */}
                <td className="board-balance" title="Balance due is not available until billing is set up" data-testid="board-balance">
                  {badges && 'n/a'}
                </td>
              </tr>
            );
          })}
          {spaceBelow > 0 && <Spacer height={spaceBelow} />}
        </tbody>
      </table>
      {rows.length === 0 && (
        <p className="notice board-empty" data-testid="board-empty">
          No visits match.
        </p>
      )}
    </div>
  );
}

/** Stands in for the rows scrolled out of view, so the scroll bar keeps the whole day's length. */
function Spacer({ height }: { height: number }) {
  return (
    <tr className="board-spacer" aria-hidden="true">
      <td colSpan={COLUMNS.length} style={{ height, padding: 0, border: 'none' }} />
    </tr>
  );
}
