import { Link } from 'wouter';
import type { Referral } from '../../../../src-shared/referrals/schema';
import { REFERRAL_STATUS_LABELS, type ReferralStatus } from '../../../../src-shared/referrals/status';
import { formatDate, formatName } from '../../../lib/format';
import { LockIcon } from '../../shell/LockIcon';

const STATUS_PILLS: Record<ReferralStatus, string> = {
  open: 'pill pill-open',
  sent: 'pill pill-open',
  scheduled: 'pill pill-open',
  report_received: 'pill pill-ok',
  closed: 'pill pill-muted',
  cancelled: 'pill pill-muted',
};

export function StatusPill({ status }: { status: ReferralStatus }) {
  return (
    <span className={STATUS_PILLS[status]} data-testid="referral-status">
      {REFERRAL_STATUS_LABELS[status]}
    </span>
  );
}

/** Shown where a restricted chart's referral keeps its who and why from this user. */
export const HIDDEN = <span className="none">hidden</span>;

/** The patient, linked to the chart's referrals; a restricted chart this user may not open says only that. */
export function PatientCell({ referral }: { referral: Referral }) {
  const href = `~/patients/${referral.patientId}/referrals`;
  const patient = referral.detail?.patient;
  if (!patient)
    return (
      <Link href={href} data-testid="referral-patient">
        <LockIcon /> Restricted chart
      </Link>
    );
  return (
    <>
      <Link href={href} data-testid="referral-patient">
        {formatName(patient)}
      </Link>
      {referral.restricted && <LockIcon className="result-lock" />}
      <div className="hint">
        <span className="mono">{patient.mrn}</span> · born {formatDate(patient.dateOfBirth)}
      </div>
    </>
  );
}

/** The other side: the provider's name, and their organisation under it. */
export function OtherPartyCell({ referral }: { referral: Referral }) {
  if (!referral.detail) return HIDDEN;
  return (
    <>
      <strong>{referral.detail.otherName}</strong>
      {referral.detail.otherOrganization && <div className="hint">{referral.detail.otherOrganization}</div>}
    </>
  );
}

/** The reason, and its diagnosis codes. */
export function ReasonCell({ referral }: { referral: Referral }) {
  if (!referral.detail) return HIDDEN;
  return (
    <>
      <span className="referral-reason">{referral.detail.reason}</span>
      {referral.detail.diagnoses.length > 0 && <div className="hint mono">{referral.detail.diagnoses.join(', ')}</div>}
    </>
  );
}

/** When the report is due, and how late it is: "12 days overdue" stands out. */
export function ReportDueCell({ referral }: { referral: Referral }) {
  const due = referral.reportDue;
  if (!due) return <span className="hint">{referral.reportReceivedOn ? `Report ${formatDate(referral.reportReceivedOn)}` : '—'}</span>;
  return (
    <div className="due-cell">
      <span className="nowrap">{formatDate(due.dueOn)}</span>
      {due.daysOverdue > 0 && <OverdueBadge days={due.daysOverdue} />}
    </div>
  );
}

export function OverdueBadge({ days }: { days: number }) {
  return (
    <span className="pill pill-danger nowrap" data-testid="referral-days-overdue">
      {days === 1 ? '1 day overdue' : `${days} days overdue`}
    </span>
  );
}
