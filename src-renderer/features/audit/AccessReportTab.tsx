import { MAX_ACCESS_REPORT_ENTRIES } from '../../../src-shared/audit/schema';
import type { Patient } from '../../../src-shared/patients/schema';
import { formatDate } from '../../lib/format';
import { call } from '../../lib/rpc';
import { Loaded } from '../admin/Loaded';
import { useLoad } from '../admin/useLoad';
import { PeriodFilter, periodInput, usePeriod } from '../shell/PeriodFilter';
import { patientFacts, PrintButton, SheetHead, useAuditedPrint } from '../shell/PrintSheet';
import { AuditEntryTable } from './AuditEntryTable';

/**
 * The chart's access report: who viewed or changed this chart (views, changes, searches that
 * opened it, document opens, prints, releases, merges), newest first; printing it is audited.
 */
export function AccessReportTab({ patient }: { patient: Patient }) {
  const periodFilter = usePeriod();
  const { period } = periodFilter;
  // Reloaded when the chart changes (an edit is an entry) and after a print (the print is one).
  const [result, reload] = useLoad(
    () => call('audit.patientAccess', { patientId: patient.id, ...periodInput(period) }),
    `${patient.id}|${patient.updatedAt}|${period.from}|${period.to}`,
  );

  const printing = useAuditedPrint('access_report', patient.id, reload);

  return (
    <section className="access-report" aria-labelledby="access-title" data-testid="access-report">
      <div className="page-head tab-head">
        <div>
          <h2 id="access-title">Access report</h2>
          <p className="subtle">Who viewed or changed this chart, newest first.</p>
        </div>
        <div className="page-actions">
          <PrintButton count={result?.ok ? result.value.items.length : null} onPrint={(count) => void printing.print(count)} testId="print-access-report" />
        </div>
      </div>
      <PeriodFilter filter={periodFilter} hint="Empty: since the chart was registered" testIdPrefix="access" />
      {printing.error && (
        <p className="banner banner-error" role="alert" data-testid="access-error">
          {printing.error}
        </p>
      )}
      <Loaded result={result}>
        {({ items, truncated }) => (
          <div className="print-sheet access-sheet">
            <SheetHead
              title="Access report"
              facts={[
                ...patientFacts(patient),
                { label: 'Period', value: `${period.from ? formatDate(period.from) : 'Registration'} – ${period.to ? formatDate(period.to) : 'today'}` },
              ]}
              printedBy
            />
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
