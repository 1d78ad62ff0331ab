import type { ReactNode } from 'react';
import { useWatch, type Control } from 'react-hook-form';
import type { DocumentSummary } from '../../../src-shared/documents/schema';
import {
  dueDateFor,
  PURPOSE_RULES,
  PURPOSES,
  RELEASE_METHOD_LABELS,
  RELEASE_METHODS,
  REQUESTER_KIND_LABELS,
  REQUESTER_KINDS,
  type Purpose,
} from '../../../src-shared/record-requests/rules';
import {
  recordRequestDenyInput,
  recordRequestExtendInput,
  recordRequestLogInput,
  recordRequestReleaseInput,
  recordRequestWithdrawInput,
  type RecordRequest,
} from '../../../src-shared/record-requests/schema';
import { isIsoDate, localIsoDate } from '../../../src-shared/validation/dates';
import { formatDate } from '../../lib/format';
import { call } from '../../lib/rpc';
import { FieldShell } from '../auth/fields';
import { FormActions } from '../shell/FormActions';
import { useRequestForm, type FormChrome } from './useRequestForm';

interface FormProps {
  onDone(request: RecordRequest, message: string): void;
  onCancel(): void;
}

export function FormFrame({ form, title, submitLabel, testId, children }: { form: FormChrome; title: string; submitLabel: string; testId: string; children: ReactNode }) {
  return (
    <form className="panel request-form" noValidate onSubmit={form.submit} onKeyDown={form.onKeyDown} aria-label={title} data-testid={testId}>
      <h3>{title}</h3>
      {form.summary && (
        <div className="banner banner-error" role="alert" data-testid="request-form-error">
          {form.summary}
        </div>
      )}
      {children}
      <FormActions submitLabel={submitLabel} submitting={form.busy} onCancel={() => void form.cancel()} testId={`${testId}-submit`} />
    </form>
  );
}

// ---------------------------------------------------------------- Logging a request

interface LogValues {
  patientId: string;
  requesterName: string;
  requesterKind: string;
  requesterContact: string;
  purpose: string;
  recordsRequested: string;
  authorizationOnFile: boolean;
  authorizationDocumentId: string | null;
  receivedOn: string;
}

const LOG_FIELDS = [
  'requesterName',
  'requesterKind',
  'requesterContact',
  'purpose',
  'recordsRequested',
  'receivedOn',
  'authorizationOnFile',
  'authorizationDocumentId',
] as const;

function purposeHint(purpose: Purpose): string {
  const rule = PURPOSE_RULES[purpose];
  if (rule.tpo) return 'Treatment, payment or operations: no authorization needed; not in the accounting of disclosures.';
  if (rule.toIndividual) return 'The patient’s right of access: check identity; no authorization needed; not in the accounting.';
  if (rule.needsAuthorization) return 'Needs the patient’s signed authorization on file. Listed in the accounting of disclosures.';
  return 'Permitted by law without an authorization. Listed in the accounting of disclosures.';
}

