import { format, isToday, parseISO } from 'date-fns';
import { MESSAGE_KIND_LABELS, URGENCY_LABELS, type Message } from '../../../../src-shared/messages/schema';
import { formatDate, formatName, formatPhone } from '../../../lib/format';

/** What the list and the detail show for a message about a restricted chart the session may not open. */
export const HIDDEN_TEXT = 'About a restricted chart: open the chart (with a stated reason) to read it';

/** The reason, or for a restricted chart the session may not open, what kind of thing it is. */
export const subjectOf = (message: Message) => message.subject ?? `${MESSAGE_KIND_LABELS[message.kind]} about a restricted chart`;

/** "Lopez, Maria", or "Restricted patient"; null when no patient is linked. */
export function patientLabel(message: Message): string | null {
  if (message.patientId === null) return null;
  return message.patient ? formatName(message.patient) : 'Restricted patient';
}

/** The line under the reason: who called (and their number), and about whom. */
export function aboutLine(message: Message): string {
  const patient = patientLabel(message);
  const caller = message.callerName ? `${message.callerName}${message.callbackPhone ? `, ${formatPhone(message.callbackPhone)}` : ''}` : null;
  return [caller, patient && caller !== patient ? `re ${patient}` : null].filter(Boolean).join(' · ');
}

/** "10:04 AM" today, else "03/02 10:04 AM". */
export function shortInstant(iso: string): string {
  const date = parseISO(iso);
  return isToday(date) ? format(date, 'h:mm a') : format(date, 'MM/dd h:mm a');
}

export const dueLabel = (message: Pick<Message, 'dueDate'>) => (message.dueDate ? formatDate(message.dueDate) : '—');

export function UrgencyBadge({ message }: { message: Pick<Message, 'urgency' | 'overdue'> }) {
  return (
    <span className="message-badges">
      {message.overdue && <span className="badge message-badge badge-overdue">Overdue</span>}
      <span className={`badge message-badge urgency-${message.urgency}`}>{URGENCY_LABELS[message.urgency]}</span>
    </span>
  );
}
