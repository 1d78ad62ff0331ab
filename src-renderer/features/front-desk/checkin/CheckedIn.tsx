import { useRef, useState } from 'react';
import { CONSENT_FORM_LABELS, type CheckIn, type CheckInFor } from '../../../../src-shared/front-desk/schema';
import { formatCents } from '../../../../src-shared/ledger/money';
import { PAYMENT_METHOD_LABELS, type LedgerEntry } from '../../../../src-shared/ledger/schema';
import type { MethodOutput } from '../../../../src-shared/rpc/contract';
import { STATUS_LABELS } from '../../../../src-shared/scheduling/status';
import { askConfirm } from '../../../lib/confirm';
import { call } from '../../../lib/rpc';
import { useCan } from '../../../lib/session';
import { downloadBlob } from '../../audit/download';
import { base64ToBlob } from '../../documents/document-files';
import { useEscapeTo, type EscapeRoute } from '../../schedule/escape-route';
import { coverageLabel } from './CheckInForm';
import { PatientFacts } from './Demographics';
import { formatClinicInstant, printReceipt, ReceiptSheet } from './ReceiptSheet';
import { describeRefusal, RefusalBanner, refusalText, type Refusal } from './refusal';

type CheckedInContext = CheckInFor & { checkIn: CheckIn };

interface CheckedInProps {
  context: CheckedInContext;
  /** Checked in by this dialog just now (rather than opened on a checked-in appointment). */
  fresh: boolean;
  escapeRoute: EscapeRoute;
  onUndone(result: MethodOutput<'frontDesk.undoCheckIn'>): void;
  onStale(): void;
  onClose(): void;
}

/** A check-in in force: what was recorded, the copay's receipt (print or PDF), and undo within the day. */
export function CheckedIn({ context, fresh, escapeRoute, onUndone, onStale, onClose }: CheckedInProps) {
  const { copay, appointment, patient } = context;
  const canReadLedger = useCan('ledger.read');
  const [undoing, setUndoing] = useState(false);
  const receipt = useReceipt(copay, patient.id);
  const canUndo = appointment.status === 'arrived';
  const hasReceipt = copay !== null && canReadLedger;

  return (
    <>
      <div className="checkin-body">
        <section className="checkin-section checkin-patient" aria-labelledby="checkin-patient-title" data-testid="checkin-demographics">
          <h3 id="checkin-patient-title">Patient</h3>
          <PatientFacts patient={patient} />
        </section>
        <section className="checkin-section checkin-done" aria-labelledby="checkin-done-title" data-testid="checkin-done">
          <h3 id="checkin-done-title">Checked in</h3>
          {fresh && (
            <p className="banner banner-info" role="status" data-testid="checkin-success">
              Checked in: the appointment is now {STATUS_LABELS[appointment.status]}.
            </p>
          )}
          <CheckInFacts context={context} />
          {!canUndo && <p className="hint">A check-in can be undone only while the patient is arrived (not yet roomed).</p>}
          {copay && hasReceipt && <ReceiptSheet entry={copay} context={context} />}
        </section>
      </div>
      <footer className="checkin-footer">
        {receipt.error && (
          <p className="banner banner-error" role="alert" data-testid="checkin-receipt-error">
            {receipt.error}
          </p>
        )}
        {undoing ? (
          <UndoForm appointmentId={appointment.id} copay={copay} escapeRoute={escapeRoute} onUndone={onUndone} onStale={onStale} onBack={() => setUndoing(false)} />
        ) : (
          <div className="actions" data-testid="checkin-done-actions">
            {copay && hasReceipt && (
              <>
                <button type="button" className="primary" autoFocus={fresh} onClick={() => void receipt.print()} data-testid="checkin-print-receipt">
                  Print receipt
                </button>
                <button type="button" disabled={receipt.saving} onClick={() => void receipt.savePdf()} data-testid="checkin-save-receipt">
                  {receipt.saving ? 'Saving…' : 'Save receipt (PDF)'}
                </button>
              </>
            )}
            {canUndo && (
              <button type="button" onClick={() => setUndoing(true)} data-testid="checkin-undo">
                Undo check-in…
              </button>
            )}
            <button type="button" autoFocus={!(fresh && hasReceipt)} onClick={onClose} data-testid="checkin-close">
              Close
            </button>
            <span className="hint">
              <kbd>Esc</kbd> close
            </span>
          </div>
        )}
      </footer>
    </>
  );
}

function copayText(copay: LedgerEntry): string {
  return [formatCents(-copay.amountCents), copay.method ? PAYMENT_METHOD_LABELS[copay.method] : null, copay.reference].filter(Boolean).join(' · ');
}