export function LogRequestForm({ patientId, documents, onDone, onCancel }: FormProps & { patientId: string; documents: DocumentSummary[] }) {
  const defaultValues: LogValues = {
    patientId,
    requesterName: '',
    requesterKind: '',
    requesterContact: '',
    purpose: '',
    recordsRequested: '',
    authorizationOnFile: false,
    authorizationDocumentId: null,
    receivedOn: localIsoDate(),
  };
  const form = useRequestForm({
    schema: recordRequestLogInput,
    defaultValues,
    fields: LOG_FIELDS,
    idPrefix: 'request-log',
    unsavedMessage: 'This record request has not been logged yet.',
    send: (values) => call('recordRequests.log', values),
    onDone: (request) => onDone(request, `Request logged: due ${formatDate(request.dueOn)}.`),
    onCancel,
  });
  const { register, control } = form.form;
  const f = form.field;
  const onFile = useWatch({ control, name: 'authorizationOnFile' });
  const authorization = f('authorizationOnFile');

  return (
    <FormFrame form={form.chrome} title="Log a record request" submitLabel="Log request" testId="log-request-form">
      <div className="form-grid">
        <FieldShell {...f('requesterName').shell} label="Requester" required hint="Person or organisation asking">
          <input {...f('requesterName').control} {...register('requesterName')} autoComplete="off" maxLength={200} autoFocus />
        </FieldShell>
        <FieldShell {...f('requesterKind').shell} label="Requester is" required>
          <select {...f('requesterKind').control} {...register('requesterKind')}>
            <option value="">Choose…</option>
            {REQUESTER_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {REQUESTER_KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </FieldShell>
        <FieldShell {...f('purpose').shell} label="Purpose" required hint={<PurposeHint control={control} />}>
          <select {...f('purpose').control} {...register('purpose')}>
            <option value="">Choose…</option>
            {PURPOSES.map((purpose) => (
              <option key={purpose} value={purpose}>
                {PURPOSE_RULES[purpose].label}
              </option>
            ))}
          </select>
        </FieldShell>
        <FieldShell {...f('requesterContact').shell} label="Contact" hint="Address, fax or e-mail to send to">
          <input {...f('requesterContact').control} {...register('requesterContact')} autoComplete="off" maxLength={300} />
        </FieldShell>
        <FieldShell {...f('recordsRequested').shell} label="Records requested" required>
          <input {...f('recordsRequested').control} {...register('recordsRequested')} autoComplete="off" maxLength={2000} />
        </FieldShell>
        <FieldShell {...f('receivedOn').shell} label="Received on" required hint={<DueHint control={control} />}>
          <input {...f('receivedOn').control} {...register('receivedOn')} type="date" max={localIsoDate()} />
        </FieldShell>
        <div className={authorization.shell.error ? 'field invalid' : 'field'}>
          <label className="checkbox-line request-checkbox">
            <input type="checkbox" {...authorization.control} {...register('authorizationOnFile')} />
            Patient’s signed authorization on file
          </label>
          <div className="field-messages">
            <span id={`${authorization.shell.id}-error`} className="field-error" data-testid="error-request-log-authorizationOnFile">
              {authorization.shell.error}
            </span>
            <span id={`${authorization.shell.id}-hint`} className="hint" />
          </div>
        </div>
        {onFile && documents.length > 0 && (
          <FieldShell {...f('authorizationDocumentId').shell} label="Authorization document" hint="From this chart’s documents (optional)">
            <select {...f('authorizationDocumentId').control} {...register('authorizationDocumentId', { setValueAs: (value: string | null) => value || null })}>
              <option value="">Not linked</option>
              {documents.map((document) => (
                <option key={document.id} value={document.id}>
                  {document.title} ({formatDate(document.documentDate)})
                </option>
              ))}
            </select>
          </FieldShell>
        )}
      </div>
    </FormFrame>
  );
}

function PurposeHint({ control }: { control: Control<LogValues, unknown, unknown> }) {
  const purpose = useWatch({ control, name: 'purpose' });
  return <span data-testid="purpose-hint">{purpose in PURPOSE_RULES ? purposeHint(purpose as Purpose) : 'Decides the authorization needed and the accounting'}</span>;
}

function DueHint({ control }: { control: Control<LogValues, unknown, unknown> }) {
  const received = useWatch({ control, name: 'receivedOn' });
  return <span data-testid="due-hint">{isIsoDate(received) ? `Due ${formatDate(dueDateFor(received))} (30 days)` : 'Due 30 days after receipt'}</span>;
}

// ---------------------------------------------------------------- Answering a request

export function ReleaseForm({ request, onDone, onCancel }: FormProps & { request: RecordRequest }) {
  const form = useRequestForm({
    schema: recordRequestReleaseInput,
    defaultValues: { id: request.id, releasedOn: localIsoDate(), releasedVia: '', releasedWhat: '' },
    fields: ['releasedWhat', 'releasedVia', 'releasedOn'],
    idPrefix: `release-${request.id}`,
    unsavedMessage: 'This release has not been recorded yet.',
    send: (values) => call('recordRequests.release', values),
    onDone: (released) => onDone(released, 'Release recorded.'),
    onCancel,
  });
  const { register } = form.form;
  const f = form.field;
  return (
    <FormFrame form={form.chrome} title="Record the release" submitLabel="Record release" testId="release-form">
      <div className="form-grid form-grid-3">
        <FieldShell {...f('releasedWhat').shell} label="What was sent" required hint="e.g. Visit notes 2025, 12 pages">
          <input {...f('releasedWhat').control} {...register('releasedWhat')} autoComplete="off" maxLength={2000} autoFocus />
        </FieldShell>
        <FieldShell {...f('releasedVia').shell} label="How" required>
          <select {...f('releasedVia').control} {...register('releasedVia')}>
            <option value="">Choose…</option>
            {RELEASE_METHODS.map((method) => (
              <option key={method} value={method}>
                {RELEASE_METHOD_LABELS[method]}
              </option>
            ))}
          </select>
        </FieldShell>
        <FieldShell {...f('releasedOn').shell} label="Sent on" required>
          <input {...f('releasedOn').control} {...register('releasedOn')} type="date" min={request.receivedOn} max={localIsoDate()} />
        </FieldShell>
      </div>
    </FormFrame>
  );
}

export function ExtendForm({ request, onDone, onCancel }: FormProps & { request: RecordRequest }) {
  const form = useRequestForm({
    schema: recordRequestExtendInput,
    defaultValues: { id: request.id, reason: '' },
    fields: ['reason'],
    idPrefix: `extend-${request.id}`,
    unsavedMessage: 'The extension has not been saved.',
    send: (values) => call('recordRequests.extend', values),
    onDone: (extended) => onDone(extended, `Extended: now due ${formatDate(extended.effectiveDueOn)}. Tell the requester why, in writing.`),
    onCancel,
  });
  const f = form.field;
  return (
    <FormFrame form={form.chrome} title="Extend by 30 days (once)" submitLabel="Extend" testId="extend-form">
      <FieldShell {...f('reason').shell} label="Reason for the delay" required hint="Sent to the requester in writing; at least 10 characters">
        <input {...f('reason').control} {...form.form.register('reason')} autoComplete="off" maxLength={1000} autoFocus />
      </FieldShell>
    </FormFrame>
  );
}

export function DenyForm({ request, onDone, onCancel }: FormProps & { request: RecordRequest }) {
  const form = useRequestForm({
    schema: recordRequestDenyInput,
    defaultValues: { id: request.id, reason: '' },
    fields: ['reason'],
    idPrefix: `deny-${request.id}`,
    unsavedMessage: 'The denial has not been saved.',
    send: (values) => call('recordRequests.deny', values),
    onDone: (denied) => onDone(denied, 'Request denied.'),
    onCancel,
  });
  const f = form.field;
  return (
    <FormFrame form={form.chrome} title="Deny the request" submitLabel="Deny request" testId="deny-form">
      <FieldShell {...f('reason').shell} label="Reason for the denial" required hint="At least 10 characters">
        <input {...f('reason').control} {...form.form.register('reason')} autoComplete="off" maxLength={1000} autoFocus />
      </FieldShell>
    </FormFrame>
  );
}

export function WithdrawForm({ request, onDone, onCancel }: FormProps & { request: RecordRequest }) {
  const form = useRequestForm({
    schema: recordRequestWithdrawInput,
    defaultValues: { id: request.id, note: '' },
    fields: ['note'],
    idPrefix: `withdraw-${request.id}`,
    unsavedMessage: 'The withdrawal has not been saved.',
    send: (values) => call('recordRequests.withdraw', values),
    onDone: (withdrawn) => onDone(withdrawn, 'Request withdrawn.'),
    onCancel,
  });
  const f = form.field;
  return (
    <FormFrame form={form.chrome} title="The requester withdrew the request" submitLabel="Mark withdrawn" testId="withdraw-form">
      <FieldShell {...f('note').shell} label="Note" hint="Optional: how and when they withdrew it">
        <input {...f('note').control} {...form.form.register('note')} autoComplete="off" maxLength={1000} autoFocus />
      </FieldShell>
    </FormFrame>
  );
}
