import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { PERMISSIONS, type Permission } from '../../../src-shared/auth/permissions';
import { localIsoDate, parseDateInput } from '../../../src-shared/validation/dates';
import { formatDate, formatInstant } from '../../lib/format';
import { call } from '../../lib/rpc';
import { PERMISSION_LABELS } from '../auth/Forbidden';
import { Loaded } from './Loaded';
import { ItemsTable } from './table';
import { useLoad } from './useLoad';

const DAY_MS = 86_400_000;

const permissionLabel = (p: string | null) =>
  p && (PERMISSIONS as readonly string[]).includes(p) ? `Permission: ${PERMISSION_LABELS[p as Permission]}` : `Permission: ${p ?? 'unknown'}`;

/** Every emergency access in a date range: who, when, which chart or permission, and why. */
export function BreakGlassReportPage() {
  const [range, setRange] = useState(() => ({ from: localIsoDate(new Date(Date.now() - 30 * DAY_MS)), to: '' }));
  const [from, setFrom] = useState(() => formatDate(range.from));
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [result] = useLoad(() => call('audit.breakGlassReport', { ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) }), `${range.from}|${range.to}`);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const f = from.trim() === '' ? '' : parseDateInput(from);
    const t = to.trim() === '' ? '' : parseDateInput(to);
    if (f === null || t === null) {
      setError('Enter dates as MM/DD/YYYY or YYYY-MM-DD, or leave blank');
      return;
    }
    setError(null);
    setRange({ from: f, to: t });
  };

  return (
    <section className="page page-wide" aria-labelledby="bg-title" data-testid="break-glass-report">
      <h1 id="bg-title">Break-glass report</h1>
      <p className="subtle">Every emergency access: review each reason. Newest first.</p>
      <form className="filter-bar" noValidate onSubmit={submit}>
        <label>
          From <input value={from} onChange={(e) => setFrom(e.target.value)} placeholder="MM/DD/YYYY" data-testid="report-from" />
        </label>
        <label>
          To <input value={to} onChange={(e) => setTo(e.target.value)} placeholder="up to now" data-testid="report-to" />
        </label>
        <button type="submit">Show</button>
        {error && (
          <span className="error-text" role="alert">
            {error}
          </span>
        )}
      </form>
      <Loaded result={result}>
        {({ items }) => (
          <ItemsTable
            items={items}
            columns={['When', 'User', 'Chart or permission', 'Reason', 'Workstation']}
            testId="report-table"
            empty={
              <p className="notice" data-testid="report-empty">
                No emergency access in this period.
              </p>
            }
          >
            {(entry, index) => (
              <tr key={`${entry.at}-${index}`} data-testid="report-row">
                <td className="nowrap">{formatInstant(entry.at)}</td>
                <td>{entry.username ?? <span className="none">unknown</span>}</td>
                <td>
                  {entry.target === 'patient' && entry.patientId ? (
                    <Link href={`~/patients/${entry.patientId}`} data-testid="report-chart">
                      {entry.patientLabel ?? 'Chart'}
                    </Link>
                  ) : (
                    permissionLabel(entry.permission)
                  )}
                </td>
                <td className="reason" data-testid="report-reason">
                  {entry.reason}
                </td>
                <td className="mono">{entry.workstation}</td>
              </tr>
            )}
          </ItemsTable>
        )}
      </Loaded>
    </section>
  );
}
