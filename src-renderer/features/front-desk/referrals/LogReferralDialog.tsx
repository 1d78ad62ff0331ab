import { useState } from 'react';
import { useWatch } from 'react-hook-form';
import type { DocumentSummary } from '../../../../src-shared/documents/schema';
import { MAX_DIAGNOSES } from '../../../../src-shared/referrals/icd10';
import { referralLogInput, type Referral } from '../../../../src-shared/referrals/schema';
import { REFERRAL_DIRECTION_LABELS, REFERRAL_DIRECTIONS, type ReferralDirection } from '../../../../src-shared/referrals/status';
import { useTableVersion } from '../../../lib/change-feed';
import { formatDate } from '../../../lib/format';
import { call } from '../../../lib/rpc';
import { useLoad } from '../../admin/useLoad';
import { FieldShell } from '../../auth/fields';
import { ProviderSelect } from '../../patients/form-options';
import { FormFrame } from '../../record-requests/RequestForms';
import { useRequestForm } from '../../record-requests/useRequestForm';
import { PatientPicker, type ChosenPatient } from '../../schedule/PatientPicker';
import { ModalDialog } from '../../shell/ModalDialog';

interface LogValues {
  direction: ReferralDirection;
  patientId: string;
  providerId: string | null;
  otherName: string;
  otherOrganization: string;
  otherPhone: string;
  otherFax: string;
  reason: string;
  /** As typed: codes separated by commas or spaces (the contract splits them). */
  diagnoses: string;
  documentsSent: string[];
  referredOn: string;
  note: string;
}

const FIELDS = ['patientId', 'providerId', 'otherName', 'otherOrganization', 'otherPhone', 'otherFax', 'reason', 'diagnoses', 'documentsSent', 'referredOn', 'note'] as const;

const WORDS: Record<ReferralDirection, { other: string; otherHint: string; provider: string }> = {
  outgoing: { other: 'Referred to', otherHint: 'The provider the patient is sent to', provider: 'Referring provider' },
  incoming: { other: 'Referred by', otherHint: 'The provider who sent the patient', provider: 'To be seen by' },
};

interface LogReferralDialogProps {
  /** The clinic's today: the latest referral date. */
  today: string;
  /** Set when logging from a chart: the patient is that chart's. */
  patient?: ChosenPatient;
  direction?: ReferralDirection;
  onClose(logged: Referral | null): void;
}

