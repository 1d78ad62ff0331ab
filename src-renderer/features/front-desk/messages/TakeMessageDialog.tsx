import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { MAX_BODY_LENGTH, MESSAGE_KIND_LABELS, NO_RECIPIENT_MESSAGE, URGENCIES, URGENCY_LABELS, type Message, type MessageKind, type Urgency } from '../../../../src-shared/messages/schema';
import { askConfirm } from '../../../lib/confirm';
import { formatPhone } from '../../../lib/format';
import { formKeys, formSummary, showRefusal } from '../../../lib/forms';
import { useLeaveGuard } from '../../../lib/navigation';
import { call } from '../../../lib/rpc';
import { FieldShell, fieldAriaOf } from '../../auth/fields';
import { PatientPicker, type ChosenPatient } from '../../schedule/PatientPicker';
import { FormActions } from '../../shell/FormActions';
import { ModalDialog } from '../../shell/ModalDialog';
import { RecipientSelect, recipientInput, useRecipients } from './recipients';

interface MessageValues {
  callerName: string;
  callbackPhone: string;
  subject: string;
  body: string;
  urgency: Urgency;
  recipient: string;
  dueDate: string;
}
const FIELDS = ['callerName', 'callbackPhone', 'subject', 'body', 'urgency', 'recipient', 'dueDate'] as const;

interface TakeMessageDialogProps {
  kind: MessageKind;
  /** The clinic's today: the earliest due date. */
  today: string;
  onClose(saved: Message | null): void;
}

/**
 * "Take a message": caller, callback number, patient, reason, details, for whom, urgency, due date;
 * or a task (no caller or callback number). Enter saves; Esc asks before discarding.
 */
export function TakeMessageDialog({ kind, today, onClose }: TakeMessageDialogProps) {
  const recipients = useRecipients();
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    setFocus,
    getFieldState,
    formState: { errors, isDirty, isSubmitting, submitCount },
  } = useForm<MessageValues>({
    defaultValues: { callerName: '', callbackPhone: '', subject: '', body: '', urgency: 'routine', recipient: '', dueDate: '' },
  });
  const [patient, setPatient] = useState<ChosenPatient | null>(null);
  const [patientError, setPatientError] = useState<string | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  const inFlight = useRef(false);
  const isTask = kind === 'task';
  const what = isTask ? 'task' : 'message';
  const unsaved = `This ${what} has not been saved.`;
  useLeaveGuard(isDirty || patient !== null, unsaved);
  // After the dialog opened (its effect runs first): the caller for a message, the reason for a task.
  useEffect(() => setFocus(isTask ? 'subject' : 'callerName'), [isTask, setFocus]);

  const choosePatient = (chosen: ChosenPatient | null) => {
    setPatient(chosen);
    setPatientError(null);
    // The chart's number, unless one was typed already (a task has no callback number).
    if (!isTask && chosen?.phone && !getFieldState('callbackPhone').isDirty) setValue('callbackPhone', formatPhone(chosen.phone));
  };

  const save = async (values: MessageValues) => {
    const recipient = recipientInput(values.recipient);
    if (!recipient) return setError('recipient', { type: 'required', message: NO_RECIPIENT_MESSAGE }, { shouldFocus: true });
    if (inFlight.current) return;
    inFlight.current = true;
    setGeneral(null);
    const result = await call('messages.create', {
      kind,
      callerName: isTask ? null : values.callerName,
      patientId: patient?.id ?? null,
      callbackPhone: isTask ? null : values.callbackPhone,
      subject: values.subject,
      body: values.body,
      urgency: values.urgency,
      recipient,
      dueDate: values.dueDate,
    }).finally(() => {
      inFlight.current = false;
    });
    if (result.ok) return onClose(result.value);
    if (result.error.fields?.patientId) setPatientError(result.error.fields.patientId);
    setGeneral(showRefusal(result.error, FIELDS, setError));
  };

  const leave = async () => {
    const discard = { title: `Discard this ${what}?`, message: unsaved, confirmLabel: 'Discard', cancelLabel: 'Keep editing' };
    if ((isDirty || patient) && !(await askConfirm(discard))) return;
    onClose(null);
  };

  const aria = fieldAriaOf<keyof MessageValues>('message-', errors);
  const field = (name: keyof MessageValues) => ({
    ...aria(name),
    'data-testid': `message-${name}`,
  });
  const summary = formSummary(general, errors, submitCount);
  // A task starts with what is to be done; a message with who called.
  const reason = (
    <div className="message-wide">
      <FieldShell id="message-subject" label="Reason" required error={errors.subject?.message} hint={isTask ? 'What is to be done' : 'Why they called, in a few words'}>
        <input type="text" autoComplete="off" {...field('subject')} {...register('subject')} />
      </FieldShell>
    </div>
  );

  return (
    <ModalDialog className="overlay take-message-dialog" aria-labelledby="take-message-title" data-testid="take-message-dialog" onEscape={() => void leave()}>
      <div className="overlay-panel">
        <h2 id="take-message-title">{isTask ? 'New task' : 'Take a message'}</h2>
        {summary && (
          <p className="banner banner-error" role="alert" data-testid="take-message-error">
            {summary}
          </p>
        )}
        <form className="take-message-form" noValidate onSubmit={(e) => void handleSubmit(save)(e)} onKeyDown={formKeys(() => void leave())} data-testid="take-message-form">
          <div className="form-grid">
            {isTask ? (
              reason
            ) : (
              <>
                <FieldShell id="message-callerName" label="Caller" required error={errors.callerName?.message} hint="Who called (and who they are to the patient)">
                  <input type="text" autoComplete="off" {...field('callerName')} {...register('callerName')} />
                </FieldShell>
                <FieldShell id="message-callbackPhone" label="Callback number" error={errors.callbackPhone?.message} hint={patient?.phone ? 'From the chart; change it if they gave another' : undefined}>
                  <input type="tel" autoComplete="off" {...field('callbackPhone')} {...register('callbackPhone')} />
                </FieldShell>
              </>
            )}
            <div className="message-wide">
              <PatientPicker patient={patient} onChange={choosePatient} error={patientError} testId="message" />
            </div>
            {!isTask && reason}
            <div className="message-wide">
              <FieldShell id="message-body" label="Details" error={errors.body?.message} hint="Ctrl+Enter saves from here">
                <textarea rows={2} maxLength={MAX_BODY_LENGTH} {...field('body')} {...register('body')} />
              </FieldShell>
            </div>
            <div className="message-wide message-routing">
              <RecipientSelect id="message-recipient" label="For" recipients={recipients} error={errors.recipient?.message} data-testid="message-recipient" {...register('recipient')} />
              <FieldShell id="message-urgency" label="Urgency" error={errors.urgency?.message}>
                <select {...field('urgency')} {...register('urgency')}>
                  {URGENCIES.map((urgency) => (
                    <option key={urgency} value={urgency}>
                      {URGENCY_LABELS[urgency]}
                    </option>
                  ))}
                </select>
              </FieldShell>
              <FieldShell id="message-dueDate" label="Due" error={errors.dueDate?.message} hint="Optional">
                <input type="date" min={today} {...field('dueDate')} {...register('dueDate')} />
              </FieldShell>
            </div>
          </div>
          <FormActions submitLabel={`Save ${MESSAGE_KIND_LABELS[kind].toLowerCase()}`} submitting={isSubmitting} onCancel={() => void leave()} testId="take-message-save" />
        </form>
      </div>
    </ModalDialog>
  );
}
