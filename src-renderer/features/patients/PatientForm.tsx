import { Fragment, useRef, useState, type ReactNode } from 'react';
import { useForm, useWatch, type Control, type UseFormRegister } from 'react-hook-form';
import {
  CONSENT_CHANNEL_LABELS,
  CONSENT_CHANNELS,
  CONSENT_FIELDS,
  CONSENT_LABELS,
  CONSENTS,
  CONTACT_METHOD_LABELS,
  CONTACT_METHODS,
  GENDER_IDENTITIES,
  GENDER_IDENTITY_LABELS,
  LANGUAGE_LABELS,
  LANGUAGES,
  PHONE_TYPE_LABELS,
  PHONE_TYPES,
} from '../../../src-shared/patients/codes';
import { duplicateConflictDetails, SEX_LABELS, SEXES, type DuplicateCandidate, type Patient } from '../../../src-shared/patients/schema';
import type { RpcResult } from '../../../src-shared/rpc/errors';
import { parseDateInput } from '../../../src-shared/validation/dates';
import { askConfirm } from '../../lib/confirm';
import { formKeys, formSummary, showRefusal } from '../../lib/forms';
import { formatAge, formatLongDate } from '../../lib/format';
import { useLeaveGuard } from '../../lib/navigation';
import { FieldShell, fieldAriaOf } from '../auth/fields';
import { FormActions } from '../shell/FormActions';
import { DuplicatePanel, useDuplicateCandidates } from './DuplicateWarning';
import { CountryOptions, Options, ProviderSelect } from './form-options';
import {
  PATIENT_FORM_FIELDS,
  patientFormResolver,
  todayAsTyped,
  type PatientFormField,
  type PatientFormOutput,
  type PatientFormValues,
} from './patient-form';

interface PatientFormProps {
  defaultValues: PatientFormValues;
  submitLabel: string;
  /** Sends the validated values to the service; `confirmNewPatient` is the user's "register as a new patient anyway" after a duplicate warning. */
  save(values: PatientFormOutput, options: { confirmNewPatient: boolean; memberId: string }): Promise<RpcResult<Patient>>;
  onSaved(patient: Patient): void;
  /** Leaves the form; called only once nothing typed would be lost (or the user agreed). */
  onCancel(): void;
  /** Registration: warn about likely existing patients while typing (also by insurance member id), and offer "new patient anyway". */
  checkDuplicates?: boolean;
  /** With checkDuplicates: a likely existing patient is taken instead of registering (the walk-in flow), rather than opened. */
  onUseExisting?: (candidate: DuplicateCandidate) => void;
}

const UNSAVED_MESSAGE = 'The details typed into this form have not been saved.';
const PRONOUN_SUGGESTIONS = ['she/her', 'he/him', 'they/them'];

type FormControl = Control<PatientFormValues, unknown, PatientFormOutput>;

/**
 * Registration and editing of a patient's details: one form for both. The fields of the first
 * visit come first (name, birth date, phones, e-mail), so Tab walks the usual path; the rest
 * follow in sections a receptionist fills when the patient has them.
 */
