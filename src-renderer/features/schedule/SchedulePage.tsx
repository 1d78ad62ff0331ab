import { useEffect, useState } from 'react';
import { format, parseISO } from 'date-fns';
import { addDays } from '../../../src-shared/scheduling/clinic-time';
import type { Appointment } from '../../../src-shared/scheduling/schema';
import { isIsoDate, localIsoDate } from '../../../src-shared/validation/dates';
import { useTableVersion } from '../../lib/change-feed';
import { navigate } from '../../lib/navigation';
import { printAudited } from '../../lib/print';
import { call } from '../../lib/rpc';
import { useCan } from '../../lib/session';
import { Loaded } from '../admin/Loaded';
import { useLoad } from '../admin/useLoad';
import { AppointmentPanel } from './AppointmentPanel';
import { BookingDialog } from './BookingDialog';
import { DayGrid, type SlotChoice } from './DayGrid';
import { DayPrintSheet } from './DayPrintSheet';
import { shownAppointments } from './day-layout';

const dayPath = (date: string) => `/schedule/${date}`;

/** The Schedule area: one clinic day, providers as columns. `/schedule` is today. */
export function SchedulePage({ date: requested }: { date?: string }) {
  const date = requested && isIsoDate(requested) ? requested : localIsoDate();
  const version = useTableVersion('appointments');
  const [day] = useLoad(() => call('appointments.day', { date }), `${date}:${version}`);
  const [booking, setBooking] = useState<SlotChoice | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [printError, setPrintError] = useState<string | null>(null);
  const canBook = useCan('schedule.book');
  const dialogOpen = booking !== null || openId !== null;

  useDayShortcuts(date, !dialogOpen);

  const print = async (count: number) => {
    setPrintError(null);
    const printed = await printAudited('day_schedule', undefined, { count });
    if (!printed.ok) setPrintError(`Not printed: ${printed.error.message}`);
  };
  const opened: Appointment | undefined = day?.ok ? day.value.appointments.find((a) => a.id === openId) : undefined;

  return (
    <section className="page schedule-page" data-testid="schedule-page">
      <div className="page-head schedule-head">
        <h1>
          Schedule{' '}
          <span className="schedule-date" data-testid="schedule-date">
            {format(parseISO(date), 'EEEE, MMMM d, yyyy')}
          </span>
        </h1>
        <div className="schedule-toolbar" role="toolbar" aria-label="Day">
          <button type="button" onClick={() => navigate(dayPath(addDays(date, -1)))} title="Alt+Left" data-testid="schedule-previous">
            ← Previous day
          </button>
          <button type="button" onClick={() => navigate(dayPath(localIsoDate()))} title="T" data-testid="schedule-today">
            Today
          </button>
          <button type="button" onClick={() => navigate(dayPath(addDays(date, 1)))} title="Alt+Right" data-testid="schedule-next">
            Next day →
          </button>
          <label className="schedule-date-picker">
            <span className="visually-hidden">Go to date</span>
            <input
              type="date"
              value={date}
              onChange={(e) => isIsoDate(e.target.value) && navigate(dayPath(e.target.value))}
              data-testid="schedule-date-input"
            />
          </label>
          <button
            type="button"
            className="primary"
            disabled={!day?.ok}
            onClick={() => day?.ok && void print(shownAppointments(day.value.appointments).length)}
            data-testid="schedule-print"
          >
            Print day
          </button>
        </div>
      </div>
      <p className="hint schedule-keys">Alt+← / Alt+→ previous and next day, T today. Click a free time (or press Enter on it) to book; click an appointment to open it.</p>
      {printError && (
        <p className="banner banner-error" role="alert">
          {printError}
        </p>
      )}
      <Loaded result={day}>
        {(value) => (
          <>
            <DayGrid day={value} onBook={canBook ? setBooking : undefined} onOpen={setOpenId} />
            <DayPrintSheet day={value} />
          </>
        )}
      </Loaded>
      {booking && day?.ok && <BookingDialog start={booking} day={day.value} onClose={() => setBooking(null)} />}
      {opened && <AppointmentPanel appointment={opened} day={day?.ok ? day.value : null} onClose={() => setOpenId(null)} />}
    </section>
  );
}

/** Alt+Left / Alt+Right: previous / next day; T: today (not while typing or while a dialog is open). */
function useDayShortcuts(date: string, active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"]') !== null && target !== null;
      if (event.altKey && !event.ctrlKey && !event.metaKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
        event.preventDefault();
        navigate(dayPath(addDays(date, event.key === 'ArrowLeft' ? -1 : 1)));
      } else if (!typing && !event.altKey && !event.ctrlKey && !event.metaKey && (event.key === 't' || event.key === 'T')) {
        event.preventDefault();
        navigate(dayPath(localIsoDate()));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [date, active]);
}
