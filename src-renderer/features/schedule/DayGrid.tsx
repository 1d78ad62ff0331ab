import type { MethodOutput } from '../../../src-shared/rpc/contract';
import type { DayView } from '../../../src-shared/scheduling/day-sheet';
import { dayColumns, daySpan, NO_ROOM_COLUMN } from './day-layout';
import { TimeGrid, type MoveTarget } from './TimeGrid';

export type Day = MethodOutput<'appointments.day'>;
export interface SlotChoice {
  providerId: string;
  time: string;
}

interface DayGridProps {
  day: Day;
  view: DayView;
  /** Absent when the session may not book: free time is not clickable then. */
  onBook?(slot: SlotChoice): void;
  onOpen(appointmentId: string): void;
  /** Absent when the session may not book: appointments do not drag then. True once the service has moved it. */
  onMove?(target: MoveTarget): Promise<boolean>;
}

/**
 * Providers (or rooms) as columns, time down the side; free time is a button (click or Enter
 * books), appointments are blocks that open on click and drag to another time or provider (in
 * the rooms view, to another time).
 */
export function DayGrid({ day, view, onBook, onOpen, onMove }: DayGridProps) {
  if (day.providers.length === 0) {
    return <p className="hint" data-testid="schedule-no-providers">No providers yet: add them in Admin → Providers.</p>;
  }
  const providerNames = new Map(day.providers.map((provider) => [provider.id, provider.displayName]));
  return (
    <TimeGrid
      shown={day}
      columns={dayColumns(day, view)}
      span={daySpan(day)}
      className={`schedule-by-${view}`}
      testId="schedule-grid"
      head={(column) => (
        <div
          className={column.id === NO_ROOM_COLUMN ? 'schedule-column-head schedule-column-head-none' : 'schedule-column-head'}
          style={{ borderTopColor: column.color ?? undefined }}
          data-testid={view === 'rooms' ? 'schedule-room' : 'schedule-provider'}
        >
          {column.title}
          {column.inactive && <span className="badge">inactive</span>}
        </div>
      )}
      columnAttributes={(column) => ({ 'data-column-id': column.id, 'data-testid': 'schedule-column' })}
      bookFrom={({ bookWith }) => (onBook && bookWith !== null ? (time) => onBook({ providerId: bookWith, time }) : undefined)}
      onOpen={onOpen}
      onMove={onMove}
      moveHint={view === 'rooms' ? 'Drag up or down to move it to another time' : 'Drag to another time or provider to move it'}
      providerName={view === 'rooms' ? (appointment) => providerNames.get(appointment.providerId) : undefined}
    />
  );
}
