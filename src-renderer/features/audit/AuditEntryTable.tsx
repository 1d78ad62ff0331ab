import { Link } from 'wouter';
import type { AuditEntryView } from '../../../src-shared/audit/schema';
import { formatInstant } from '../../lib/format';
import { TableHead } from '../admin/table';
import { describeDetail, describeRecord } from './describe';

function RecordCell({ entry }: { entry: AuditEntryView }) {
  const record = entry.record;
  if (record?.type !== 'patient') return <>{describeRecord(entry)}</>;
  return (
    <Link href={`~/patients/${record.id}`} data-testid="audit-record">
      {record.label ?? 'Unknown patient'}
      {record.mrn && <span className="mono audit-mrn"> {record.mrn}</span>}
    </Link>
  );
}

/** Audit entries as a table, newest first; `showRecord` off where every entry is about the same chart. */
export function AuditEntryTable({ entries, showRecord = true }: { entries: readonly AuditEntryView[]; showRecord?: boolean }) {
  const columns = ['When', 'User', 'Action', ...(showRecord ? ['Record'] : []), 'Details', 'Workstation'];
  return (
    <table className="table audit-table" data-testid="audit-table">
      <TableHead columns={columns} />
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.id} data-testid="audit-row" data-action={entry.action} className={entry.flagged ? 'audit-flagged' : undefined}>
            <td className="nowrap">{formatInstant(entry.at)}</td>
            <td data-testid="audit-user">{entry.userName ?? <span className="none">no user</span>}</td>
            <td data-testid="audit-action">
              {entry.actionLabel}
              {entry.flagged && <span className="badge audit-flag">flagged</span>}
            </td>
            {showRecord && (
              <td>
                <RecordCell entry={entry} />
              </td>
            )}
            <td className="reason" data-testid="audit-detail">
              {describeDetail(entry)}
            </td>
            <td className="mono">{entry.workstation}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
