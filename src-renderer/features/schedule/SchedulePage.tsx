import { useEffect, useRef, useState } from 'react';
import { format, parseISO } from 'date-fns';
import { addDays } from '../../../src-shared/scheduling/clinic-time';
import { daySheet, type DayView } from '../../../src-shared/scheduling/day-sheet';
import type { Appointment } from '../../../src-shared/scheduling/schema';
import { isIsoDate, localIsoDate } from '../../../src-shared/validation/dates';
import { useTableVersion } from '../../lib/change-feed';
import { navigate, navigateNow } from '../../lib/navigation';
import { printAudited } from '../../lib/print';
import { call } from '../../lib/rpc';
import { useCan } from '../../lib/session';
import { Loaded } from '../admin/Loaded';
import { useLoad } from '../admin/useLoad';
import { downloadBlob } from '../audit/download';
import { base64ToBlob } from '../documents/document-files';
import { AppointmentPanel } from './AppointmentPanel';
import { BookingDialog } from './BookingDialog';
import { DayGrid, type SlotChoice } from './DayGrid';
import { DayPrintSheet } from './DayPrintSheet';
import { MoveDialog } from './MoveDialog';
import { ScheduleTitle } from './ScheduleTitle';
import { ScheduleViewTabs } from './ScheduleViewTabs';
import { dayPath } from './schedule-paths';
import { useMoving } from './TimeGrid';

/** The day in providers or rooms as columns (the rooms view is the day's address plus /rooms). */
const dayViewPath = (date: string, view: DayView) => (view === 'rooms' ? `${dayPath(date)}/rooms` : dayPath(date));
const VIEW_LABELS: Record<DayView, string> = { providers: 'Providers', rooms: 'Rooms' };
const otherView = (view: DayView): DayView => (view === 'rooms' ? 'providers' : 'rooms');

