import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useForm, useWatch, type Control } from 'react-hook-form';
import { duplicateConflictDetails, SEX_LABELS, SEXES, type DuplicateCandidate, type Patient } from '../../../src-shared/patients/schema';
import type { RpcResult } from '../../../src-shared/rpc/errors';
import { parseDateInput } from '../../../src-shared/validation/dates';
import { askConfirm } from '../../lib/confirm';
import { formatAge, formatLongDate } from '../../lib/format';
import { useLeaveGuard } from '../../lib/navigation';
import { FieldShell } from '../auth/fields';
import { DuplicatePanel, useDuplicateCandidates } from './DuplicateWarning';
import {
  PATIENT_FORM_FIELDS,
  patientFormResolver,
  splitServerError,
  type PatientFormField,
  type PatientFormOutput,
  type PatientFormValues,
} from './patient-form';

interface PatientFormProps {
  defaultValues: PatientFormValues;
  submitLabel: string;
  /**
   * Sends the validated values to the service; `changed` lists the fields the user edited;
   * `confirmNewPatient` is the user's "register as a new patient anyway" after a duplicate warning.
   */
  save(values: PatientFormOutput, changed: PatientFormField[], options: { confirmNewPatient: boolean }): Promise<RpcResult<Patient>>;
  onSaved(patient: Patient): void;
  /** Leaves the form; called only once nothing typed would be lost (or the user agreed). */
  onCancel(): void;
  /** Registration: warn about likely existing patients while typing, and offer "new patient anyway". */
  checkDuplicates?: boolean;
}

const UNSAVED_MESSAGE = 'The details typed into this form have not been saved.';