function CheckInFacts({ context }: { context: CheckedInContext }) {
  const { checkIn, copay, coverages, appointment } = context;
  const coverage = coverages.find((c) => c.id === checkIn.coverageId);
  const insurance = checkIn.insurance === 'self_pay' ? 'Self-pay' : coverage ? coverageLabel(coverage) : 'Coverage confirmed';
  const facts: [string, string, string][] = [
    ['Status', STATUS_LABELS[appointment.status], 'status'],
    ['When', `${formatClinicInstant(checkIn.checkedInAt, context.timeZone)}${checkIn.checkedInBy ? ` by ${checkIn.checkedInBy.displayName}` : ''}`, 'when'],
    ['Identity', checkIn.identityChecked ? 'Checked (photo ID seen)' : 'Not checked', 'identity'],
    ['Insurance', insurance, 'insurance'],
    ['Consents signed', checkIn.consentsSigned.length > 0 ? checkIn.consentsSigned.map((form) => CONSENT_FORM_LABELS[form]).join(', ') : 'None', 'consents'],
    ['Copay', copay ? copayText(copay) : 'No copay taken', 'copay'],
    ...(copay ? [['Receipt no.', `${copay.receiptNumber}${copay.reversedById ? ' (reversed)' : ''}`, 'receipt'] as [string, string, string]] : []),
  ];
  return (
    <dl className="checkin-facts">
      {facts.map(([label, value, testId]) => (
        <div key={label} className="checkin-fact">
          <dt>{label}</dt>
          <dd data-testid={`checkin-done-${testId}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Printing the receipt (audited, then the print sheet) and saving the service's PDF of it. */
function useReceipt(copay: LedgerEntry | null, patientId: string) {
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const inFlight = useRef(false);
  const print = async () => {
    setError(null);
    const printed = await printReceipt(patientId);
    if (!printed.ok) setError(`Not printed: ${printed.error.message}`);
  };
  const savePdf = async () => {
    if (!copay || inFlight.current) return;
    inFlight.current = true;
    setSaving(true);
    setError(null);
    const made = await call('frontDesk.receipt', { entryId: copay.id }).finally(() => {
      inFlight.current = false;
      setSaving(false);
    });
    if (!made.ok) return setError(`Not saved: ${refusalText(made.error)}`);
    downloadBlob(made.value.fileName, base64ToBlob(made.value.base64, made.value.contentType));
  };
  return { error, saving, print, savePdf };
}

interface UndoFormProps {
  appointmentId: string;
  copay: LedgerEntry | null;
  escapeRoute: EscapeRoute;
  onUndone(result: MethodOutput<'frontDesk.undoCheckIn'>): void;
  onStale(): void;
  onBack(): void;
}

/** Undo with a reason (required): the copay is reversed and the appointment goes back to where it arrived from. */
function UndoForm({ appointmentId, copay, escapeRoute, onUndone, onStale, onBack }: UndoFormProps) {
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [banner, setBanner] = useState<Refusal | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const inFlight = useRef(false);
  const input = useRef<HTMLInputElement>(null);

  const back = async () => {
    if (reason.trim() !== '' && !(await askConfirm({ title: 'Keep the check-in?', message: 'The reason typed for undoing it will be discarded.', confirmLabel: 'Keep check-in', cancelLabel: 'Go on undoing' }))) return;
    onBack();
  };
  useEscapeTo(escapeRoute, () => void back());

  const submit = async () => {
    if (inFlight.current) return;
    if (reason.trim() === '') {
      setFieldError('Give a reason for undoing the check-in');
      return input.current?.focus();
    }
    inFlight.current = true;
    setSubmitting(true);
    setFieldError(null);
    setBanner(null);
    const result = await call('frontDesk.undoCheckIn', { appointmentId, reason }).finally(() => {
      inFlight.current = false;
      setSubmitting(false);
    });
    if (result.ok) return onUndone(result.value);
    const onReason = result.error.code === 'VALIDATION' ? result.error.fields?.reason : undefined;
    if (onReason) setFieldError(onReason);
    else setBanner(describeRefusal(result.error));
    input.current?.focus();
    if (result.error.code === 'CONFLICT') onStale();
  };

  return (
    <form
      className="checkin-undo"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        void back();
      }}
      data-testid="checkin-undo-form"
    >
      {banner && <RefusalBanner what="Not undone" refusal={banner} testId="checkin-undo-error" />}
      <div className={fieldError ? 'field invalid' : 'field'}>
        <label htmlFor="checkin-undo-reason">Reason for undoing the check-in</label>
        <input
          ref={input}
          id="checkin-undo-reason"
          type="text"
          autoFocus
          autoComplete="off"
          maxLength={500}
          value={reason}
          onChange={(event) => {
            setReason(event.target.value);
            setFieldError(null);
          }}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby="checkin-undo-reason-error checkin-undo-reason-hint"
          data-testid="checkin-undo-reason"
        />
        <div className="field-messages">
          <span id="checkin-undo-reason-error" className="field-error">
            {fieldError}
          </span>
          <span id="checkin-undo-reason-hint" className="hint">
            {copay && !copay.reversedById ? `The copay of ${formatCents(-copay.amountCents)} is reversed (its receipt becomes void). ` : ''}The appointment goes back to
            where it was before arrival.
          </span>
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="danger" disabled={submitting} data-testid="checkin-undo-confirm">
          {submitting ? 'Undoing…' : 'Undo check-in'}
        </button>
        <button type="button" onClick={() => void back()} disabled={submitting}>
          Keep check-in
        </button>
        <span className="hint">
          <kbd>Enter</kbd> undo · <kbd>Esc</kbd> back
        </span>
      </div>
    </form>
  );
}
