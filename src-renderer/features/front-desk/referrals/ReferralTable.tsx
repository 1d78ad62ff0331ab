import type { ReactNode } from 'react';
import type { Referral } from '../../../../src-shared/referrals/schema';
import { REFERRAL_DIRECTION_LABELS } from '../../../../src-shared/referrals/status';
import { formatDate } from '../../../lib/format';
import { ExpandableRow, ItemsTable } from '../../admin/table';
import { OtherPartyCell, OverdueBadge, PatientCell, ReasonCell, ReportDueCell, StatusPill } from './referral-labels';
import { ReferralPanel } from './ReferralPanel';

export type ReferralView = 'outgoing' | 'incoming' | 'overdue' | 'chart';

interface Column {
  heading: string;
  cell(referral: Referral): ReactNode;
}

const referred: Column = { heading: 'Referred', cell: (r) => <span className="nowrap">{formatDate(r.referredOn)}</span> };
const patient: Column = { heading: 'Patient', cell: (r) => <PatientCell referral={r} /> };
const reason: Column = { heading: 'Reason', cell: (r) => <ReasonCell referral={r} /> };
const status: Column = { heading: 'Status', cell: (r) => <StatusPill status={r.status} /> };
const reportDue: Column = { heading: 'Report due', cell: (r) => <ReportDueCell referral={r} /> };
const appointment: Column = { heading: 'Appointment', cell: (r) => <span className="nowrap">{r.appointmentDate ? formatDate(r.appointmentDate) : '—'}</span> };
const other = (heading: string): Column => ({ heading, cell: (r) => <OtherPartyCell referral={r} /> });

const COLUMNS: Record<ReferralView, Column[]> = {
  outgoing: [referred, patient, other('Referred to'), reason, status, reportDue],
  incoming: [referred, patient, other('Referred by'), reason, status, appointment],
  overdue: [
    { heading: 'Overdue', cell: (r) => <OverdueBadge days={r.reportDue?.daysOverdue ?? 0} /> },
    patient,
    other('Referred to'),
    reason,
    { heading: 'Referred / sent', cell: (r) => <SentCell referral={r} /> },
    { heading: 'Report was due', cell: (r) => <span className="nowrap">{r.reportDue ? formatDate(r.reportDue.dueOn) : '—'}</span> },
  ],
  chart: [
    referred,
    { heading: 'Direction', cell: (r) => REFERRAL_DIRECTION_LABELS[r.direction] },
    other('To / from'),
    reason,
    status,
    { heading: 'Due / appointment', cell: (r) => (r.direction === 'outgoing' ? <ReportDueCell referral={r} /> : appointment.cell(r)) },
  ],
};

function SentCell({ referral }: { referral: Referral }) {
  return (
    <span className="nowrap">
      {formatDate(referral.referredOn)}
      <div className="hint">{referral.sentOn ? `sent ${formatDate(referral.sentOn)}` : 'not sent yet'}</div>
    </span>
  );
}

interface ReferralTableProps {
  items: readonly Referral[];
  view: ReferralView;
  today: string;
  openId: string | null;
  onToggle(id: string): void;
  onDone(referral: Referral, message: string): void;
  empty: ReactNode;
}

/** Referrals as rows; a row opens its panel (details and the next moves) under it. */
export function ReferralTable({ items, view, today, openId, onToggle, onDone, empty }: ReferralTableProps) {
  const columns = COLUMNS[view];
  return (
    <ItemsTable items={items} columns={columns.map((c) => c.heading)} actions className="referrals-table" testId="referrals-table" empty={empty}>
      {(referral) => {
        const overdue = (referral.reportDue?.daysOverdue ?? 0) > 0;
        const finished = referral.status === 'closed' || referral.status === 'cancelled';
        return (
          <ExpandableRow
            key={referral.id}
            className={overdue ? 'row-overdue' : finished ? 'row-muted' : undefined}
            data-testid="referral-row"
            data-referral-id={referral.id}
            data-status={referral.status}
            data-overdue={overdue}
            open={openId === referral.id}
            onToggle={() => onToggle(referral.id)}
            toggleLabel="Open"
            toggleTestId="toggle-referral"
            colSpan={columns.length + 1}
            panel={<ReferralPanel referral={referral} today={today} onDone={onDone} />}
          >
            {columns.map((column) => (
              <td key={column.heading}>{column.cell(referral)}</td>
            ))}
          </ExpandableRow>
        );
      }}
    </ItemsTable>
  );
}