/** Registration and editing of a patient's details: one form for both. */
export function PatientForm({ defaultValues, submitLabel, save, onSaved, onCancel, checkDuplicates = false }: PatientFormProps) {
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isDirty, dirtyFields, isSubmitting, submitCount },
  } = useForm<PatientFormValues, unknown, PatientFormOutput>({
    defaultValues,
    resolver: patientFormResolver,
    mode: 'onSubmit',
    reValidateMode: 'onBlur',
  });
  const [general, setGeneral] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  /** Candidates the service refused a save for (CONFLICT); shown with "register anyway". */
  const [conflict, setConflict] = useState<DuplicateCandidate[] | null>(null);
  const liveCandidates = useDuplicateCandidates(control, checkDuplicates);

  useLeaveGuard(isDirty && !saved, UNSAVED_MESSAGE);

  // Enter held down or pressed twice must not register the same patient twice.
  const inFlight = useRef(false);

  const submit = async (values: PatientFormOutput, confirmNewPatient: boolean) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setGeneral(null);
    const changed = PATIENT_FORM_FIELDS.filter((name) => dirtyFields[name]);
    const result = await save(values, changed, { confirmNewPatient }).finally(() => {
      inFlight.current = false;
    });
    if (result.ok) {
      setSaved(true);
      onSaved(result.value);
      return;
    }
    const duplicates = result.error.code === 'CONFLICT' ? duplicateConflictDetails.safeParse(result.error.details) : null;
    if (duplicates?.success && duplicates.data.duplicates.length > 0) {
      setConflict(duplicates.data.duplicates);
      return;
    }
    if (result.error.code === 'UNAUTHENTICATED') {
      // The lock overlay is showing (or the session ended): what was typed stays here.
      setGeneral('Not saved: the screen locked. Unlock, then save again.');
      return;
    }
    const { fields, general: message } = splitServerError(result.error);
    fields.forEach(([name, text], index) => setError(name, { type: 'server', message: text }, { shouldFocus: index === 0 }));
    setGeneral(message ?? null);
  };

  const onValid = (values: PatientFormOutput) => submit(values, false);

  const cancel = async () => {
    if (isDirty && !(await askConfirm({
      title: 'Discard this form?',
      message: UNSAVED_MESSAGE,
      confirmLabel: 'Discard changes',
      cancelLabel: 'Keep editing',
    }))) return;
    setSaved(true); // nothing left to guard
    onCancel();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      void cancel();
    } else if (event.key === 'Enter' && event.target instanceof HTMLSelectElement) {
      // Enter in a text box submits natively; make the select behave the same.
      event.preventDefault();
      event.currentTarget.requestSubmit();
    }
  };

  const hasErrors = Object.keys(errors).length > 0;
  const summary = general ?? (hasErrors && submitCount > 0 ? 'Not saved. Please correct the fields marked below.' : null);

  const field = (name: PatientFormField) => ({
    id: `patient-${name}`,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': `patient-${name}-error patient-${name}-hint`,
  });

  return (
    <form className="patient-form" noValidate onSubmit={(event) => void handleSubmit(onValid)(event)} onKeyDown={onKeyDown} data-testid="patient-form">
      {summary && (
        <div className="banner banner-error" role="alert" data-testid="form-error">
          {summary}
        </div>
      )}
      <div className="form-grid">
        <Field name="givenName" label="Given name" required error={errors.givenName?.message}>
          {/* The first field takes the focus: the user starts typing at once. */}
          <input {...field('givenName')} {...register('givenName')} autoComplete="off" autoFocus />
        </Field>
        <Field name="familyName" label="Family name" required error={errors.familyName?.message}>
          <input {...field('familyName')} {...register('familyName')} autoComplete="off" />
        </Field>
        <Field
          name="dateOfBirth"
          label="Date of birth"
          required
          error={errors.dateOfBirth?.message}
          hint={<DateReading control={control} />}
        >
          <input {...field('dateOfBirth')} {...register('dateOfBirth')} autoComplete="off" inputMode="numeric" placeholder="MM/DD/YYYY" />
        </Field>
        <Field name="sex" label="Sex" error={errors.sex?.message}>
          <select {...field('sex')} {...register('sex')}>
            {SEXES.map((sex) => (
              <option key={sex} value={sex}>
                {SEX_LABELS[sex]}
              </option>
            ))}
          </select>
        </Field>
        <Field name="phone" label="Phone" error={errors.phone?.message} hint="e.g. (617) 555-0142">
          <input {...field('phone')} {...register('phone')} type="tel" autoComplete="off" />
        </Field>
        <Field name="email" label="E-mail" error={errors.email?.message}>
          <input {...field('email')} {...register('email')} type="email" autoComplete="off" spellCheck={false} />
        </Field>
      </div>
      <DuplicatePanel
        candidates={conflict ?? liveCandidates}
        onRegisterAnyway={conflict ? () => void handleSubmit((values) => submit(values, true))() : undefined}
        busy={isSubmitting}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={isSubmitting} data-testid="save-patient">
          {isSubmitting ? 'Saving…' : submitLabel}
        </button>
        <button type="button" onClick={() => void cancel()} disabled={isSubmitting}>
          Cancel
        </button>
        <span className="hint">
          <kbd>Enter</kbd> save · <kbd>Esc</kbd> cancel
        </span>
      </div>
    </form>
  );
}

interface FieldProps {
  name: PatientFormField;
  label: string;
  required?: boolean;
  error: string | undefined;
  hint?: ReactNode;
  children: ReactNode;
}

function Field({ name, ...shell }: FieldProps) {
  return <FieldShell id={`patient-${name}`} testId={name} {...shell} />;
}

/** Says how the typed date of birth is read, so "07141985" is visibly July 14, 1985 before saving. */
function DateReading({ control }: { control: Control<PatientFormValues, unknown, PatientFormOutput> }) {
  const typed = useWatch({ control, name: 'dateOfBirth' });
  const iso = typed ? parseDateInput(typed) : null;
  if (!iso) return <>MM/DD/YYYY, YYYY-MM-DD or MMDDYYYY</>;
  const age = formatAge(iso);
  return (
    <span data-testid="dob-reading">
      Reads as {formatLongDate(iso)}
      {age ? ` · ${age}` : ' · in the future'}
    </span>
  );
}
