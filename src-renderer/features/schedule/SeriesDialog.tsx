import { useEffect, useRef, useState } from 'react';
import { useForm, useWatch, type UseFormRegisterReturn } from 'react-hook-form';
import type { MethodOutput } from '../../../src-shared/rpc/contract';
import { SERIES_SCOPES, type Appointment, type AppointmentSeries } from '../../../src-shared/scheduling/schema';
import { canChangeStatus, CANCELLED_BY, STATUS_LABELS, type CancelledBy } from '../../../src-shared/scheduling/status';
import { useTableVersion } from '../../lib/change-feed';
import { askConfirm } from '../../lib/confirm';
import { formKeys } from '../../lib/forms';
import { useLeaveGuard } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { useCan } from '../../lib/session';
import { Loaded } from '../admin/Loaded';
import { useLoad } from '../admin/useLoad';
import { ProviderOptions } from './ProviderOptions';
import { FieldShell, fieldAriaOf } from '../auth/fields';
import { FormActions } from '../shell/FormActions';
import { ModalDialog } from '../shell/ModalDialog';
import { ConflictList, placeRefusal, refusedVisitDates, type Refusal } from './ConflictList';
import { useEscapeRoute, useEscapeTo, type EscapeRoute } from './escape-route';
import { CANCELLED_BY_LABELS, patientLabel } from './labels';
import { providerNamed, useScheduleNames, weekdayAndDate, type ScheduleNames } from './schedule-names';

type Scope = (typeof SERIES_SCOPES)[number];
type EditOutput = MethodOutput<'appointments.series.edit'>;
type CancelOutput = MethodOutput<'appointments.series.cancel'>;

const SCOPE_LABELS: Record<Scope, string> = { one: 'This visit only', following: 'This and following', all: 'All visits' };
const UNSAVED_MESSAGE = 'This change to the series has not been saved.';

const minutesOf = (visit: Appointment) => Math.round((Date.parse(visit.end) - Date.parse(visit.start)) / 60_000);
const visitsWord = (count: number) => `${count} ${count === 1 ? 'visit' : 'visits'}`;

/** "Series…" for an appointment that belongs to a series (nothing for a single appointment): opens the series dialog. */
export function SeriesButton({ appointment }: { appointment: Appointment }) {
  const [open, setOpen] = useState(false);
  if (!appointment.seriesId) return null;
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} data-testid="appointment-series">
        Series…
      </button>
      {open && <SeriesDialog seriesId={appointment.seriesId} appointmentId={appointment.id} onClose={() => setOpen(false)} />}
    </>
  );
}

type Mode = 'list' | 'change' | 'cancel';

/**
 * A series' visits (date, time, provider, status); a visit still to come can be changed or
 * cancelled alone, with the following ones, or with all the others. A change that collides
 * anywhere lists every collision and changes nothing.
 */
export function SeriesDialog({ seriesId: openedSeriesId, appointmentId, onClose }: { seriesId: string; appointmentId: string; onClose(): void }) {
  // A change of "this and following" splits the series: the dialog follows the visit into its new series.
  const [seriesId, setSeriesId] = useState(openedSeriesId);
  const [selectedId, setSelectedId] = useState(appointmentId);
  const [mode, setMode] = useState<Mode>('list');
  const [done, setDone] = useState<string | null>(null);
  const version = useTableVersion('appointments');
  const [loaded] = useLoad(() => call('appointments.series.get', { id: seriesId }), `${seriesId}:${version}`);
  const names = useScheduleNames();
  const [escapeRoute, escape] = useEscapeRoute(onClose);

  const afterSave = (message: string, follow?: Appointment) => {
    setDone(message);
    setMode('list');
    if (follow) {
      setSeriesId(follow.seriesId ?? seriesId);
      setSelectedId(follow.id);
    }
  };

  return (
    <ModalDialog className="overlay series-dialog" aria-labelledby="series-title" data-testid="series-dialog" onEscape={escape}>
      <div className="overlay-panel">
        <Loaded result={loaded}>
          {({ series, appointments }) => (
            <Loaded result={names}>
              {(known) => (
                <SeriesBody
                  series={series}
                  appointments={appointments}
                  names={known}
                  selectedId={selectedId}
                  onSelect={setSelectedId}
                  mode={mode}
                  onMode={(next) => {
                    setDone(null);
                    setMode(next);
                  }}
                  done={done}
                  onDone={afterSave}
                  onClose={onClose}
                  escapeRoute={escapeRoute}
                />
              )}
            </Loaded>
          )}
        </Loaded>
      </div>
    </ModalDialog>
  );
}

