import { useRef, useState } from 'react';
import type { Appointment } from '../../../src-shared/scheduling/schema';
import { SETTABLE_STATUSES } from '../../../src-shared/scheduling/schema';
import { canChangeStatus, CANCELLED_BY, STATUS_LABELS, type CancelledBy } from '../../../src-shared/scheduling/status';
import { formatDate } from '../../lib/format';
import { call } from '../../lib/rpc';
import { useCan } from '../../lib/session';
import { CheckInButton } from '../front-desk/checkin/CheckInButton';
import { ModalDialog } from '../shell/ModalDialog';
import type { Day } from './DayGrid';
import { FillFromWaitlist } from './FreedSlotDialog';
import { CANCELLED_BY_LABELS, patientLabel } from './labels';
import { SeriesButton } from './SeriesDialog';

type Settable = (typeof SETTABLE_STATUSES)[number];

/** One appointment: who, what, when, and the status moves the status machine allows from here (cancel with who and why). */
export function AppointmentPanel({ appointment, day, onClose, onMove }: { appointment: Appointment; day: Day | null; onClose(): void; onMove?(): void }) {
  const canBook = useCan('schedule.book');
  const [error, setError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const busy = useRef(false);
  const provider = day?.providers.find((p) => p.id === appointment.providerId)?.displayName ?? '';
  // A no-show can be recorded only once the start has passed (the server says so too).
  const [openedAt] = useState(() => Date.now());
  const started = Date.parse(appointment.start) <= openedAt;
  const moves = SETTABLE_STATUSES.filter((status) => canChangeStatus(appointment.status, status) && (status !== 'no_show' || started));

  const run = async (action: () => ReturnType<typeof call>) => {
    if (busy.current) return;
    busy.current = true;
    setError(null);
    const result = await action().finally(() => {
      busy.current = false;
    });
    if (!result.ok) setError(result.error.message);
    return result.ok;
  };
  const setStatus = (status: Settable) => void run(() => call('appointments.setStatus', { id: appointment.id, status }));

  return (
    <ModalDialog className="overlay appointment-panel" aria-labelledby="appointment-title" data-testid="appointment-panel" onEscape={onClose}>
      <div className="overlay-panel">
        <h2 id="appointment-title" data-testid="appointment-patient">
          {patientLabel(appointment)}
        </h2>
        <dl className="facts">
          <div className="fact">
            <dt>When</dt>
            <dd>
              {formatDate(appointment.local.date)} {appointment.local.start}–{appointment.local.end}
            </dd>
          </div>
          <div className="fact">
            <dt>Provider</dt>
            <dd>{provider}</dd>
          </div>
          <div className="fact">
            <dt>Type</dt>
            <dd>
              <span className="schedule-swatch" style={{ background: appointment.color }} aria-hidden="true" /> {appointment.typeName}
            </dd>
          </div>
          <div className="fact">
            <dt>Status</dt>
            <dd data-testid="appointment-status">{STATUS_LABELS[appointment.status]}</dd>
          </div>
          {appointment.patient && (
            <div className="fact">
              <dt>MRN</dt>
              <dd className="mono">{appointment.patient.mrn}</dd>
            </div>
          )}
          {appointment.note && (
            <div className="fact">
              <dt>Note</dt>
              <dd>{appointment.note}</dd>
            </div>
          )}
          {appointment.overbookReason && (
            <div className="fact">
              <dt>Overbooked</dt>
              <dd data-testid="appointment-overbook">{appointment.overbookReason}</dd>
            </div>
          )}
        </dl>
        {error && (
          <p className="banner banner-error" role="alert" data-testid="appointment-error">
            {error}
          </p>
        )}
        {!cancelling && <CheckInButton appointment={appointment} timeZone={day?.timeZone ?? null} />}
        {canBook && !cancelling && (
          <div className="actions" data-testid="appointment-actions">
            {moves.map((status) => (
              <button key={status} type="button" onClick={() => setStatus(status)} data-testid={`appointment-set-${status}`}>
                {STATUS_LABELS[status]}
              </button>
            ))}
            {onMove && canChangeStatus(appointment.status, 'rescheduled') && (
              <button type="button" onClick={onMove} data-testid="appointment-move">
                Move…
              </button>
            )}
            {canChangeStatus(appointment.status, 'cancelled') && (
              <button type="button" onClick={() => setCancelling(true)} data-testid="appointment-cancel">
                Cancel appointment…
              </button>
            )}
          </div>
        )}
        {cancelling && <CancelForm onCancel={(cancelledBy, reason) => run(() => call('appointments.cancel', { id: appointment.id, cancelledBy, reason }))} onBack={() => setCancelling(false)} />}
        <FillFromWaitlist appointment={appointment} />
        <div className="actions">
          <SeriesButton appointment={appointment} />
          <button type="button" onClick={onClose} data-testid="appointment-close">
            Close
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}

function CancelForm({ onCancel, onBack }: { onCancel(cancelledBy: CancelledBy, reason: string): Promise<boolean | undefined>; onBack(): void }) {
  const [cancelledBy, setCancelledBy] = useState<CancelledBy>('patient');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = async () => {
    if (reason.trim() === '') return setMissing(true);
    if (await onCancel(cancelledBy, reason)) onBack();
  };
  return (
    <form
      className="appointment-cancel-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      data-testid="appointment-cancel-form"
    >
      <fieldset>
        <legend>Cancelled</legend>
        {CANCELLED_BY.map((who) => (
          <label key={who} className="checkbox-line">
            <input type="radio" name="cancelledBy" value={who} checked={cancelledBy === who} onChange={() => setCancelledBy(who)} /> {CANCELLED_BY_LABELS[who]}
          </label>
        ))}
      </fieldset>
      <div className={missing ? 'field invalid' : 'field'}>
        <label htmlFor="cancel-reason">Reason</label>
        <input id="cancel-reason" type="text" autoFocus value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={missing || undefined} data-testid="appointment-cancel-reason" />
        <span className="field-error">{missing ? 'Give a reason for the cancellation' : ''}</span>
      </div>
      <div className="actions">
        <button type="submit" className="primary" data-testid="appointment-cancel-confirm">
          Cancel appointment
        </button>
        <button type="button" onClick={onBack}>
          Keep it
        </button>
      </div>
    </form>
  );
}
