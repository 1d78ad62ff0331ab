import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { useRef, useState, type FormEvent } from 'react';
import type { Board } from '../../../../src-shared/front-desk/board-schema';
import type { AppointmentType, Appointment } from '../../../../src-shared/scheduling/schema';
import { formKeys } from '../../../lib/forms';
import { formatName } from '../../../lib/format';
import { confirmLeave } from '../../../lib/navigation';
import { call } from '../../../lib/rpc';
import { Loaded } from '../../admin/Loaded';
import { useLoad } from '../../admin/useLoad';
import { FieldShell } from '../../auth/fields';
import { PatientForm } from '../../patients/PatientForm';
import { EMPTY_PATIENT_FORM } from '../../patients/patient-form';
import { ConflictList, refusalOf, type Refusal } from '../../schedule/ConflictList';
import { PatientPicker, type ChosenPatient } from '../../schedule/PatientPicker';
import { ModalDialog } from '../../shell/ModalDialog';

const WALK_IN_REASON = 'Walk-in';
const FIVE_MINUTES = 5 * 60_000;

interface WalkInDialogProps {
  providers: Board['providers'];
  timeZone: string;
  /** Now on the service's clock. */
  nowMs: number;
  onBooked(appointment: Appointment): void;
  onClose(): void;
}

/**
 * A walk-in in one flow: find the patient (or register them, warned about likely existing ones),
 * then book them to start now with a provider and type. A collision may be overbooked as
 * "Walk-in" when the type allows it. Checking in follows on the board, through the check-in.
 */
export function WalkInDialog({ providers, timeZone, nowMs, onBooked, onClose }: WalkInDialogProps) {
  const [types] = useLoad(() => call('schedule.types.list', {}), null);
  const [patient, setPatient] = useState<ChosenPatient | null>(null);
  const [registering, setRegistering] = useState(false);
  // Leaving asks first while a registration holds typed details (its form guards them).
  const close = async () => {
    if (await confirmLeave()) onClose();
  };
  const chosen = (picked: ChosenPatient) => {
    setRegistering(false);
    setPatient(picked);
  };

  return (
    <ModalDialog className="overlay walk-in-dialog" aria-labelledby="walk-in-title" data-testid="walk-in-dialog" onEscape={() => void close()}>
      <div className="overlay-panel">
        <h2 id="walk-in-title">Walk-in</h2>
        {registering ? (
          <>
            <p className="hint">Register the patient: the rest of the chart can be filled in later.</p>
            <PatientForm
              defaultValues={EMPTY_PATIENT_FORM}
              submitLabel="Register and continue"
              checkDuplicates
              save={(values, { confirmNewPatient, memberId }) =>
                call('patients.create', { ...values, ...(memberId ? { memberId } : {}), ...(confirmNewPatient ? { confirmNewPatient } : {}) })
              }
              onSaved={(saved) => chosen({ id: saved.id, name: formatName(saved), mrn: saved.mrn })}
              onUseExisting={(candidate) => chosen({ id: candidate.id, name: formatName(candidate), mrn: candidate.mrn })}
              onCancel={() => setRegistering(false)}
            />
          </>
        ) : patient ? (
          <Loaded result={types}>
            {(value) => (
              <WalkInForm
                patient={patient}
                providers={providers.filter((provider) => provider.active)}
                types={value.items.filter((type) => type.active)}
                startsAbout={format(Math.ceil(nowMs / FIVE_MINUTES) * FIVE_MINUTES, 'HH:mm', { in: tz(timeZone) })}
                onChangePatient={() => setPatient(null)}
                onBooked={onBooked}
                onCancel={() => void close()}
              />
            )}
          </Loaded>
        ) : (
          <>
            <PatientPicker patient={null} onChange={(picked) => picked && chosen(picked)} error={null} testId="walk-in" />
            <div className="actions">
              <button type="button" onClick={() => setRegistering(true)} data-testid="walk-in-register">
                Register a new patient
              </button>
              <button type="button" onClick={() => void close()}>
                Cancel
              </button>
              <span className="hint">
                Type a name, date of birth, phone or MRN · <kbd>Esc</kbd> cancel
              </span>
            </div>
          </>
        )}
      </div>
    </ModalDialog>
  );
}

