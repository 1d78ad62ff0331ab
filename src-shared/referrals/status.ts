import { addDays, dayNumber } from '../scheduling/clinic-time';

/**
 * Referrals' directions and statuses, and the moves between them, shared by the service (which
 * refuses any other move) and the screens (which offer only these).
 *
 * Outgoing: open (logged) → sent → scheduled (the appointment date with the other provider) →
 * report received → closed. The desk may skip ahead (a report that came before anyone marked the
 * referral sent still counts), and may record a new appointment date while scheduled.
 * Incoming: open (received) → scheduled (the patient's visit here) → closed.
 * Either is cancelled, with a reason, until it is closed.
 */
export const REFERRAL_DIRECTIONS = ['outgoing', 'incoming'] as const;
export type ReferralDirection = (typeof REFERRAL_DIRECTIONS)[number];

export const REFERRAL_STATUSES = ['open', 'sent', 'scheduled', 'report_received', 'closed', 'cancelled'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Still waiting for something (the referrals_open index holds these). */
export const ACTIVE_REFERRAL_STATUSES = ['open', 'sent', 'scheduled'] as const satisfies readonly ReferralStatus[];

/** Not closed or cancelled: what the desk still has to deal with (a received report is still to be closed). */
export const UNFINISHED_REFERRAL_STATUSES = [...ACTIVE_REFERRAL_STATUSES, 'report_received'] as const satisfies readonly ReferralStatus[];

export const REFERRAL_DIRECTION_LABELS: Readonly<Record<ReferralDirection, string>> = { outgoing: 'Outgoing', incoming: 'Incoming' };

export const REFERRAL_STATUS_LABELS: Readonly<Record<ReferralStatus, string>> = {
  open: 'Open',
  sent: 'Sent',
  scheduled: 'Scheduled',
  report_received: 'Report received',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

const NEXT_STATUSES: Readonly<Record<ReferralDirection, Readonly<Record<ReferralStatus, readonly ReferralStatus[]>>>> = {
  outgoing: {
    open: ['sent', 'scheduled', 'report_received', 'cancelled'],
    sent: ['scheduled', 'report_received', 'cancelled'],
    scheduled: ['scheduled', 'report_received', 'cancelled'],
    report_received: ['closed'],
    closed: [],
    cancelled: [],
  },
  incoming: {
    open: ['scheduled', 'closed', 'cancelled'],
    sent: [],
    scheduled: ['scheduled', 'closed', 'cancelled'],
    report_received: [],
    closed: [],
    cancelled: [],
  },
};

export function nextReferralStatuses(direction: ReferralDirection, from: ReferralStatus): readonly ReferralStatus[] {
  return NEXT_STATUSES[direction][from];
}

export function canChangeReferralStatus(direction: ReferralDirection, from: ReferralStatus, to: ReferralStatus): boolean {
  return NEXT_STATUSES[direction][from].includes(to);
}

export interface ReportDue {
  /** The day after which the referral is overdue. */
  dueOn: string;
  /** Whole days past `dueOn` (0 until then). */
  daysOverdue: number;
}

/**
 * When an outgoing referral's report is due: `reportDays` after it was sent (the clinic day it was
 * marked sent), or after it was referred while not sent yet. Null once nothing is awaited
 * (incoming, report received, closed, cancelled).
 */
export function reportDue(
  referral: { direction: ReferralDirection; status: ReferralStatus; referredOn: string; sentOn: string | null },
  reportDays: number,
  today: string,
): ReportDue | null {
  if (referral.direction !== 'outgoing' || !(ACTIVE_REFERRAL_STATUSES as readonly ReferralStatus[]).includes(referral.status)) return null;
  const dueOn = addDays(referral.sentOn ?? referral.referredOn, reportDays);
  return { dueOn, daysOverdue: Math.max(0, dayNumber(today) - dayNumber(dueOn)) };
}
