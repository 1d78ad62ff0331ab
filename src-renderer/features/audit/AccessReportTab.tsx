import { useState, type FormEvent } from 'react';
import { MAX_ACCESS_REPORT_ENTRIES } from '../../../src-shared/audit/schema';
import type { Patient } from '../../../src-shared/patients/schema';
import { formatDate, formatInstant, formatName } from '../../lib/format';
import { printAudited } from '../../lib/print';
import { call } from '../../lib/rpc';
import { useSession } from '../../lib/session';
import { Loaded } from '../admin/Loaded';
import { useLoad } from '../admin/useLoad';
import { AuditEntryTable } from './AuditEntryTable';

interface Period {
  from: string;
  to: string;
}

/**
 * The chart's access report: who viewed or changed this chart (views, changes, searches that
 * opened it, document opens, prints, releases, merges), newest first; printing it is audited.
 */
export function AccessReportTab({ patient }: { patient: Patient }) {
  const [typed, setTyped] = useState<Period>({ from: '', to: '' });
  const [period, setPeriod] = useState<Period>(typed);
  const [error, setError] = useState<string | null>(null);
  const userName = useSession((s) => s.info?.user.displayName ?? '');
  const clinicName = useSession((s) => s.info?.clinicName ?? s.clinicName);
  // Reloaded when the chart changes (an edit is an entry) and after a print (the print is one).
  const [result, reload] = useLoad(
    () =>
      call('audit.patientAccess', {
        patientId: patient.id,
        ...(period.from ? { from: period.from } : {}),
        ...(period.to ? { to: period.to } : {}),
      }),
    `${patient.id}|${patient.updatedAt}|${period.from}|${period.to}`,
  );

  const show = (event: FormEvent) => {
    event.preventDefault();
    if (typed.from && typed.to && typed.from > typed.to) return setError('The end date is before the start date');
    setError(null);
    setPeriod(typed);
  };

  const print = async (count: number) => {
    setError(null);
    const printed = await printAudited('access_report', patient.id, { count });
    if (!printed.ok) return setError(`Not printed: ${printed.error.message}`);
    reload();
  };

  return (
    <section className="access-report" aria-labelledby="access-title" data-testid="access-report">
      <div className="page-head">
        <div>
          <h2 id="access-title">Access report</h2>
          <p className="subtle">Who viewed or changed this chart, newest first.</p>
        </div>
        <div className="page-actions">
          <button
            type="button"
            className="primary"
            onClick={() => result?.ok && void print(result.value.items.length)}
            disabled={!result?.ok}
            data-testid="print-access-report"
          >
            Print
          </button>
        </div>
      </div>
      <form className="filter-bar" onSubmit={show} aria-label="Period">
        <label>
          From
          <input type="date" value={typed.from} onChange={(e) => setTyped({ ...typed, from: e.target.value })} data-testid="access-from" />
        </label>
        <label>
          To
          <input type="date" value={typed.to} onChange={(e) => setTyped({ ...typed, to: e.target.value })} data-testid="access-to" />
        </label>
        <button type="submit">Show</button>
        <span className="hint">Empty: since the chart was registered</span>
      </form>
      {error && (
        <p className="banner banner-error" role="alert" data-testid="access-error">
          {error}
        </p>
      )}
      <Loaded result={result}>
        {({ items, truncated }) => (
          <div className="print-sheet access-sheet">
            <header className="sheet-head print-only">
              {clinicName && <p className="sheet-clinic">{clinicName}</p>}
              <p className="sheet-title">Access report</p>
              <dl className="sheet-identity">
                <div>
                  <dt>Patient</dt>
                  <dd>{formatName(patient)}</dd>
                </div>
                <div>
                  <dt>Date of birth</dt>
                  <dd>{formatDate(patient.dateOfBirth)}</dd>
                </div>
                <div>
                  <dt>MRN</dt>
                  <dd className="mono">{patient.mrn}</dd>
                </div>
                <div>
                  <dt>Period</dt>
                  <dd>
                    {period.from ? formatDate(period.from) : 'Registration'} – {period.to ? formatDate(period.to) : 'today'}
                  </dd>
                </div>
                <div>
                  <dt>Printed</dt>
                  <dd>
                    {formatInstant(new Date().toISOString())} by {userName}
                  </dd>
                </div>
              </dl>
            </header>
            {items.length === 0 ? (
              <p className="notice" data-testid="access-empty">
                Nobody viewed or changed this chart in this period.
              </p>
            ) : (
              <AuditEntryTable entries={items} showRecord={false} />
            )}
            {truncated && (
              <p className="hint sheet-note" data-testid="access-truncated">
                The newest {MAX_ACCESS_REPORT_ENTRIES} entries: choose a shorter period to see older ones.
              </p>
            )}
          </div>
        )}
      </Loaded>
    </section>
  );
}