/** Log a referral: which way, the patient, who on each side, why (with ICD-10-CM codes), documents sent, when. */
export function LogReferralDialog({ today, patient: fixedPatient, direction = 'outgoing', onClose }: LogReferralDialogProps) {
  const [patient, setPatient] = useState<ChosenPatient | null>(fixedPatient ?? null);
  const defaultValues: LogValues = {
    direction,
    patientId: fixedPatient?.id ?? '',
    providerId: null,
    otherName: '',
    otherOrganization: '',
    otherPhone: '',
    otherFax: '',
    reason: '',
    diagnoses: '',
    documentsSent: [],
    referredOn: today,
    note: '',
  };
  const form = useRequestForm({
    schema: referralLogInput,
    defaultValues,
    fields: FIELDS,
    idPrefix: 'referral',
    unsavedMessage: 'This referral has not been logged yet.',
    send: (values) => call('referrals.log', values),
    onDone: (referral: Referral) => onClose(referral),
    onCancel: () => onClose(null),
  });
  const { register, control, setValue, formState } = form.form;
  const f = form.field;
  const chosenDirection = useWatch({ control, name: 'direction' });
  const documentsSent = useWatch({ control, name: 'documentsSent' });
  const words = WORDS[chosenDirection];
  const choosePatient = (chosen: ChosenPatient | null) => {
    setPatient(chosen);
    setValue('patientId', chosen?.id ?? '', { shouldDirty: true });
    setValue('documentsSent', [], { shouldDirty: true });
  };
  const patientError = formState.errors.patientId ? 'Choose the patient' : null;

  return (
    <ModalDialog className="overlay referral-dialog" aria-label="Log a referral" data-testid="log-referral-dialog" onEscape={() => void form.chrome.cancel()}>
      <div className="overlay-panel">
        <FormFrame form={form.chrome} title="Log a referral" submitLabel="Log referral" testId="log-referral-form">
          <div className="form-grid referral-grid">
            <fieldset className="referral-direction referral-half" data-testid="referral-direction">
              <legend>Direction</legend>
              {REFERRAL_DIRECTIONS.map((value) => (
                <label key={value} className="checkbox-line">
                  <input
                    type="radio"
                    value={value}
                    {...register('direction', { onChange: () => setValue('documentsSent', []) })}
                    autoFocus={value === direction && fixedPatient !== undefined}
                  />
                  {REFERRAL_DIRECTION_LABELS[value]}
                </label>
              ))}
            </fieldset>
            {fixedPatient ? (
              <div className="field referral-half">
                <span className="search-label">Patient</span>
                <strong data-testid="referral-patient-fixed">{fixedPatient.name}</strong>
              </div>
            ) : (
              <div className="referral-half">
                <PatientPicker patient={patient} onChange={choosePatient} error={patientError} testId="referral" />
              </div>
            )}
            <div className="referral-half">
              <FieldShell {...f('otherName').shell} label={words.other} required hint={words.otherHint}>
                <input {...f('otherName').control} {...register('otherName')} autoComplete="off" maxLength={200} />
              </FieldShell>
            </div>
            <div className="referral-half">
              <FieldShell {...f('otherOrganization').shell} label="Organisation">
                <input {...f('otherOrganization').control} {...register('otherOrganization')} autoComplete="off" maxLength={200} />
              </FieldShell>
            </div>
            <FieldShell {...f('otherPhone').shell} label="Their phone">
              <input {...f('otherPhone').control} {...register('otherPhone')} type="tel" autoComplete="off" />
            </FieldShell>
            <FieldShell {...f('otherFax').shell} label="Their fax">
              <input {...f('otherFax').control} {...register('otherFax')} type="tel" autoComplete="off" />
            </FieldShell>
            <FieldShell {...f('providerId').shell} label={words.provider} hint="One of ours">
              <ProviderSelect {...f('providerId').control} current="" {...register('providerId', { setValueAs: (value: string | null) => value || null })} />
            </FieldShell>
            <FieldShell {...f('referredOn').shell} label="Referred on" required>
              <input {...f('referredOn').control} {...register('referredOn')} type="date" max={today} />
            </FieldShell>
            <div className="referral-half">
              <FieldShell {...f('reason').shell} label="Reason" required>
                <input {...f('reason').control} {...register('reason')} autoComplete="off" maxLength={1000} />
              </FieldShell>
            </div>
            <div className="referral-half">
              <FieldShell
                {...f('diagnoses').shell}
                error={listError(formState.errors.diagnoses)}
                label="Diagnoses (ICD-10-CM)"
                hint={`Up to ${MAX_DIAGNOSES}, separated by commas: E11.9, I10`}
              >
                <input {...f('diagnoses').control} {...register('diagnoses')} autoComplete="off" spellCheck={false} className="mono" />
              </FieldShell>
            </div>
            {chosenDirection === 'outgoing' && patient && (
              <div className="referral-wide">
                <DocumentsSent patientId={patient.id} chosen={documentsSent} error={listError(formState.errors.documentsSent)} onChange={(ids) => setValue('documentsSent', ids, { shouldDirty: true })} />
              </div>
            )}
            <div className="referral-wide">
              <FieldShell {...f('note').shell} label="Note" hint="Optional: anything the next person should know">
                <input {...f('note').control} {...register('note')} autoComplete="off" maxLength={2000} />
              </FieldShell>
            </div>
          </div>
        </FormFrame>
      </div>
    </ModalDialog>
  );
}

/** The message of a list field: its own, or the first of its entries'. */
function listError(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const own = (error as { message?: unknown }).message;
  if (typeof own === 'string') return own;
  for (const entry of Object.values(error)) {
    const message = (entry as { message?: unknown } | undefined)?.message;
    if (typeof message === 'string') return message;
  }
  return undefined;
}

/** The chart's documents to tick as sent with the referral. */
function DocumentsSent({ patientId, chosen, error, onChange }: { patientId: string; chosen: string[]; error: string | undefined; onChange(ids: string[]): void }) {
  const version = useTableVersion('documents');
  const [result] = useLoad(() => call('documents.list', { patientId }), `${patientId}|${version}`);
  const documents: DocumentSummary[] = result?.ok ? result.value.items : [];
  const toggle = (id: string, on: boolean) => onChange(on ? [...chosen, id] : chosen.filter((other) => other !== id));
  return (
    <fieldset className={error ? 'field invalid referral-documents' : 'field referral-documents'} data-testid="referral-documents">
      <legend>Documents sent</legend>
      {result && documents.length === 0 && <p className="hint">This chart has no documents to send.</p>}
      {documents.map((document) => (
        <label key={document.id} className="checkbox-line">
          <input type="checkbox" checked={chosen.includes(document.id)} onChange={(e) => toggle(document.id, e.target.checked)} />
          {document.title} <span className="hint">({formatDate(document.documentDate)})</span>
        </label>
      ))}
      <span className="field-error" role={error ? 'alert' : undefined}>
        {error}
      </span>
    </fieldset>
  );
}
