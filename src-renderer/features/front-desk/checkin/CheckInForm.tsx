import { useRef, useState, type KeyboardEvent } from 'react';
import { CONSENT_FORM_LABELS, CONSENT_FORMS, type CheckInFor, type ConsentForm } from '../../../../src-shared/front-desk/schema';
import { COVERAGE_RANK_LABELS, type Coverage } from '../../../../src-shared/insurance/schema';
import type { Patient } from '../../../../src-shared/patients/schema';
import type { MethodOutput } from '../../../../src-shared/rpc/contract';
import type { RpcError } from '../../../../src-shared/rpc/errors';
import { askConfirm } from '../../../lib/confirm';
import { formKeys } from '../../../lib/forms';
import { useLeaveGuard } from '../../../lib/navigation';
import { call } from '../../../lib/rpc';
import { useCan } from '../../../lib/session';
import { FieldShell } from '../../auth/fields';
import { useEscapeTo, type EscapeRoute } from '../../schedule/escape-route';
import { enterSubmitsFromChoices } from '../../schedule/form-keys';
import { COPAY_CHOICE_LABELS, COPAY_CHOICES, readCopay, REFERENCE_LABELS, type CopayForm } from './copay-form';
import { Demographics } from './Demographics';
import { describeRefusal, RefusalBanner, type Refusal } from './refusal';

const UNSAVED_MESSAGE = 'This check-in has not been saved.';
const SELF_PAY = 'self_pay';
const FORM_ID = 'checkin-form';

type ErrorSlot = 'identity' | 'insurance' | 'consents' | 'choice' | 'amount' | 'reference';
type Errors = Partial<Record<ErrorSlot, string>>;

/** Where a field of `frontDesk.checkIn`'s input shows its refusal in this form. */
function slotOf(path: string): ErrorSlot | null {
  if (path === 'copay.amountCents') return 'amount';
  if (path === 'copay.reference') return 'reference';
  if (path.startsWith('copay')) return 'choice';
  if (path.startsWith('insurance')) return 'insurance';
  if (path.startsWith('consentsSigned')) return 'consents';
  if (path === 'identityChecked') return 'identity';
  return null;
}

/** The form's fields in order: the first with an error takes the focus. */
const FOCUS_ORDER: readonly [ErrorSlot, string][] = [
  ['identity', 'checkin-identity'],
  ['insurance', 'checkin-insurance-first'],
  ['consents', 'checkin-consent-first'],
  ['choice', 'checkin-copay-none'],
  ['amount', 'checkin-amount'],
  ['reference', 'checkin-reference'],
];

function focusFirst(errors: Errors): void {
  const id = FOCUS_ORDER.find(([slot]) => errors[slot])?.[1];
  if (id) document.getElementById(id)?.focus();
  // The submit button was disabled while sending, which took the focus out of the form if it was there.
  else if (!document.getElementById(FORM_ID)?.contains(document.activeElement)) document.getElementById('checkin-identity')?.focus();
}

export function coverageLabel(coverage: Coverage): string {
  return `${COVERAGE_RANK_LABELS[coverage.rank]} · ${coverage.payerName}`;
}

function coverageDetail(coverage: Coverage): string {
  return [`Member id ${coverage.memberId}`, coverage.groupNumber && `group ${coverage.groupNumber}`, coverage.planName].filter(Boolean).join(' · ');
}

interface CheckInFormProps {
  context: CheckInFor;
  escapeRoute: EscapeRoute;
  /** Shown above the form (e.g. "check-in undone"). */
  notice: string | null;
  onPatientSaved(patient: Patient): void;
  onCheckedIn(result: MethodOutput<'frontDesk.checkIn'>): void;
  /** The service refused because the appointment changed meanwhile: read it again. */
  onStale(): void;
  onClose(): void;
}

/**
 * Identity, insurance, consents and the copay, then one `frontDesk.checkIn`. The request key is
 * made once per form: a double Enter or a retry after a lost answer finds the check-in it made.
 */