export function PatientForm({ defaultValues, submitLabel, save, onSaved, onCancel, checkDuplicates = false, onUseExisting }: PatientFormProps) {
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    getValues,
    control,
    formState: { errors, isDirty, isSubmitting, submitCount },
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
    const result = await save(values, { confirmNewPatient, memberId: getValues('memberId').trim() }).finally(() => {
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
    setGeneral(showRefusal(result.error, PATIENT_FORM_FIELDS, setError));
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

  const summary = formSummary(general, errors, submitCount);

  const field = fieldAriaOf<PatientFormField | 'memberId'>('patient-', errors);
  const text = (name: PatientFormField | 'memberId') => ({ ...field(name), ...register(name), autoComplete: 'off' });
  const messageOf = (name: PatientFormField | 'memberId') => errors[name]?.message;

  return (
    <form className="patient-form" noValidate onSubmit={(event) => void handleSubmit(onValid)(event)} onKeyDown={formKeys(() => void cancel())} data-testid="patient-form">
      {summary && (
        <div className="banner banner-error" role="alert" data-testid="form-error">
          {summary}
        </div>
      )}
      <Section title="Identity">
        <Field name="givenName" label="Given name" required error={messageOf('givenName')}>
          {/* The first field takes the focus: the user starts typing at once. */}
          <input {...text('givenName')} autoFocus />
        </Field>
        <Field name="familyName" label="Family name" required error={messageOf('familyName')}>
          <input {...text('familyName')} />
        </Field>
        <Field name="dateOfBirth" label="Date of birth" required error={messageOf('dateOfBirth')} hint={<DateReading control={control} />}>
          <input {...text('dateOfBirth')} inputMode="numeric" placeholder="MM/DD/YYYY" />
        </Field>
        <Field name="sex" label="Sex" error={messageOf('sex')}>
          <select {...field('sex')} {...register('sex')}>
            <Options values={SEXES} labels={SEX_LABELS} />
          </select>
        </Field>
        <Field name="preferredName" label="Preferred name" error={messageOf('preferredName')} hint="What the patient likes to be called">
          <input {...text('preferredName')} />
        </Field>
        <Field name="genderIdentity" label="Gender identity" error={messageOf('genderIdentity')}>
          <select {...field('genderIdentity')} {...register('genderIdentity')}>
            <option value="">Not recorded</option>
            <Options values={GENDER_IDENTITIES} labels={GENDER_IDENTITY_LABELS} />
          </select>
        </Field>
        <Field name="pronouns" label="Pronouns" error={messageOf('pronouns')}>
          <input {...text('pronouns')} list="pronoun-suggestions" />
        </Field>
        <datalist id="pronoun-suggestions">
          {PRONOUN_SUGGESTIONS.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
        {checkDuplicates && (
          <Field
            name="memberId"
            label="Insurance member id"
            error={messageOf('memberId')}
            hint="Only to find an earlier registration; add the coverage on the chart"
          >
            <input {...text('memberId')} spellCheck={false} />
          </Field>
        )}
      </Section>

      <Section title="Contact">
        <Field name="phone" label="Phone" error={messageOf('phone')} hint="e.g. (617) 555-0142">
          <input {...text('phone')} type="tel" />
        </Field>
        <Field name="phoneType" label="Number type" error={messageOf('phoneType')}>
          <PhoneTypeSelect field={field('phoneType')} register={register} name="phoneType" />
        </Field>
        <Field name="altPhone" label="Second number" error={messageOf('altPhone')}>
          <input {...text('altPhone')} type="tel" />
        </Field>
        <Field name="altPhoneType" label="Second number type" error={messageOf('altPhoneType')}>
          <PhoneTypeSelect field={field('altPhoneType')} register={register} name="altPhoneType" />
        </Field>
        <Field name="email" label="E-mail" error={messageOf('email')} span={2}>
          <input {...text('email')} type="email" spellCheck={false} />
        </Field>
      </Section>

      <DuplicatePanel
        candidates={conflict ?? liveCandidates}
        onRegisterAnyway={conflict ? () => void handleSubmit((values) => submit(values, true))() : undefined}
        busy={isSubmitting}
        onUse={onUseExisting}
      />

      <Section title="Address">
        <Field name="addressLine1" label="Address line 1" error={messageOf('addressLine1')} span={2}>
          <input {...text('addressLine1')} />
        </Field>
        <Field name="addressLine2" label="Address line 2" error={messageOf('addressLine2')} span={2} hint="Apartment, suite, unit">
          <input {...text('addressLine2')} />
        </Field>
        <Field name="city" label="City" error={messageOf('city')}>
          <input {...text('city')} />
        </Field>
        <Field name="region" label="State / region" error={messageOf('region')} hint="US, Canada: 2 letters (MA)">
          <input {...text('region')} />
        </Field>
        <Field name="postalCode" label="ZIP / postal code" error={messageOf('postalCode')}>
          <input {...text('postalCode')} />
        </Field>
        <Field name="country" label="Country" error={messageOf('country')}>
          <select {...field('country')} {...register('country')}>
            <CountryOptions />
          </select>
        </Field>
      </Section>

      <Section title="Preferences & consents">
        <Field name="language" label="Language" error={messageOf('language')}>
          <select {...field('language')} {...register('language')}>
            <option value="">Not recorded</option>
            <Options values={LANGUAGES} labels={LANGUAGE_LABELS} />
          </select>
        </Field>
        <Field name="preferredContact" label="Preferred contact" error={messageOf('preferredContact')} span={3}>
          <select {...field('preferredContact')} {...register('preferredContact')}>
            <option value="">No preference</option>
            <Options values={CONTACT_METHODS} labels={CONTACT_METHOD_LABELS} />
          </select>
        </Field>
        <div className="consents span-4" role="group" aria-labelledby="consents-title">
          <span id="consents-title" className="consents-title">
            Consents to be contacted by
          </span>
          <span id="consent-answer" className="consents-head">
            Answer
          </span>
          <span id="consent-date" className="consents-head">
            Answered on
          </span>
          {CONSENT_CHANNELS.map((channel) => {
            const { consent, on } = CONSENT_FIELDS[channel];
            return (
              <Fragment key={channel}>
                <span id={`consent-${channel}`} className="consent-channel">
                  {CONSENT_CHANNEL_LABELS[channel]}
                </span>
                <Messages name={consent} error={messageOf(consent)}>
                  <select
                    {...field(consent)}
                    aria-labelledby={`consent-${channel} consent-answer`}
                    {...register(consent, {
                      // Recording an answer dates it today unless a date is typed; no answer, no date.
                      onChange: (event: { target: { value: string } }) => {
                        const answered = event.target.value !== '';
                        if (answered && getValues(on).trim() === '') setValue(on, todayAsTyped(), { shouldDirty: true });
                        if (!answered) setValue(on, '', { shouldDirty: true });
                      },
                    })}
                  >
                    <option value="">Not asked</option>
                    <Options values={CONSENTS} labels={CONSENT_LABELS} />
                  </select>
                </Messages>
                <Messages name={on} error={messageOf(on)}>
                  <input {...text(on)} aria-labelledby={`consent-${channel} consent-date`} inputMode="numeric" placeholder="MM/DD/YYYY" />
                </Messages>
              </Fragment>
            );
          })}
        </div>
      </Section>

      <Section title="Care team">
        <Field name="primaryProviderId" label="Primary provider" error={messageOf('primaryProviderId')} span={2}>
          <ProviderSelect {...field('primaryProviderId')} {...register('primaryProviderId')} current={defaultValues.primaryProviderId} />
        </Field>
      </Section>

      <Section title="Front-office notes">
        <Field
          name="frontOfficeNotes"
          label="Notes for the front desk"
          error={messageOf('frontOfficeNotes')}
          hint="Shown at the top of the chart: access needs, billing arrangements. No clinical notes. Ctrl+Enter saves."
          span={4}
        >
          <textarea {...field('frontOfficeNotes')} {...register('frontOfficeNotes')} rows={3} maxLength={4000} />
        </Field>
      </Section>

      <FormActions submitLabel={submitLabel} submitting={isSubmitting} onCancel={() => void cancel()} testId="save-patient" />
    </form>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="form-section">
      <legend>{title}</legend>
      <div className="form-grid form-grid-4">{children}</div>
    </fieldset>
  );
}

interface FieldProps {
  name: PatientFormField | 'memberId';
  label: string;
  required?: boolean;
  error: string | undefined;
  hint?: ReactNode;
  /** Grid columns the field spans (of four). */
  span?: 2 | 3 | 4;
  children: ReactNode;
}

function Field({ name, span, ...shell }: FieldProps) {
  const shellElement = <FieldShell id={`patient-${name}`} testId={name} {...shell} />;
  return span ? <div className={`span-${span}`}>{shellElement}</div> : shellElement;
}

/** A control labelled by its row and column (the consents' table), with the error line every field has. */
function Messages({ name, error, children }: { name: PatientFormField; error: string | undefined; children: ReactNode }) {
  return (
    <div className={error ? 'field invalid' : 'field'} data-testid={`field-${name}`}>
      {children}
      <div className="field-messages">
        <span id={`patient-${name}-error`} className="field-error" data-testid={`error-${name}`}>
          {error}
        </span>
        <span id={`patient-${name}-hint`} className="hint" />
      </div>
    </div>
  );
}

function PhoneTypeSelect({
  field,
  register,
  name,
}: {
  field: Record<string, unknown>;
  register: UseFormRegister<PatientFormValues>;
  name: 'phoneType' | 'altPhoneType';
}) {
  return (
    <select {...field} {...register(name)}>
      <option value="">—</option>
      <Options values={PHONE_TYPES} labels={PHONE_TYPE_LABELS} />
    </select>
  );
}

/** Says how the typed date of birth is read, so "07141985" is visibly July 14, 1985 before saving. */
function DateReading({ control }: { control: FormControl }) {
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