interface WalkInFormProps {
  patient: ChosenPatient;
  providers: Board['providers'];
  types: AppointmentType[];
  /** The local time the visit will start at if booked now. */
  startsAbout: string;
  onChangePatient(): void;
  onBooked(appointment: Appointment): void;
  onCancel(): void;
}

function WalkInForm({ patient, providers, types, startsAbout, onChangePatient, onBooked, onCancel }: WalkInFormProps) {
  const [providerId, setProviderId] = useState(providers[0]?.id ?? '');
  const [typeId, setTypeId] = useState(types[0]?.id ?? '');
  const [overbookReason, setOverbookReason] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const providerRef = useRef<HTMLSelectElement>(null);

  const choose = (change: () => void) => {
    change();
    // Another provider or type is another booking: the overbook offered was for the last one.
    setOverbookReason(null);
    setRefusal(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    const result = await call('frontDesk.walkIn', {
      patientId: patient.id,
      providerId,
      appointmentTypeId: typeId,
      ...(overbookReason !== null ? { overbookReason } : {}),
    }).finally(() => {
      inFlight.current = false;
      setBusy(false);
    });
    if (result.ok) return onBooked(result.value.appointment);
    const refused = refusalOf(result.error);
    setRefusal(refused);
    // The submit button was disabled while booking, which took the focus out of the form; the reason field takes it when it appears.
    if (refused.overbookable && overbookReason === null) setOverbookReason(WALK_IN_REASON);
    else providerRef.current?.focus();
  };

  if (providers.length === 0 || types.length === 0) {
    return (
      <p className="banner banner-error" role="alert">
        {providers.length === 0 ? 'No providers yet: add them in Admin first.' : 'No appointment types yet: add them in Admin first.'}
      </p>
    );
  }
  const providerName = (id: string | undefined) => providers.find((provider) => provider.id === id)?.displayName ?? 'another provider';

  return (
    <form className="walk-in-form" noValidate onSubmit={(e) => void submit(e)} onKeyDown={formKeys(onCancel)} data-testid="walk-in-form">
      <PatientPicker patient={patient} onChange={onChangePatient} error={null} testId="walk-in" />
      <div className="walk-in-fields">
        <FieldShell id="walk-in-provider" label="Provider">
          <select ref={providerRef} id="walk-in-provider" autoFocus value={providerId} onChange={(e) => choose(() => setProviderId(e.target.value))} data-testid="walk-in-provider">
            {providers.map((provider) => (
              <option key={provider.id} value={provider.id}>
                {provider.displayName}
              </option>
            ))}
          </select>
        </FieldShell>
        <FieldShell id="walk-in-type" label="Type">
          <select id="walk-in-type" value={typeId} onChange={(e) => choose(() => setTypeId(e.target.value))} data-testid="walk-in-type">
            {types.map((type) => (
              <option key={type.id} value={type.id}>
                {type.name} ({type.durationMinutes} min)
              </option>
            ))}
          </select>
        </FieldShell>
      </div>
      <p className="hint" data-testid="walk-in-start">
        Starts now: {startsAbout} (the next 5-minute mark).
      </p>
      {overbookReason !== null && (
        <FieldShell id="walk-in-overbook" label="Overbook reason" required hint="Books over the provider’s time; the reason is logged.">
          <input id="walk-in-overbook" type="text" autoComplete="off" autoFocus value={overbookReason} onChange={(e) => setOverbookReason(e.target.value)} data-testid="walk-in-overbook-reason" />
        </FieldShell>
      )}
      {refusal && (
        <ConflictList
          refusal={refusal}
          retry="book"
          otherwise="Choose another provider, or a type that may be overbooked."
          providerName={providerName}
          testId="walk-in-conflict"
        />
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} data-testid="walk-in-submit">
          {busy ? 'Booking…' : overbookReason !== null ? 'Overbook walk-in' : 'Book walk-in'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <span className="hint">
          <kbd>Enter</kbd> book · <kbd>Esc</kbd> cancel
        </span>
      </div>
    </form>
  );
}