export function CheckInForm({ context, escapeRoute, notice, onPatientSaved, onCheckedIn, onStale, onClose }: CheckInFormProps) {
  const { appointment, coverages, patient } = context;
  const canEditPatient = useCan('patients.write');
  const [requestKey] = useState(() => crypto.randomUUID());
  const [initialInsurance] = useState(() => coverages[0]?.id ?? SELF_PAY);
  const [identityChecked, setIdentityChecked] = useState(false);
  const [insurance, setInsurance] = useState(initialInsurance);
  const [consents, setConsents] = useState<ConsentForm[]>([]);
  const [copay, setCopay] = useState<CopayForm>({ choice: 'none', amount: '', reference: '' });
  const [editingPatient, setEditingPatient] = useState(false);
  const [patientDirty, setPatientDirty] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [banner, setBanner] = useState<Refusal | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const inFlight = useRef(false);

  const dirty = identityChecked || insurance !== initialInsurance || consents.length > 0 || copay.choice !== 'none' || copay.amount !== '' || copay.reference !== '' || patientDirty;
  useLeaveGuard(dirty, UNSAVED_MESSAGE);

  const leave = async () => {
    if (dirty && !(await askConfirm({ title: 'Discard this check-in?', message: UNSAVED_MESSAGE, confirmLabel: 'Discard', cancelLabel: 'Keep editing' }))) return;
    onClose();
  };
  useEscapeTo(escapeRoute, () => void leave());

  const refused = (error: RpcError) => {
    const placed: Errors = {};
    for (const [path, message] of Object.entries(error.fields ?? {})) {
      const slot = slotOf(path);
      if (slot) placed[slot] ??= message;
    }
    setErrors(placed);
    const refusal = describeRefusal(error);
    setBanner(Object.keys(placed).length > 0 ? { ...refusal, message: 'Correct the marked fields' } : refusal);
    focusFirst(placed);
    if (error.code === 'CONFLICT' || error.code === 'NOT_FOUND') onStale();
  };

  const submit = async () => {
    if (inFlight.current) return;
    if (editingPatient) {
      if (patientDirty) {
        setBanner({ heading: null, message: 'Save or cancel the changes to the patient’s details first', changed: 'nothing' });
        return document.getElementById('checkin-givenName')?.focus();
      }
      setEditingPatient(false);
    }
    const reading = readCopay(copay);
    if (!reading.ok) {
      setErrors(reading.errors);
      setBanner(null);
      return focusFirst(reading.errors);
    }
    inFlight.current = true;
    setSubmitting(true);
    setErrors({});
    setBanner(null);
    const result = await call('frontDesk.checkIn', {
      appointmentId: appointment.id,
      idempotencyKey: requestKey,
      identityChecked,
      insurance: insurance === SELF_PAY ? { kind: 'self_pay' } : { kind: 'coverage', coverageId: insurance },
      consentsSigned: consents,
      copay: reading.copay,
    }).finally(() => {
      inFlight.current = false;
      setSubmitting(false);
    });
    if (result.ok) return onCheckedIn(result.value);
    refused(result.error);
  };

  const keys = (event: KeyboardEvent<HTMLFormElement>) => {
    enterSubmitsFromChoices(event);
    formKeys(() => void leave())(event);
  };
  const clearErrors = (...slots: ErrorSlot[]) => setErrors((current) => Object.fromEntries(Object.entries(current).filter(([slot]) => !slots.includes(slot as ErrorSlot))));
  const setCopayField = (change: Partial<CopayForm>) => {
    setCopay((current) => ({ ...current, ...change }));
    // Another way of paying makes every copay message moot; a box typed into clears its own.
    if (change.choice) clearErrors('choice', 'amount', 'reference');
    else clearErrors(...(Object.keys(change) as ErrorSlot[]));
  };
  const chooseInsurance = (choice: string) => {
    setInsurance(choice);
    clearErrors('insurance');
  };
  const toggleConsent = (form: ConsentForm, signed: boolean) => setConsents((current) => (signed ? [...current, form] : current.filter((f) => f !== form)));
  const noCopay = copay.choice === 'none';

  return (
    <div
      onKeyDown={(event) => {
        if (event.altKey && event.key.toLowerCase() === 'e' && canEditPatient && !editingPatient) {
          event.preventDefault();
          setEditingPatient(true);
        }
      }}
    >
      <div className="checkin-body">
        <Demographics
          patient={patient}
          {...(canEditPatient ? { editor: { editing: editingPatient, setEditing: setEditingPatient, onDirtyChange: setPatientDirty, onSaved: onPatientSaved } } : {})}
        />
        <form
          id={FORM_ID}
          className="checkin-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
          onKeyDown={keys}
          data-testid="checkin-form"
        >
          {notice && (
            <p className="banner banner-info" role="status" data-testid="checkin-notice">
              {notice}
            </p>
          )}
          <fieldset className="checkin-section">
            <legend>Identity</legend>
            <label className="checkin-choice">
              <input id="checkin-identity" type="checkbox" autoFocus checked={identityChecked} onChange={(e) => setIdentityChecked(e.target.checked)} data-testid="checkin-identity" />
              Identity checked (photo ID seen)
            </label>
            <span className="field-error">{errors.identity}</span>
          </fieldset>

          <fieldset className="checkin-section" aria-describedby="checkin-insurance-error" data-testid="checkin-insurance">
            <legend>Insurance for this visit</legend>
            {coverages.map((coverage, index) => (
              <label key={coverage.id} className="checkin-choice">
                <input
                  id={index === 0 ? 'checkin-insurance-first' : undefined}
                  type="radio"
                  name="insurance"
                  value={coverage.id}
                  checked={insurance === coverage.id}
                  onChange={() => chooseInsurance(coverage.id)}
                  data-testid="checkin-coverage"
                />
                <span>
                  <strong>{coverageLabel(coverage)}</strong>
                  <span className="hint"> {coverageDetail(coverage)}</span>
                </span>
              </label>
            ))}
            <label className="checkin-choice">
              <input
                id={coverages.length === 0 ? 'checkin-insurance-first' : undefined}
                type="radio"
                name="insurance"
                value={SELF_PAY}
                checked={insurance === SELF_PAY}
                onChange={() => chooseInsurance(SELF_PAY)}
                data-testid="checkin-self-pay"
              />
              <strong>Self-pay</strong>
            </label>
            {coverages.length === 0 && (
              <p className="hint" data-testid="checkin-no-coverage">
                No coverage in effect today: check the visit in as self-pay. A new card? Add it on the chart’s Insurance tab first.
              </p>
            )}
            <span id="checkin-insurance-error" className="field-error">
              {errors.insurance}
            </span>
          </fieldset>

          <fieldset className="checkin-section" data-testid="checkin-consents">
            <legend>Consents signed today</legend>
            <div className="checkin-consents">
              {CONSENT_FORMS.map((form, index) => (
                <label key={form} className="checkin-choice">
                  <input
                    id={index === 0 ? 'checkin-consent-first' : undefined}
                    type="checkbox"
                    checked={consents.includes(form)}
                    onChange={(e) => toggleConsent(form, e.target.checked)}
                    data-testid={`checkin-consent-${form}`}
                  />
                  {CONSENT_FORM_LABELS[form]}
                </label>
              ))}
            </div>
            <span className="field-error">{errors.consents}</span>
          </fieldset>

          <fieldset className="checkin-section" aria-describedby="checkin-choice-error" data-testid="checkin-copay">
            <legend>Copay</legend>
            <div className="checkin-copay-choices" role="radiogroup" aria-label="How the copay is paid">
              {COPAY_CHOICES.map((choice) => (
                <label key={choice} className="checkin-choice">
                  <input
                    id={`checkin-copay-${choice}`}
                    type="radio"
                    name="copay"
                    value={choice}
                    checked={copay.choice === choice}
                    onChange={() => setCopayField({ choice })}
                    data-testid={`checkin-copay-${choice}`}
                  />
                  {COPAY_CHOICE_LABELS[choice]}
                </label>
              ))}
            </div>
            <span id="checkin-choice-error" className="field-error">
              {errors.choice}
            </span>
            <div className="checkin-copay-fields">
              <FieldShell id="checkin-amount" label="Amount" required={!noCopay} error={errors.amount} hint="Dollars, e.g. 25 or 25.00">
                <div className="checkin-money">
                  <span aria-hidden="true">$</span>
                  <input
                    id="checkin-amount"
                    type="text"
                    inputMode="decimal"
                    autoComplete="off"
                    disabled={noCopay}
                    value={copay.amount}
                    onChange={(e) => setCopayField({ amount: e.target.value })}
                    aria-invalid={errors.amount ? true : undefined}
                    aria-describedby="checkin-amount-error checkin-amount-hint"
                    data-testid="checkin-amount"
                  />
                </div>
              </FieldShell>
              <FieldShell
                id="checkin-reference"
                label={REFERENCE_LABELS[copay.choice]}
                required={copay.choice === 'card' || copay.choice === 'check'}
                error={errors.reference}
                hint={copay.choice === 'card' ? 'From the terminal slip; never the card number' : undefined}
              >
                <input
                  id="checkin-reference"
                  type="text"
                  autoComplete="off"
                  spellCheck={false}
                  disabled={noCopay}
                  value={copay.reference}
                  onChange={(e) => setCopayField({ reference: e.target.value })}
                  aria-invalid={errors.reference ? true : undefined}
                  aria-describedby="checkin-reference-error checkin-reference-hint"
                  data-testid="checkin-reference"
                />
              </FieldShell>
            </div>
          </fieldset>
        </form>
      </div>
      <footer className="checkin-footer">
        {banner && <RefusalBanner what="Not checked in" refusal={banner} testId="checkin-error" />}
        <div className="actions">
          <button type="submit" form={FORM_ID} className="primary" disabled={submitting} data-testid="checkin-submit">
            {submitting ? 'Checking in…' : 'Check in'}
          </button>
          <button type="button" onClick={() => void leave()} disabled={submitting} data-testid="checkin-cancel">
            Cancel
          </button>
          <span className="hint">
            <kbd>Enter</kbd> check in · <kbd>Esc</kbd> cancel{canEditPatient ? ' · ' : ''}
            {canEditPatient && (
              <>
                <kbd>Alt+E</kbd> edit details
              </>
            )}
          </span>
        </div>
      </footer>
    </div>
  );
}