/** The Schedule area: one clinic day, providers (or rooms) as columns. `/schedule` is today. */
export function SchedulePage({ date: requested, view = 'providers' }: { date?: string; view?: DayView }) {
  const date = requested && isIsoDate(requested) ? requested : localIsoDate();
  const version = useTableVersion('appointments');
  const [day] = useLoad(() => call('appointments.day', { date }), `${date}:${version}`);
  const [booking, setBooking] = useState<SlotChoice | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const { moving, setMoving, moveOnDrop } = useMoving();
  const [printError, setPrintError] = useState<string | null>(null);
  const [savingPdf, setSavingPdf] = useState(false);
  const pdfInFlight = useRef(false);
  const canBook = useCan('schedule.book');
  const dialogOpen = booking !== null || openId !== null || moving !== null;

  useDayShortcuts(date, view, !dialogOpen);

  const print = async (count: number) => {
    setPrintError(null);
    const printed = await printAudited('day_schedule', undefined, { count });
    if (!printed.ok) setPrintError(`Not printed: ${printed.error.message}`);
  };
  const savePdf = async () => {
    if (pdfInFlight.current) return;
    pdfInFlight.current = true;
    setSavingPdf(true);
    setPrintError(null);
    const made = await call('appointments.dayPdf', { date, by: view }).finally(() => {
      pdfInFlight.current = false;
      setSavingPdf(false);
    });
    if (!made.ok) return setPrintError(`Not saved: ${made.error.message}`);
    downloadBlob(made.value.fileName, base64ToBlob(made.value.base64, made.value.contentType));
  };
  const moved = (appointment: Appointment) => {
    setMoving(null);
    // Saved: the dialog's leave guard has nothing left to protect.
    if (appointment.local.date !== date) navigateNow(dayViewPath(appointment.local.date, view));
  };
  const opened: Appointment | undefined = day?.ok ? day.value.appointments.find((a) => a.id === openId) : undefined;

  return (
    <section className="page schedule-page" data-testid="schedule-page">
      <div className="page-head schedule-head">
        <ScheduleTitle testId="schedule-date">{format(parseISO(date), 'EEEE, MMMM d, yyyy')}</ScheduleTitle>
        <ScheduleViewTabs view="day" date={date} />
        <div className="schedule-toolbar" role="toolbar" aria-label="Day">
          <button type="button" onClick={() => navigate(dayViewPath(addDays(date, -1), view))} title="Alt+Left" data-testid="schedule-previous">
            ← Previous day
          </button>
          <button type="button" onClick={() => navigate(dayViewPath(localIsoDate(), view))} title="T" data-testid="schedule-today">
            Today
          </button>
          <button type="button" onClick={() => navigate(dayViewPath(addDays(date, 1), view))} title="Alt+Right" data-testid="schedule-next">
            Next day →
          </button>
          <label className="schedule-date-picker">
            <span className="visually-hidden">Go to date</span>
            <input
              type="date"
              value={date}
              onChange={(e) => isIsoDate(e.target.value) && navigate(dayViewPath(e.target.value, view))}
              data-testid="schedule-date-input"
            />
          </label>
          <div className="schedule-columns-toggle" role="group" aria-label="Columns" data-testid="schedule-columns">
            {(['providers', 'rooms'] as const).map((choice) => (
              <button
                key={choice}
                type="button"
                aria-pressed={view === choice}
                aria-keyshortcuts="R"
                title="R switches providers and rooms"
                onClick={() => view !== choice && navigate(dayViewPath(date, choice))}
                data-testid={`schedule-by-${choice}`}
              >
                {VIEW_LABELS[choice]}
              </button>
            ))}
          </div>
          <button type="button" onClick={() => navigate('/schedule/find')} data-testid="schedule-find">
            Find a time
          </button>
          <button type="button" onClick={() => navigate('/schedule/waitlist')} data-testid="schedule-waitlist">
            Waitlist
          </button>
          <button
            type="button"
            className="primary"
            disabled={!day?.ok}
            onClick={() => day?.ok && void print(daySheet(day.value, view).count)}
            data-testid="schedule-print"
          >
            Print day
          </button>
          <button type="button" disabled={!day?.ok || savingPdf} onClick={() => void savePdf()} data-testid="schedule-save-pdf">
            {savingPdf ? 'Saving…' : 'Save as PDF'}
          </button>
        </div>
      </div>
      <p className="hint schedule-keys">
        <kbd>Alt+←</kbd> / <kbd>Alt+→</kbd> previous and next day, <kbd>T</kbd> today, <kbd>R</kbd> providers or rooms as columns. Click a free time (or press Enter on it) to book; click
        an appointment to open it (Move… there), or drag it to another time{view === 'providers' ? ' or provider' : ''}.
      </p>
      {printError && (
        <p className="banner banner-error" role="alert" data-testid="schedule-print-error">
          {printError}
        </p>
      )}
      <Loaded result={day}>
        {(value) => (
          <>
            {view === 'rooms' && value.resources.every((resource) => resource.kind !== 'room') && (
              <p className="hint" data-testid="schedule-no-rooms">
                No rooms yet: add them in Admin → Rooms and equipment. Appointments show under “No room”.
              </p>
            )}
            <DayGrid day={value} view={view} onBook={canBook ? setBooking : undefined} onOpen={setOpenId} {...(canBook ? { onMove: moveOnDrop } : {})} />
            <DayPrintSheet day={value} view={view} />
          </>
        )}
      </Loaded>
      {booking && day?.ok && <BookingDialog start={booking} day={day.value} onClose={() => setBooking(null)} />}
      {opened && (
        <AppointmentPanel
          appointment={opened}
          day={day?.ok ? day.value : null}
          onClose={() => setOpenId(null)}
          onMove={() => {
            setOpenId(null);
            setMoving({ appointment: opened });
          }}
        />
      )}
      {moving && day?.ok && <MoveDialog appointment={moving.appointment} day={day.value} target={moving.target} refused={moving.refused} onClose={() => setMoving(null)} onMoved={moved} />}
    </section>
  );
}

/** Alt+Left / Alt+Right: previous / next day; T: today; R: providers or rooms as columns (not while typing or while a dialog is open). */
function useDayShortcuts(date: string, view: DayView, active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"]') !== null && target !== null;
      const plain = !typing && !event.altKey && !event.ctrlKey && !event.metaKey;
      if (event.altKey && !event.ctrlKey && !event.metaKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
        event.preventDefault();
        navigate(dayViewPath(addDays(date, event.key === 'ArrowLeft' ? -1 : 1), view));
      } else if (plain && (event.key === 't' || event.key === 'T')) {
        event.preventDefault();
        navigate(dayViewPath(localIsoDate(), view));
      } else if (plain && (event.key === 'r' || event.key === 'R')) {
        event.preventDefault();
        navigate(dayViewPath(date, otherView(view)));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [date, view, active]);
}
