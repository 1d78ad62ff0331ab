import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { PHONE_TYPE_LABELS, PHONE_TYPES } from '../../../../src-shared/patients/codes';
import type { Patient } from '../../../../src-shared/patients/schema';
import { askConfirm } from '../../../lib/confirm';
import { formatDateOfBirth, formatName, formatPhone, addressLines } from '../../../lib/format';
import { showRefusal } from '../../../lib/forms';
import { call } from '../../../lib/rpc';
import { FieldShell, fieldAriaOf } from '../../auth/fields';
import { CountryOptions, Options } from '../../patients/form-options';
import { changedFields, patientFormResolver, patientToFormValues, type PatientFormOutput, type PatientFormValues } from '../../patients/patient-form';

/** The details confirmed at the desk, in the order they are asked (and errors focused). */
const DESK_FIELDS = [
  'givenName',
  'familyName',
  'dateOfBirth',
  'phone',
  'phoneType',
  'email',
  'addressLine1',
  'addressLine2',
  'city',
  'region',
  'postalCode',
  'country',
] as const satisfies readonly (keyof PatientFormValues)[];
type DeskField = (typeof DESK_FIELDS)[number];

const DISCARD = { title: 'Discard these changes?', message: 'The changes to the patient’s details have not been saved.', confirmLabel: 'Discard', cancelLabel: 'Keep editing' };

interface DemographicsProps {
  patient: Patient;
  /** Absent: the details are shown, not edited (no `patients.write`, or once checked in). */
  editor?: {
    editing: boolean;
    setEditing(editing: boolean): void;
    onDirtyChange(dirty: boolean): void;
    onSaved(patient: Patient): void;
  };
}

/** Who is at the desk: name, birth date, MRN, phone, address and e-mail, edited in place. */
export function Demographics({ patient, editor }: DemographicsProps) {
  return (
    <section className="checkin-section checkin-patient" aria-labelledby="checkin-patient-title" data-testid="checkin-demographics">
      <div className="checkin-section-head">
        <h3 id="checkin-patient-title">Patient</h3>
        {editor && !editor.editing && (
          <button type="button" onClick={() => editor.setEditing(true)} title="Alt+E" aria-keyshortcuts="Alt+E" data-testid="checkin-edit-patient">
            Edit details
          </button>
        )}
      </div>
      {editor?.editing ? (
        <DemographicsForm
          patient={patient}
          onDirtyChange={editor.onDirtyChange}
          onDone={(saved) => {
            editor.onDirtyChange(false);
            editor.setEditing(false);
            if (saved) editor.onSaved(saved);
          }}
        />
      ) : (
        <PatientFacts patient={patient} />
      )}
    </section>
  );
}

function Fact({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <div className="checkin-fact">
      <dt>{label}</dt>
      <dd data-testid={`checkin-${testId}`}>{children}</dd>
    </div>
  );
}

const missing = <span className="none">Not recorded: ask the patient</span>;

export function PatientFacts({ patient }: { patient: Patient }) {
  const address = addressLines(patient);
  return (
    <dl className="checkin-facts">
      <Fact label="Name" testId="patient-name">
        {formatName(patient)}
        {patient.preferredName && <span className="subtle"> (“{patient.preferredName}”)</span>}
      </Fact>
      <Fact label="Date of birth" testId="patient-dob">
        {formatDateOfBirth(patient.dateOfBirth)}
      </Fact>
      <Fact label="MRN" testId="patient-mrn">
        <span className="mono">{patient.mrn}</span>
      </Fact>
      <Fact label="Phone" testId="patient-phone">
        {patient.phone ? `${formatPhone(patient.phone)}${patient.phoneType ? ` (${PHONE_TYPE_LABELS[patient.phoneType].toLowerCase()})` : ''}` : missing}
      </Fact>
      <Fact label="Address" testId="patient-address">
        {address.length > 0 ? address.map((line) => <div key={line}>{line}</div>) : missing}
      </Fact>
      <Fact label="E-mail" testId="patient-email">
        {patient.email ?? missing}
      </Fact>
    </dl>
  );
}

/**
 * The desk's fields of the registration form, with its validation (the whole record is checked,
 * as the chart's own form does); only changed fields are sent, so another field changed
 * elsewhere meanwhile is kept. Enter saves, Escape cancels the edit (asking when something was typed).
 */