interface SeriesBodyProps {
  series: AppointmentSeries;
  appointments: Appointment[];
  names: ScheduleNames;
  selectedId: string;
  onSelect(id: string): void;
  mode: Mode;
  onMode(mode: Mode): void;
  done: string | null;
  /** After a save: what happened, and the visit to keep selected (the one that replaced the selected visit). */
  onDone(message: string, follow?: Appointment): void;
  onClose(): void;
  escapeRoute: EscapeRoute;
}

function SeriesBody({ series, appointments, names, selectedId, onSelect, mode, onMode, done, onDone, onClose, escapeRoute }: SeriesBodyProps) {
  const canBook = useCan('schedule.book');
  const [openedAt] = useState(() => Date.now());
  const visits = appointments.filter((a) => a.status !== 'rescheduled').sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const changeable = (visit: Appointment) => canChangeStatus(visit.status, 'rescheduled') && Date.parse(visit.start) > openedAt;
  const selected = visits.find((visit) => visit.id === selectedId && changeable(visit)) ?? visits.find(changeable) ?? null;
  const moved = new Set(series.exceptions.filter((exception) => exception.kind === 'moved').map((exception) => exception.originalDate));
  const first = visits[0];
  const cancelled = visits.filter((visit) => visit.status === 'cancelled').length;
  const selectedRow = useRef<HTMLTableRowElement>(null);
  const changeButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const [lastForm, setLastForm] = useState<Mode>('change');

  useEffect(() => {
    selectedRow.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selected?.id]);
  // Back on the list (on opening, after a save, or leaving a form), the focus goes to the button that opened the form.
  useEffect(() => {
    if (mode !== 'list') return;
    const button = lastForm === 'cancel' ? cancelButton.current : changeButton.current;
    (button ?? closeButton.current)?.focus();
    // The focus moves when the form closes, not when the last form changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode]);

  const open = (next: Mode) => () => {
    setLastForm(next);
    onMode(next);
  };

  return (
    <>
      <h2 id="series-title">
        Series · {first ? patientLabel(first) : ''} · {first?.typeName}
      </h2>
      <p className="hint" data-testid="series-summary">
        {visitsWord(visits.length)} with {providerNamed(names, series.providerId)}, {series.durationMinutes} min
        {first && `, from ${weekdayAndDate(first.local.date)}`}
        {cancelled > 0 && ` (${cancelled} cancelled)`}
      </p>
      <div className="series-visits-wrap">
        <table className="table series-visits" data-testid="series-visits">
          <caption className="visually-hidden">Visits of the series</caption>
          <thead>
            <tr>
              <th scope="col">Visit</th>
              <th scope="col">Time</th>
              <th scope="col">Provider</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {visits.map((visit) => (
              <tr
                key={visit.id}
                ref={visit.id === selected?.id ? selectedRow : undefined}
                className={visit.id === selected?.id ? 'selected' : undefined}
                data-testid="series-visit"
                data-date={visit.local.date}
              >
                <td>
                  <label className="checkbox">
                    <input
                      type="radio"
                      name="series-visit"
                      checked={visit.id === selected?.id}
                      disabled={!canBook || !changeable(visit) || mode !== 'list'}
                      onChange={() => onSelect(visit.id)}
                      data-testid="series-visit-choose"
                    />
                    {weekdayAndDate(visit.local.date)}
                  </label>
                  {visit.occurrenceDate && moved.has(visit.occurrenceDate) && (
                    <span className="badge series-moved" title={`Moved from ${weekdayAndDate(visit.occurrenceDate)}`}>
                      moved
                    </span>
                  )}
                </td>
                <td className="mono">
                  {visit.local.start}–{visit.local.end}
                </td>
                <td>{providerNamed(names, visit.providerId)}</td>
                <td data-testid="series-visit-status">{STATUS_LABELS[visit.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {done && (
        <p className="banner banner-info" role="status" data-testid="series-done">
          {done}
        </p>
      )}
      {canBook && mode === 'change' && selected && <ChangeForm key={selected.id} visit={selected} names={names} onDone={onDone} onBack={() => onMode('list')} escapeRoute={escapeRoute} />}
      {canBook && mode === 'cancel' && selected && <CancelForm key={selected.id} visit={selected} onDone={onDone} onBack={() => onMode('list')} escapeRoute={escapeRoute} />}
      {mode === 'list' && (
        <div className="actions">
          {canBook && selected && (
            <>
              <button type="button" className="primary" ref={changeButton} onClick={open('change')} data-testid="series-change">
                Change {weekdayAndDate(selected.local.date)}…
              </button>
              <button type="button" ref={cancelButton} onClick={open('cancel')} data-testid="series-cancel">
                Cancel visits…
              </button>
            </>
          )}
          {canBook && !selected && <span className="hint">No visit of this series is still to come.</span>}
          <button type="button" ref={closeButton} onClick={onClose} data-testid="series-close">
            Close
          </button>
        </div>
      )}
    </>
  );
}

/** Which visits a change or a cancellation applies to, with what that means for the chosen one. */
function ScopeChoice({ field, scope, visit }: { field: UseFormRegisterReturn<'scope'>; scope: Scope; visit: Appointment }) {
  const date = weekdayAndDate(visit.local.date);
  const meaning: Record<Scope, string> = {
    one: `Only the visit of ${date}.`,
    following: `The visit of ${date} and every later one still to come, each on its own date.`,
    all: 'Every visit of the series still to come, each on its own date.',
  };
  return (
    <fieldset className="series-scope" aria-describedby="series-scope-hint">
      <legend>Which visits</legend>
      <div className="checkbox-list">
        {SERIES_SCOPES.map((value) => (
          <label key={value} className="checkbox">
            <input type="radio" value={value} {...field} data-testid={`series-scope-${value}`} /> {SCOPE_LABELS[value]}
          </label>
        ))}
      </div>
      <p id="series-scope-hint" className="hint">
        {meaning[scope]}
      </p>
    </fieldset>
  );
}

/** Asks before leaving a form with unsaved input. */
async function leaveForm(dirty: boolean, onBack: () => void) {
  const discard = { title: 'Discard this change?', message: UNSAVED_MESSAGE, confirmLabel: 'Discard', cancelLabel: 'Keep editing' };
  if (dirty && !(await askConfirm(discard))) return;
  onBack();
}

interface ChangeValues {
  scope: Scope;
  date: string;
  time: string;
  providerId: string;
  durationMinutes: string;
  overbookReason: string;
}
const CHANGE_FIELDS = ['scope', 'date', 'time', 'providerId', 'durationMinutes', 'overbookReason'] as const;

interface SeriesFormProps {
  visit: Appointment;
  /** After the save: what happened, and the visit that now stands where this one was. */
  onDone(message: string, follow?: Appointment): void;
  onBack(): void;
  escapeRoute: EscapeRoute;
}

/** Moves one visit (date, time, provider, length) or changes the time, provider or length of this and the following visits, or of all. */
function ChangeForm({ visit, names, onDone, onBack, escapeRoute }: SeriesFormProps & { names: ScheduleNames }) {
  const length = minutesOf(visit);
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    control,
    formState: { errors, isDirty, isSubmitting },
  } = useForm<ChangeValues>({
    defaultValues: { scope: 'one', date: visit.local.date, time: visit.local.start, providerId: visit.providerId, durationMinutes: String(length), overbookReason: '' },
  });
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [overbooking, setOverbooking] = useState(false);
  const inFlight = useRef(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => setFocus('scope'), [setFocus]);
  useLeaveGuard(isDirty, UNSAVED_MESSAGE);
  const leave = () => void leaveForm(isDirty, onBack);
  useEscapeTo(escapeRoute, leave);
  const scope = useWatch({ control, name: 'scope' });
  const providers = names.providers.filter((provider) => provider.active || provider.id === visit.providerId);

  const save = async (values: ChangeValues) => {
    const changes = {
      ...(values.scope === 'one' && values.date !== visit.local.date ? { date: values.date } : {}),
      ...(values.time !== visit.local.start ? { time: values.time } : {}),
      ...(values.providerId !== visit.providerId ? { providerId: values.providerId } : {}),
      ...(Number(values.durationMinutes) !== length ? { durationMinutes: Number(values.durationMinutes) } : {}),
    };
    if (Object.keys(changes).length === 0) {
      return setError('time', { type: 'unchanged', message: 'Nothing to change: choose another date, time, provider or length' }, { shouldFocus: true });
    }
    if (inFlight.current) return;
    inFlight.current = true;
    setRefusal(null);
    const result = await call('appointments.series.edit', {
      appointmentId: visit.id,
      scope: values.scope,
      ...changes,
      ...(overbooking ? { overbookReason: values.overbookReason } : {}),
    }).finally(() => {
      inFlight.current = false;
    });
    if (result.ok) return onDone(...changeDone(visit, values.scope, result.value));
    setRefusal(placeRefusal(result.error, CHANGE_FIELDS, setError, () => setOverbooking(true)));
    // The submit button was disabled while saving, which took the focus out of the form.
    if (!form.current?.contains(document.activeElement)) setFocus('time');
  };

  const id = fieldAriaOf<keyof ChangeValues>('series-', errors);
  const refused = refusal ? refusedVisitDates(refusal).length : 0;
  return (
    <div className="booking-layout series-form-layout">
      <form
        ref={form}
        className="booking-form series-change-form"
        noValidate
        onSubmit={(e) => void handleSubmit(save)(e)}
        onKeyDown={formKeys(leave)}
        aria-label="Change visits"
        data-testid="series-change-form"
      >
        <ScopeChoice field={register('scope')} scope={scope} visit={visit} />
        <div className="booking-when">
          {scope === 'one' && (
            <FieldShell id="series-date" label="Date" error={errors.date?.message}>
              <input type="date" {...id('date')} {...register('date', { required: 'Enter a date' })} />
            </FieldShell>
          )}
          <FieldShell id="series-time" label="Time" error={errors.time?.message}>
            <input type="time" step={300} {...id('time')} {...register('time', { required: 'Enter a time' })} />
          </FieldShell>
          <FieldShell id="series-durationMinutes" label="Minutes" error={errors.durationMinutes?.message}>
            <input type="number" min={5} max={720} step={5} {...id('durationMinutes')} {...register('durationMinutes', { required: 'Enter the length' })} />
          </FieldShell>
        </div>
        <FieldShell id="series-providerId" label="Provider" error={errors.providerId?.message}>
          <select {...id('providerId')} {...register('providerId')}>
            <ProviderOptions providers={providers} />
          </select>
        </FieldShell>
        {overbooking && (
          <FieldShell id="series-overbookReason" label="Overbook reason" required error={errors.overbookReason?.message} hint="Books over the conflict; the reason is logged.">
            <input type="text" autoComplete="off" autoFocus {...id('overbookReason')} {...register('overbookReason')} data-testid="series-overbook-reason" />
          </FieldShell>
        )}
        <FormActions
          submitLabel={overbooking ? 'Overbook' : 'Save change'}
          busyLabel="Saving…"
          enterAction="save"
          submitting={isSubmitting}
          onCancel={leave}
          testId="series-change-submit"
        />
      </form>
      {refusal && (
        <ConflictList
          refusal={refusal}
          summary={refused > 0 ? `${visitsWord(refused)} cannot be changed, so nothing was changed.` : undefined}
          retry="save"
          otherwise="Choose another time or provider."
          providerName={(providerId) => (providerId ? providerNamed(names, providerId) : 'another provider')}
          testId="series-conflict"
        />
      )}
    </div>
  );
}

/** What a saved change says, and the visit that now stands where the chosen one was. */
function changeDone(visit: Appointment, scope: Scope, output: EditOutput): [string, Appointment | undefined] {
  const replacement = output.appointments.find((a) => a.occurrenceDate === visit.occurrenceDate) ?? output.appointments[0];
  if (scope === 'one' && replacement) {
    return [`Moved the visit of ${weekdayAndDate(visit.local.date)} to ${weekdayAndDate(replacement.local.date)} at ${replacement.local.start}.`, replacement];
  }
  return [`Changed ${visitsWord(output.appointments.length)}.`, replacement];
}

interface CancelValues {
  scope: Scope;
  cancelledBy: CancelledBy;
  reason: string;
}
const CANCEL_FIELDS = ['scope', 'cancelledBy', 'reason'] as const;

/** Cancels this visit, this and the following ones, or all still to come: who cancelled and why. */
function CancelForm({ visit, onDone, onBack, escapeRoute }: SeriesFormProps) {
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isDirty, isSubmitting },
  } = useForm<CancelValues>({ defaultValues: { scope: 'one', cancelledBy: 'patient', reason: '' } });
  const [failure, setFailure] = useState<Refusal | null>(null);
  const inFlight = useRef(false);
  useLeaveGuard(isDirty, UNSAVED_MESSAGE);
  const leave = () => void leaveForm(isDirty, onBack);
  useEscapeTo(escapeRoute, leave);
  const scope = useWatch({ control, name: 'scope' });

  const cancel = async (values: CancelValues) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setFailure(null);
    const result = await call('appointments.series.cancel', { appointmentId: visit.id, ...values }).finally(() => {
      inFlight.current = false;
    });
    if (result.ok) return onDone(cancelDone(result.value));
    setFailure(placeRefusal(result.error, CANCEL_FIELDS, setError, () => undefined));
  };

  return (
    <form
      className="series-cancel-form"
      noValidate
      onSubmit={(e) => void handleSubmit(cancel)(e)}
      onKeyDown={formKeys(leave)}
      aria-label="Cancel visits"
      data-testid="series-cancel-form"
    >
      <ScopeChoice field={register('scope')} scope={scope} visit={visit} />
      <fieldset className="series-scope">
        <legend>Cancelled</legend>
        <div className="checkbox-list">
          {CANCELLED_BY.map((who) => (
            <label key={who} className="checkbox">
              <input type="radio" value={who} {...register('cancelledBy')} /> {CANCELLED_BY_LABELS[who]}
            </label>
          ))}
        </div>
      </fieldset>
      <FieldShell id="series-cancel-reason" label="Reason" required error={errors.reason?.message}>
        <input
          id="series-cancel-reason"
          type="text"
          autoComplete="off"
          autoFocus
          aria-invalid={errors.reason ? true : undefined}
          aria-describedby="series-cancel-reason-error"
          {...register('reason', { validate: (reason) => reason.trim() !== '' || 'Give a reason for the cancellation' })}
          data-testid="series-cancel-reason"
        />
      </FieldShell>
      {failure && (
        <p className="banner banner-error" role="alert" data-testid="series-cancel-error">
          {failure.message}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={isSubmitting} data-testid="series-cancel-confirm">
          {isSubmitting ? 'Cancelling…' : scope === 'one' ? 'Cancel this visit' : 'Cancel these visits'}
        </button>
        <button type="button" onClick={leave} disabled={isSubmitting}>
          {scope === 'one' ? 'Keep it' : 'Keep them'}
        </button>
        <span className="hint">
          <kbd>Enter</kbd> cancel {scope === 'one' ? 'it' : 'them'} · <kbd>Esc</kbd> back
        </span>
      </div>
    </form>
  );
}

function cancelDone({ cancelled, freedSlots }: CancelOutput): string {
  const waiting = freedSlots.filter((slot) => slot.entries.length > 0).length;
  return `Cancelled ${visitsWord(cancelled.length)}.${waiting > 0 ? ` Waitlisted patients suit ${waiting} of the freed times (see the waitlist).` : ''}`;
}
