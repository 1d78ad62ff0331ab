import { format, parseISO } from 'date-fns';
import { Link } from 'wouter';
import type { MethodOutput } from '../../../src-shared/rpc/contract';
import { localIsoDate } from '../../../src-shared/validation/dates';
import { weekColumns, weekSpan } from './day-layout';
import { dayPath } from './schedule-paths';
import { TimeGrid, type MoveTarget } from './TimeGrid';

export type Week = MethodOutput<'appointments.week'>;

export interface WeekSlot {
  date: string;
  time: string;
}

interface WeekGridProps {
  week: Week;
  /** Absent when the session may not book: free time is not clickable then. */
  onBook?: ((slot: WeekSlot) => void) | undefined;
  onOpen(appointmentId: string): void;
  /** Absent when the session may not book: appointments do not drag then. True once the service has moved it. */
  onMove?: ((target: MoveTarget) => Promise<boolean>) | undefined;
}

/**
 * One provider's week: Monday to Sunday as columns, time down the side; a day's name opens its
 * day view, appointments drag to another time or day of the same provider.
 */
export function WeekGrid({ week, onBook, onOpen, onMove }: WeekGridProps) {
  const today = localIsoDate();
  return (
    <TimeGrid
      shown={week}
      columns={weekColumns(week)}
      span={weekSpan(week)}
      className="week-grid"
      testId="week-grid"
      head={({ date, title, available }) => (
        <Link
          href={dayPath(date)}
          className={date === today ? 'schedule-column-head week-day-head today' : 'schedule-column-head week-day-head'}
          style={{ borderTopColor: week.provider.color ?? undefined }}
          aria-label={`${title}: open the day`}
          data-date={date}
          data-testid="week-day-head"
        >
          <span className="week-day-name">{format(parseISO(date), 'EEE')}</span> {format(parseISO(date), 'M/d')}
          {available.length === 0 && <span className="week-day-off">not working</span>}
        </Link>
      )}
      columnAttributes={({ date }) => ({ 'data-date': date, 'data-testid': 'week-column' })}
      bookFrom={({ date }) => onBook && ((time) => onBook({ date, time }))}
      onOpen={onOpen}
      onMove={onMove}
      moveHint="Drag to another time or day to move it"
    />
  );
}
