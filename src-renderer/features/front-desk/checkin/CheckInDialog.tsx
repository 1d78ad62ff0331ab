import { useState } from 'react';
import type { CheckInFor } from '../../../../src-shared/front-desk/schema';
import { formatCents } from '../../../../src-shared/ledger/money';
import type { MethodOutput } from '../../../../src-shared/rpc/contract';
import { STATUS_LABELS } from '../../../../src-shared/scheduling/status';
import { formatDate, formatName } from '../../../lib/format';
import { ModalDialog } from '../../shell/ModalDialog';
import { useEscapeRoute, type EscapeRoute } from '../../schedule/escape-route';
import { CheckedIn } from './CheckedIn';
import { CheckInForm } from './CheckInForm';
import { PatientFacts } from './Demographics';
import { describeRefusal, refusalText, type Refusal } from './refusal';
import { useCheckInContext } from './use-check-in-context';

/**
 * Checks a patient in for one appointment (from the Today board, or the schedule's appointment
 * panel): confirm identity and demographics, insurance, consents, take the copay, then print or
 * save the receipt. Opened on a checked-in appointment, it shows the check-in with Undo.
 */
export function CheckInDialog({ appointmentId, onClose }: { appointmentId: string; onClose(): void }) {
  const { result, update } = useCheckInContext(appointmentId);
  const [escapeRoute, escape] = useEscapeRoute(onClose);
  return (
    <ModalDialog className="overlay checkin-dialog" aria-labelledby="checkin-title" data-testid="checkin-dialog" onEscape={escape}>
      <div className="overlay-panel">
        {result?.ok ? (
          <CheckInViews context={result.value} update={update} escapeRoute={escapeRoute} onClose={onClose} />
        ) : (
          <>
            <h2 id="checkin-title">Check in</h2>
            {result ? (
              <p className="banner banner-error" role="alert" data-testid="checkin-load-error">
                {refusalText(result.error)}
              </p>
            ) : (
              <p className="hint">Loading…</p>
            )}
            <div className="actions">
              <button type="button" onClick={onClose} autoFocus>
                Close
              </button>
            </div>
          </>
        )}
      </div>
    </ModalDialog>
  );
}

interface ViewsProps {
  context: CheckInFor;
  update(change: (current: CheckInFor) => CheckInFor): void;
  escapeRoute: EscapeRoute;
  onClose(): void;
}

/** The form, the check-in in force, or why this appointment cannot be checked in; a new form (and request key) after an undo. */
function CheckInViews({ context, update, escapeRoute, onClose }: ViewsProps) {
  const [fresh, setFresh] = useState(false);
  const [undoneNotice, setUndoneNotice] = useState<string | null>(null);
  const [formNumber, setFormNumber] = useState(0);
  const reread = () => update((current) => current);

  const checkedIn = (done: MethodOutput<'frontDesk.checkIn'>) => {
    setFresh(true);
    setUndoneNotice(null);
    update((current) => ({ ...current, checkIn: done.checkIn, copay: done.copay, appointment: done.appointment }));
  };
  const undone = (done: MethodOutput<'frontDesk.undoCheckIn'>) => {
    setFresh(false);
    setFormNumber((n) => n + 1);
    const copay = done.copayReversal ? `the copay of ${formatCents(done.copayReversal.amountCents)} was reversed and its receipt is void; ` : '';
    setUndoneNotice(`Check-in undone: ${copay}the appointment is ${STATUS_LABELS[done.appointment.status]} again.`);
    update((current) => ({ ...current, checkIn: null, copay: null, refusal: null, appointment: done.appointment }));
  };

  const { checkIn, refusal } = context;
  return (
    <>
      <DialogTitle context={context} />
      {checkIn ? (
        <CheckedIn context={{ ...context, checkIn }} fresh={fresh} escapeRoute={escapeRoute} onUndone={undone} onStale={reread} onClose={onClose} />
      ) : refusal ? (
        <CannotCheckIn context={context} refusal={describeRefusal({ code: 'CONFLICT', message: refusal.message, details: { reason: refusal.reason } })} onClose={onClose} />
      ) : (
        <CheckInForm
          key={formNumber}
          context={context}
          escapeRoute={escapeRoute}
          notice={undoneNotice}
          onPatientSaved={(patient) => update((current) => ({ ...current, patient }))}
          onCheckedIn={checkedIn}
          onStale={reread}
          onClose={onClose}
        />
      )}
    </>
  );
}

function DialogTitle({ context: { appointment, patient, providerName } }: { context: CheckInFor }) {
  return (
    <header className="checkin-head">
      <h2 id="checkin-title">
        Check in · <span data-testid="checkin-patient">{formatName(patient)}</span>
      </h2>
      <p className="checkin-visit" data-testid="checkin-visit">
        {formatDate(appointment.local.date)} {appointment.local.start}–{appointment.local.end} · {appointment.typeName} with {providerName} ·{' '}
        <span className={`checkin-status checkin-status-${appointment.status}`} data-testid="checkin-status">
          {STATUS_LABELS[appointment.status]}
        </span>
      </p>
    </header>
  );
}

function CannotCheckIn({ context, refusal, onClose }: { context: CheckInFor; refusal: Refusal; onClose(): void }) {
  return (
    <>
      <div className="checkin-body">
        <section className="checkin-section checkin-patient" aria-labelledby="checkin-patient-title">
          <h3 id="checkin-patient-title">Patient</h3>
          <PatientFacts patient={context.patient} />
        </section>
        <p className="banner banner-warning" role="alert" data-testid="checkin-refusal">
          <strong>Cannot check in{refusal.heading ? ` — ${refusal.heading}.` : '.'}</strong> {refusal.message}
        </p>
      </div>
      <footer className="checkin-footer">
        <div className="actions">
          <button type="button" autoFocus onClick={onClose} data-testid="checkin-close">
            Close
          </button>
        </div>
      </footer>
    </>
  );
}
