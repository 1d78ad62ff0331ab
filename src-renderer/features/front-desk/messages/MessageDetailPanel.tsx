import type { ReactNode, RefObject } from 'react';
import { Link } from 'wouter';
import { MESSAGE_KIND_LABELS, MESSAGE_STATUS_LABELS, type Message, type MessageDetail, type MessageHistoryEntry } from '../../../../src-shared/messages/schema';
import type { RpcResult } from '../../../../src-shared/rpc/errors';
import { formatDate, formatInstant, formatPhone } from '../../../lib/format';
import { Loaded } from '../../admin/Loaded';
import { canFinish, canReopen, canRoute, canStart, type MessageActions } from './message-actions';
import { dueLabel, HIDDEN_TEXT, patientLabel, subjectOf, UrgencyBadge } from './message-labels';

interface MessageDetailPanelProps {
  detail: RpcResult<MessageDetail> | null;
  actions: MessageActions;
  onClose(): void;
  headingRef: RefObject<HTMLHeadingElement | null>;
}

/** One message in full, its buttons (with their keys) and its history. */
export function MessageDetailPanel({ detail, actions, onClose, headingRef }: MessageDetailPanelProps) {
  return (
    <aside className="message-detail" aria-labelledby="message-detail-title" data-testid="message-detail">
      <Loaded result={detail}>
        {({ message, history }) => (
          <>
            <div className="message-detail-head">
              <h2 id="message-detail-title" ref={headingRef} tabIndex={-1} data-testid="message-detail-subject">
                {subjectOf(message)}
              </h2>
              <button type="button" className="link-button" onClick={onClose} aria-label="Close the message" data-testid="message-detail-close">
                Close <kbd>Esc</kbd>
              </button>
            </div>
            <p className="message-detail-state">
              <span className="subtle">{MESSAGE_KIND_LABELS[message.kind]}</span> <UrgencyBadge message={message} />{' '}
              <span className="badge message-badge status-badge" data-testid="message-detail-status">
                {MESSAGE_STATUS_LABELS[message.status]}
              </span>
            </p>
            {message.hidden && <p className="banner banner-warning">{HIDDEN_TEXT}.</p>}
            <MessageFacts message={message} />
            <DetailButtons message={message} actions={actions} />
            <h3 className="message-history-title">History</h3>
            <ol className="message-history" data-testid="message-history">
              {history.map((entry, index) => (
                <li key={index} data-testid="message-history-entry">
                  <span className="message-history-when">{formatInstant(entry.at)}</span> {historyText(entry)}
                </li>
              ))}
            </ol>
          </>
        )}
      </Loaded>
    </aside>
  );
}

type Fact = [label: string, value: ReactNode];

function MessageFacts({ message }: { message: Message }) {
  const patient = patientLabel(message);
  const facts: (Fact | null)[] = [
    message.callerName ? ['Caller', message.callerName] : null,
    message.callbackPhone ? ['Call back on', <span className="mono">{formatPhone(message.callbackPhone)}</span>] : null,
    patient ? ['Patient', <PatientLink message={message} label={patient} />] : null,
    ['For', `${message.recipient.name}${message.recipient.disabled ? ' (no longer active)' : ''}`],
    ['Due', dueLabel(message)],
    ['Taken', `${formatInstant(message.takenAt)}${message.takenBy ? ` by ${message.takenBy.displayName}` : ''}`],
  ];
  return (
    <>
      <dl className="message-facts" data-testid="message-facts">
        {facts
          .filter((fact) => fact !== null)
          .map(([label, value]) => (
            <div key={label} className="message-fact">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {message.body && (
        <p className="message-body" data-testid="message-detail-body">
          {message.body}
        </p>
      )}
      {message.outcome && (
        <p className="message-outcome" data-testid="message-detail-outcome">
          <strong>Outcome:</strong> {message.outcome}
          {message.doneBy && message.doneAt && <span className="subtle"> ({message.doneBy.displayName}, {formatInstant(message.doneAt)})</span>}
        </p>
      )}
    </>
  );
}

/** The chart (a restricted one asks for a reason there), with its MRN and date of birth when shown. */
function PatientLink({ message, label }: { message: Message; label: string }) {
  return (
    <>
      <Link href={`~/patients/${message.patientId}`} data-testid="message-detail-patient">
        {label}
      </Link>
      {message.patient && (
        <span className="subtle">
          {' '}
          · <span className="mono">{message.patient.mrn}</span> · {formatDate(message.patient.dateOfBirth)}
        </span>
      )}
    </>
  );
}

function DetailButtons({ message, actions }: { message: Message; actions: MessageActions }) {
  return (
    <div className="actions message-detail-actions">
      {canStart(message) && (
        <button type="button" onClick={() => actions.start(message)} data-testid="message-start">
          Start <kbd>S</kbd>
        </button>
      )}
      {canFinish(message) && (
        <button type="button" className="primary" onClick={() => actions.finish(message)} data-testid="message-done">
          Done… <kbd>D</kbd>
        </button>
      )}
      {canRoute(message) && (
        <button type="button" onClick={() => actions.route(message)} data-testid="message-route">
          Route to… <kbd>R</kbd>
        </button>
      )}
      {canReopen(message) && (
        <button type="button" onClick={() => actions.reopen(message)} data-testid="message-reopen">
          Reopen <kbd>O</kbd>
        </button>
      )}
    </div>
  );
}

function historyText(entry: MessageHistoryEntry): string {
  const by = entry.by?.displayName ?? 'Someone';
  switch (entry.event) {
    case 'taken':
      return `${by} took it for ${entry.to?.name ?? 'someone'}`;
    case 'routed':
      return `${by} routed it to ${entry.to?.name ?? 'someone'}`;
    case 'started':
      return `${by} started it`;
    case 'done':
      return `${by} marked it done${entry.outcome ? `: ${entry.outcome}` : ''}`;
    case 'reopened':
      return `${by} reopened it`;
  }
}
