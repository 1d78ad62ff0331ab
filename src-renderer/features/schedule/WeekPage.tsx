import { useState, type ReactNode } from 'react';
import { format, parseISO } from 'date-fns';
import { Redirect } from 'wouter';
import { addDays } from '../../../src-shared/scheduling/clinic-time';
import { isIsoDate, localIsoDate } from '../../../src-shared/validation/dates';
import { useTableVersion } from '../../lib/change-feed';
import { navigate } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { useCan } from '../../lib/session';
import { Loaded } from '../admin/Loaded';
import { useLoad } from '../admin/useLoad';
import { AppointmentPanel } from './AppointmentPanel';
import { BookingDialog } from './BookingDialog';
import type { Day } from './DayGrid';
import { IcsExportDialog, type IcsExport } from './IcsExportDialog';
import { MoveDialog } from './MoveDialog';
import { altOnly, plainKey, useScreenKeys } from './schedule-keys';
import { mondayOf, weekPath } from './schedule-paths';
import { ProviderOptions } from './ProviderOptions';
import { ScheduleTitle } from './ScheduleTitle';
import { ScheduleViewTabs } from './ScheduleViewTabs';
import { useMoving } from './TimeGrid';
import { WeekGrid, type WeekSlot } from './WeekGrid';

/** One provider's week, Monday to Sunday (`/schedule/week/:providerId/:date`); without a provider, the first one's. */
export function WeekPage({ providerId, date: requested }: { providerId?: string; date?: string }) {
  const date = requested && isIsoDate(requested) ? requested : localIsoDate();
  return providerId ? <ProviderWeek key={providerId} providerId={providerId} date={date} /> : <FirstProviderWeek date={date} />;
}

function FirstProviderWeek({ date }: { date: string }) {
  const [providers] = useLoad(() => call('schedule.providers.list', {}), null);
  const first = providers?.ok ? providers.value.items[0] : undefined;
  if (first) return <Redirect to={weekPath(date, first.id)} replace />;
  return (
    <WeekFrame date={date} providerId={null} title={weekTitle(date)}>
      <Loaded result={providers}>
        {() => (
          <p className="hint" data-testid="schedule-no-providers">
            No providers yet: add them in Admin → Providers.
          </p>
        )}
      </Loaded>
    </WeekFrame>
  );
}

