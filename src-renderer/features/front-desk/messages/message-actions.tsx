import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { canChangeMessageStatus, MAX_OUTCOME_LENGTH, NO_RECIPIENT_MESSAGE, type Message } from '../../../../src-shared/messages/schema';
import type { RpcError } from '../../../../src-shared/rpc/errors';
import { formKeys } from '../../../lib/forms';
import { call } from '../../../lib/rpc';
import { FieldShell } from '../../auth/fields';
import { FormActions } from '../../shell/FormActions';
import { ModalDialog } from '../../shell/ModalDialog';
import { RecipientSelect, recipientInput, recipientValue, useRecipients } from './recipients';

export interface Notice {
  text: string;
  error: boolean;
}

export interface MessageActions {
  /** S: new → in progress. */
  start(message: Message): void;
  /** D: asks for the outcome, then done. */
  finish(message: Message): void;
  /** O: done → in progress. */
  reopen(message: Message): void;
  /** R: asks whom to route it to. */
  route(message: Message): void;
  /** The open dialog, if any. */
  dialog: ReactNode;
  notice: Notice | null;
}

export const canStart = (m: Message) => m.status === 'new';
export const canFinish = (m: Message) => canChangeMessageStatus(m.status, 'done');
export const canReopen = (m: Message) => m.status === 'done';
export const canRoute = (m: Message) => m.status !== 'done';

const whatOf = (message: Message) => (message.kind === 'task' ? 'Task' : 'Message');

/** The status changes and routing of a message, from a key or a button; each refusal is said in `notice`. */
export function useMessageActions(onChanged: () => void): MessageActions {
  const [notice, setNotice] = useState<Notice | null>(null);
  const [finishing, setFinishing] = useState<Message | null>(null);
  const [routing, setRouting] = useState<Message | null>(null);
  const busy = useRef(false);

  const setStatus = async (message: Message, status: 'in_progress' | 'done', outcome: string | null, done: string): Promise<RpcError | null> => {
    if (busy.current) return null;
    busy.current = true;
    const result = await call('messages.setStatus', { id: message.id, status, outcome }).finally(() => {
      busy.current = false;
    });
    if (!result.ok) return result.error;
    setNotice({ text: `${whatOf(message)} ${done}.`, error: false });
    onChanged();
    return null;
  };
  const quietly = (message: Message, status: 'in_progress', done: string) =>
    void setStatus(message, status, null, done).then((error) => error && setNotice({ text: error.message, error: true }));

  return {
    start: (message) => canStart(message) && quietly(message, 'in_progress', 'started'),
    reopen: (message) => canReopen(message) && quietly(message, 'in_progress', 'reopened'),
    finish: (message) => canFinish(message) && setFinishing(message),
    route: (message) => canRoute(message) && setRouting(message),
    notice,
    dialog: finishing ? (
      <OutcomeDialog
        message={finishing}
        onSave={async (outcome) => {
          const error = await setStatus(finishing, 'done', outcome, 'done');
          if (!error) setFinishing(null);
          return error;
        }}
        onClose={() => setFinishing(null)}
      />
    ) : routing ? (
      <RouteDialog
        message={routing}
        onRouted={(text) => {
          setRouting(null);
          setNotice({ text, error: false });
          onChanged();
        }}
        onClose={() => setRouting(null)}
      />
    ) : null,
  };
}

/** A small dialog with one form: Enter saves, Esc closes. */
function ActionDialog({ title, testId, children, submitLabel, submitting, onSubmit, onClose }: {
  title: string;
  testId: string;
  children: ReactNode;
  submitLabel: string;
  submitting: boolean;
  onSubmit(): void;
  onClose(): void;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <ModalDialog className="overlay message-action-dialog" aria-labelledby={`${testId}-title`} data-testid={testId} onEscape={onClose}>
      <div className="overlay-panel">
        <h2 id={`${testId}-title`}>{title}</h2>
        <form noValidate onSubmit={submit} onKeyDown={formKeys(onClose)}>
          {children}
          <FormActions submitLabel={submitLabel} submitting={submitting} onCancel={onClose} testId={`${testId}-save`} />
        </form>
      </div>
    </ModalDialog>
  );
}

function OutcomeDialog({ message, onSave, onClose }: { message: Message; onSave(outcome: string): Promise<RpcError | null>; onClose(): void }) {
  const [outcome, setOutcome] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const save = async () => {
    setSubmitting(true);
    const refused = await onSave(outcome).finally(() => setSubmitting(false));
    if (refused) setError(refused.fields?.outcome ?? refused.message);
  };
  return (
    <ActionDialog title={`${whatOf(message)} done`} testId="message-outcome-dialog" submitLabel="Mark done" submitting={submitting} onSubmit={() => void save()} onClose={onClose}>
      <FieldShell id="message-outcome" label="Outcome" required error={error ?? undefined} hint="What was done: called back, refill sent, left a voicemail…">
        <input
          id="message-outcome"
          type="text"
          autoComplete="off"
          autoFocus
          maxLength={MAX_OUTCOME_LENGTH}
          value={outcome}
          onChange={(e) => setOutcome(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby="message-outcome-error message-outcome-hint"
          data-testid="message-outcome"
        />
      </FieldShell>
    </ActionDialog>
  );
}

function RouteDialog({ message, onRouted, onClose }: { message: Message; onRouted(text: string): void; onClose(): void }) {
  const recipients = useRecipients();
  const [recipient, setRecipient] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const inFlight = useRef(false);
  const route = async () => {
    const chosen = recipientInput(recipient);
    if (!chosen) return setError(NO_RECIPIENT_MESSAGE);
    if (inFlight.current) return;
    inFlight.current = true;
    setSubmitting(true);
    const result = await call('messages.reassign', { id: message.id, recipient: chosen }).finally(() => {
      inFlight.current = false;
      setSubmitting(false);
    });
    if (result.ok) onRouted(`${whatOf(message)} routed to ${result.value.recipient.name}.`);
    else setError(result.error.fields?.recipient ?? result.error.message);
  };
  return (
    <ActionDialog title={`Route to someone else (now for ${message.recipient.name})`} testId="message-route-dialog" submitLabel="Route" submitting={submitting} onSubmit={() => void route()} onClose={onClose}>
      <RecipientSelect
        id="message-route-recipient"
        label="Route to"
        recipients={recipients}
        error={error ?? undefined}
        except={recipientValue(message.recipient)}
        autoFocus
        value={recipient}
        onChange={(e) => setRecipient(e.target.value)}
        data-testid="message-route-recipient"
      />
    </ActionDialog>
  );
}
