import type { RpcError } from '../../../../src-shared/rpc/errors';
import { LOCKED_MESSAGE } from '../../../lib/forms';

/** Each `details.reason` of a front-desk refusal in plain words, as the heading of the service's message. */
const REASON_HEADINGS: Record<string, string> = {
  not_today: 'Not today',
  appointment_cancelled: 'Cancelled',
  appointment_no_show: 'No-show',
  appointment_rescheduled: 'Rescheduled',
  already_checked_in: 'Already checked in',
  coverage_not_active: 'Coverage not in effect',
  idempotency_key_reused: 'Sent before with other details',
  not_checked_in: 'Not checked in',
  not_same_day: 'Not the same day',
  illegal_transition: 'Too late to undo',
  time_zone_not_set: 'Clinic time zone not set',
};

export interface Refusal {
  heading: string | null;
  message: string;
  /** 'nothing': the service (or the locked screen) refused it. 'unknown': the answer was lost, and the request may have arrived. */
  changed: 'nothing' | 'unknown';
}

export function describeRefusal(error: Pick<RpcError, 'code' | 'message' | 'details'>): Refusal {
  if (error.code === 'UNAUTHENTICATED') return { heading: null, message: LOCKED_MESSAGE, changed: 'nothing' };
  const reason = (error.details as { reason?: unknown } | undefined)?.reason;
  const heading = (typeof reason === 'string' && REASON_HEADINGS[reason]) || null;
  return { heading, message: error.message, changed: error.code === 'INTERNAL' ? 'unknown' : 'nothing' };
}

/** "Cancelled: This appointment was cancelled: …" as one line (a message in a field or a status line). */
export function refusalText(error: Pick<RpcError, 'code' | 'message' | 'details'>): string {
  const { heading, message } = describeRefusal(error);
  return heading ? `${heading}. ${message}` : message;
}

const endsSentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/**
 * A refusal of the whole request: what did not happen, why in plain words, and that nothing
 * changed; when the answer was lost instead, that sending again is safe (a request that did arrive
 * is found again, never made twice).
 */
export function RefusalBanner({ what, refusal, testId }: { what: string; refusal: Refusal; testId: string }) {
  return (
    <p className="banner banner-error" role="alert" data-testid={testId}>
      <strong>
        {what}
        {refusal.heading ? ` — ${refusal.heading}.` : '.'}
      </strong>{' '}
      {endsSentence(refusal.message)}
      {refusal.changed === 'nothing' ? ' Nothing was changed.' : ' Try again when it is back: what did arrive is not done twice.'}
    </p>
  );
}