function ProviderWeek({ providerId, date }: { providerId: string; date: string }) {
  // A booking anywhere, or a changed template or exception, redraws the week.
  const versions = [useTableVersion('appointments'), useTableVersion('availability_templates'), useTableVersion('availability_exceptions')];
  const [week] = useLoad(() => call('appointments.week', { providerId, date }), `${date}:${versions.join(':')}`);
  const [providers] = useLoad(() => call('schedule.providers.list', {}), useTableVersion('providers'));
  const [booking, setBooking] = useState<WeekSlot | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const { moving, setMoving, moveOnDrop } = useMoving();
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<IcsExport | null>(null);
  const canBook = useCan('schedule.book');
  const monday = mondayOf(date);
  const goTo = (day: string, provider = providerId) => navigate(weekPath(day, provider));

  useScreenKeys((event) => {
    if (altOnly(event) && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
      goTo(addDays(date, event.key === 'ArrowLeft' ? -7 : 7));
      return true;
    }
    if (plainKey(event) && (event.key === 't' || event.key === 'T')) {
      goTo(localIsoDate());
      return true;
    }
    return false;
  });

  const shown = week?.ok ? week.value : null;
  const pickable = [...(providers?.ok ? providers.value.items : [])];
  if (shown && !pickable.some((p) => p.id === shown.provider.id)) pickable.push(shown.provider);
  const opened = shown?.appointments.find((a) => a.id === openId);

  return (
    <WeekFrame date={date} providerId={providerId} title={weekTitle(date)}>
      <div className="schedule-toolbar" role="toolbar" aria-label="Week">
        <button type="button" onClick={() => goTo(addDays(date, -7))} aria-keyshortcuts="Alt+ArrowLeft" title="Alt+Left" data-testid="week-previous">
          ← Previous week
        </button>
        <button type="button" onClick={() => goTo(localIsoDate())} aria-keyshortcuts="T" title="T" data-testid="week-this">
          This week
        </button>
        <button type="button" onClick={() => goTo(addDays(date, 7))} aria-keyshortcuts="Alt+ArrowRight" title="Alt+Right" data-testid="week-next">
          Next week →
        </button>
        <label className="schedule-date-picker">
          <span className="visually-hidden">Go to date</span>
          <input type="date" value={date} onChange={(e) => isIsoDate(e.target.value) && goTo(e.target.value)} data-testid="week-date-input" />
        </label>
        <label className="schedule-provider-picker">
          <span>Provider</span>
          <select value={providerId} onChange={(e) => goTo(date, e.target.value)} data-testid="week-provider">
            <ProviderOptions providers={pickable} />
          </select>
        </label>
        <button type="button" disabled={!shown} onClick={() => setExporting(true)} data-testid="week-export">
          Export calendar (.ics)
        </button>
      </div>
      <p className="hint schedule-keys">
        <kbd>Alt+←</kbd> / <kbd>Alt+→</kbd> previous and next week, <kbd>T</kbd> this week. Click a free time (or press Enter on it) to book; click an appointment
        to open it (Move… there), or drag it to another time or day; click a day’s name to open that day.
      </p>
      {exported && (
        <p className="banner" role="status" data-testid="week-export-done">
          Exported {exported.events === 1 ? '1 appointment' : `${exported.events} appointments`} to {exported.fileName}.
        </p>
      )}
      <Loaded result={week}>{(value) => <WeekGrid week={value} onBook={canBook ? setBooking : undefined} onOpen={setOpenId} onMove={canBook ? moveOnDrop : undefined} />}</Loaded>
      {booking && (
        <WithDay key={booking.date} date={booking.date}>
          {(day) => <BookingDialog start={{ providerId, time: booking.time }} day={day} onClose={() => setBooking(null)} />}
        </WithDay>
      )}
      {opened && (
        <WithDay key={opened.local.date} date={opened.local.date}>
          {(day) => (
            <AppointmentPanel
              appointment={opened}
              day={day}
              onClose={() => setOpenId(null)}
              onMove={() => {
                setOpenId(null);
                setMoving({ appointment: opened });
              }}
            />
          )}
        </WithDay>
      )}
      {moving && (
        <WithDay key={moving.appointment.local.date} date={moving.appointment.local.date}>
          {(day) => (
            <MoveDialog
              appointment={moving.appointment}
              day={day}
              target={moving.target}
              refused={moving.refused}
              onClose={() => setMoving(null)}
              onMoved={() => setMoving(null)}
            />
          )}
        </WithDay>
      )}
      {exporting && shown && (
        <IcsExportDialog
          provider={shown.provider}
          from={monday}
          to={addDays(monday, 6)}
          onClose={() => setExporting(false)}
          onExported={(done) => {
            setExporting(false);
            setExported(done);
          }}
        />
      )}
    </WeekFrame>
  );
}

function WeekFrame({ date, providerId, title, children }: { date: string; providerId: string | null; title: string; children: ReactNode }) {
  return (
    <section className="page schedule-page week-page" data-testid="week-page">
      <div className="page-head schedule-head">
        <ScheduleTitle testId="week-dates">{title}</ScheduleTitle>
        <ScheduleViewTabs view="week" date={date} providerId={providerId} />
      </div>
      {children}
    </section>
  );
}

/** "March 9 – 15, 2026", "March 30 – April 5, 2026", "December 28, 2026 – January 3, 2027" */
function weekTitle(date: string): string {
  const monday = parseISO(mondayOf(date));
  const sunday = parseISO(addDays(mondayOf(date), 6));
  if (monday.getFullYear() !== sunday.getFullYear()) return `${format(monday, 'MMMM d, yyyy')} – ${format(sunday, 'MMMM d, yyyy')}`;
  if (monday.getMonth() !== sunday.getMonth()) return `${format(monday, 'MMMM d')} – ${format(sunday, 'MMMM d, yyyy')}`;
  return `${format(monday, 'MMMM d')} – ${format(sunday, 'd, yyyy')}`;
}

/** The clinic day the booking dialog and the appointment panel work from, loaded when one opens. */
function WithDay({ date, children }: { date: string; children(day: Day): ReactNode }) {
  const [day] = useLoad(() => call('appointments.day', { date }), date);
  // Nothing while it loads: the dialog opens once its day is there.
  return day && <Loaded result={day}>{children}</Loaded>;
}