function DemographicsForm({ patient, onDirtyChange, onDone }: { patient: Patient; onDirtyChange(dirty: boolean): void; onDone(saved: Patient | null): void }) {
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isDirty, isSubmitting },
  } = useForm<PatientFormValues, unknown, PatientFormOutput>({ defaultValues: patientToFormValues(patient), resolver: patientFormResolver, reValidateMode: 'onBlur' });
  const [general, setGeneral] = useState<string | null>(null);
  const inFlight = useRef(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => onDirtyChange(isDirty), [isDirty, onDirtyChange]);

  const save = async (values: PatientFormOutput) => {
    if (inFlight.current) return;
    const changes = changedFields(values, patient);
    if (Object.keys(changes).length === 0) return onDone(null);
    inFlight.current = true;
    setGeneral(null);
    const result = await call('patients.update', { id: patient.id, ...changes }).finally(() => {
      inFlight.current = false;
    });
    if (result.ok) return onDone(result.value);
    setGeneral(showRefusal(result.error, DESK_FIELDS, setError));
  };
  // A problem in a field the desk does not show (an older record) cannot be fixed here.
  const hidden = Object.keys(errors).filter((name) => !(DESK_FIELDS as readonly string[]).includes(name));
  const summary = general ?? (hidden.length > 0 ? 'Other details of this chart need correcting first: edit them on the chart.' : null);

  const cancel = async () => {
    if (isDirty && !(await askConfirm(DISCARD))) return;
    onDone(null);
  };
  const keys = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Escape') {
      // The edit is closed, not the dialog.
      event.preventDefault();
      event.stopPropagation();
      void cancel();
    } else if (event.key === 'Enter' && event.target instanceof HTMLSelectElement) {
      event.preventDefault();
      event.currentTarget.requestSubmit();
    }
  };
  const aria = fieldAriaOf<DeskField>('checkin-', errors);
  const field = (name: DeskField) => ({
    ...aria(name),
    ...register(name),
  });
  const text = (name: DeskField) => ({ ...field(name), autoComplete: 'off' });
  const shell = (name: DeskField, label: string, required = false) => ({ id: `checkin-${name}`, label, required, error: errors[name]?.message });

  return (
    <form ref={form} className="checkin-patient-form" noValidate onSubmit={(event) => void handleSubmit(save)(event)} onKeyDown={keys} data-testid="checkin-patient-form">
      {summary && (
        <p className="banner banner-error" role="alert" data-testid="checkin-patient-error">
          {summary}
        </p>
      )}
      <div className="form-grid">
        <FieldShell {...shell('givenName', 'Given name', true)}>
          <input {...text('givenName')} autoFocus />
        </FieldShell>
        <FieldShell {...shell('familyName', 'Family name', true)}>
          <input {...text('familyName')} />
        </FieldShell>
        <FieldShell {...shell('dateOfBirth', 'Date of birth', true)} hint="MM/DD/YYYY">
          <input {...text('dateOfBirth')} inputMode="numeric" />
        </FieldShell>
        <FieldShell {...shell('email', 'E-mail')}>
          <input {...text('email')} type="email" spellCheck={false} />
        </FieldShell>
        <FieldShell {...shell('phone', 'Phone')}>
          <input {...text('phone')} type="tel" />
        </FieldShell>
        <FieldShell {...shell('phoneType', 'Number type')}>
          <select {...field('phoneType')}>
            <option value="">—</option>
            <Options values={PHONE_TYPES} labels={PHONE_TYPE_LABELS} />
          </select>
        </FieldShell>
        <div className="span-2">
          <FieldShell {...shell('addressLine1', 'Address line 1')}>
            <input {...text('addressLine1')} />
          </FieldShell>
        </div>
        <div className="span-2">
          <FieldShell {...shell('addressLine2', 'Address line 2')}>
            <input {...text('addressLine2')} />
          </FieldShell>
        </div>
        <FieldShell {...shell('city', 'City')}>
          <input {...text('city')} />
        </FieldShell>
        <FieldShell {...shell('region', 'State / region')}>
          <input {...text('region')} />
        </FieldShell>
        <FieldShell {...shell('postalCode', 'ZIP / postal code')}>
          <input {...text('postalCode')} />
        </FieldShell>
        <FieldShell {...shell('country', 'Country')}>
          <select {...field('country')}>
            <CountryOptions />
          </select>
        </FieldShell>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={isSubmitting} data-testid="checkin-patient-save">
          {isSubmitting ? 'Saving…' : 'Save details'}
        </button>
        <button type="button" onClick={() => void cancel()} disabled={isSubmitting}>
          Cancel edit
        </button>
      </div>
    </form>
  );
}
