import { useState } from 'react';
import { actionLabel, AUDIT_ACTION_GROUP_KEYS, AUDIT_ACTION_GROUPS, AUDIT_ACTION_LABELS, type AuditActionGroup } from '../../../src-shared/audit/actions';
import type { AuditSearchInput } from '../../../src-shared/audit/schema';
import { localIsoDate } from '../../../src-shared/validation/dates';
import { formatDate } from '../../lib/format';
import { printAudited } from '../../lib/print';
import { call } from '../../lib/rpc';
import { useLoad } from '../admin/useLoad';
import { periodInput, usePeriod, type Period } from '../shell/PeriodFilter';
import { SheetHead } from '../shell/PrintSheet';
import { AuditEntryTable } from './AuditEntryTable';
import { entriesToCsv } from './describe';
import { downloadText } from './download';
import { PatientFilter, type ChosenPatient } from './PatientFilter';
import { allEntries, MAX_EXPORT_ENTRIES, useAuditPages } from './useAuditPages';

/** The action select's value: '' (all), `group:<key>` or `action:<name>`. */
function actionFilter(choice: string): Pick<AuditSearchInput, 'group' | 'action'> {
  if (choice.startsWith('group:')) return { group: choice.slice('group:'.length) as AuditActionGroup };
  if (choice.startsWith('action:')) return { action: choice.slice('action:'.length) };
  return {};
}

function actionChoiceLabel(choice: string): string {
  const { group, action } = actionFilter(choice);
  if (group) return AUDIT_ACTION_GROUPS[group].label;
  return action ? actionLabel(action) : 'All actions';
}

const SINGLE_ACTIONS = Object.keys(AUDIT_ACTION_LABELS).sort((a, b) => actionLabel(a).localeCompare(actionLabel(b)));

function periodLabel({ from, to }: Period): string {
  if (from && to) return `${formatDate(from)} – ${formatDate(to)}`;
  if (from) return `From ${formatDate(from)}`;
  return to ? `Up to ${formatDate(to)}` : 'All dates';
}

/** Admin › Audit log: every entry of the audit log, filtered by patient, user, action and dates; printed and exported audited. */
export function AuditLogPage() {
  const [patient, setPatient] = useState<ChosenPatient | null>(null);
  const [userId, setUserId] = useState('');
  const [action, setAction] = useState('');
  const { typed, setTyped, period, error: dateError, apply: applyDates } = usePeriod();
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [exporting, setExporting] = useState(false);
  const [users] = useLoad(() => call('audit.users', {}), 'once');

  const filters: Omit<AuditSearchInput, 'cursor' | 'limit'> = {
    ...(patient ? { patientId: patient.id } : {}),
    ...(userId ? { userId } : {}),
    ...actionFilter(action),
    ...periodInput(period),
  };
  const pages = useAuditPages(filters);
  const chosenUser = users?.ok ? users.value.items.find((u) => u.id === userId) : undefined;

  const print = async () => {
    setNotice(null);
    const printed = await printAudited('audit_report', patient?.id, { count: pages.items.length });
    if (!printed.ok) setNotice({ text: `Not printed: ${printed.error.message}`, error: true });
  };

  const exportCsv = async () => {
    setNotice(null);
    setExporting(true);
    try {
      const read = await allEntries(filters);
      if (!read.ok) return setNotice({ text: `Not exported: ${read.error.message}`, error: true });
      const recorded = await call('audit.recordClientEvent', {
        event: 'export',
        what: 'audit_report',
        format: 'csv',
        count: read.items.length,
        ...(patient ? { patientId: patient.id } : {}),
      });
      if (!recorded.ok) return setNotice({ text: `Not exported: ${recorded.error.message}`, error: true });
      downloadText(`audit-log-${localIsoDate()}.csv`, entriesToCsv(read.items), 'text/csv;charset=utf-8');
      setNotice({
        text: read.complete
          ? `Exported ${read.items.length} entries.`
          : `Exported the newest ${MAX_EXPORT_ENTRIES} entries: narrow the filters to export older ones.`,
        error: false,
      });
    } finally {
      setExporting(false);
    }
  };

  return (
    <section className="page page-wide audit-log" aria-labelledby="audit-title" data-testid="audit-log">
      <div className="page-head">
        <div>
          <h1 id="audit-title">Audit log</h1>
          <p className="subtle">Every view and change of a chart, searches, sign-ins, prints and exports, newest first. Nobody can edit it.</p>
        </div>
        <div className="page-actions">
          <button type="button" onClick={pages.refresh} data-testid="audit-refresh">
            Refresh
          </button>
          <button type="button" onClick={() => void print()} disabled={pages.items.length === 0} data-testid="audit-print">
            Print
          </button>
          <button type="button" onClick={() => void exportCsv()} disabled={pages.items.length === 0 || exporting} data-testid="audit-export">
            {exporting ? 'Exporting…' : 'Export CSV'}
          </button>
        </div>
      </div>

      <form className="panel audit-filters" aria-label="Filters" noValidate onSubmit={applyDates}>
        <PatientFilter value={patient} onChange={setPatient} />
        <label className="audit-filter">
          <span className="audit-filter-label">User</span>
          <select value={userId} onChange={(e) => setUserId(e.target.value)} data-testid="audit-user-filter">
            <option value="">Anyone</option>
            {users?.ok &&
              users.value.items.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.displayName} ({u.username}){u.disabled ? ' — disabled' : ''}
                </option>
              ))}
          </select>
        </label>
        <label className="audit-filter">
          <span className="audit-filter-label">Action</span>
          <select value={action} onChange={(e) => setAction(e.target.value)} data-testid="audit-action-filter">
            <option value="">All actions</option>
            <optgroup label="Groups">
              {AUDIT_ACTION_GROUP_KEYS.map((key) => (
                <option key={key} value={`group:${key}`}>
                  {AUDIT_ACTION_GROUPS[key].label}
                </option>
              ))}
            </optgroup>
            <optgroup label="One action">
              {SINGLE_ACTIONS.map((name) => (
                <option key={name} value={`action:${name}`}>
                  {actionLabel(name)}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <label className="audit-filter">
          <span className="audit-filter-label">From</span>
          <input type="date" value={typed.from} onChange={(e) => setTyped({ ...typed, from: e.target.value })} onBlur={() => applyDates()} data-testid="audit-from" />
        </label>
        <label className="audit-filter">
          <span className="audit-filter-label">To</span>
          <input type="date" value={typed.to} onChange={(e) => setTyped({ ...typed, to: e.target.value })} onBlur={() => applyDates()} data-testid="audit-to" />
        </label>
        {/* Enter in a date applies the dates; the other filters apply as they are chosen. */}
        <button type="submit" className="visually-hidden" tabIndex={-1}>
          Apply dates
        </button>
        {dateError && (
          <p className="error-text audit-filter-error" role="alert">
            {dateError}
          </p>
        )}
      </form>

      {notice && (
        <p className={notice.error ? 'banner banner-error' : 'banner'} role={notice.error ? 'alert' : 'status'} data-testid="audit-notice">
          {notice.text}
        </p>
      )}
      {pages.error && (
        <p className="banner banner-error" role="alert">
          {pages.error.message}
        </p>
      )}

      <div className="print-sheet audit-sheet">
        <SheetHead
          title="Audit log"
          facts={[
            { label: 'Patient', value: patient?.label ?? 'Every patient' },
            { label: 'User', value: chosenUser?.displayName ?? 'Anyone' },
            { label: 'Action', value: actionChoiceLabel(action) },
            { label: 'Period', value: periodLabel(period) },
          ]}
          printedBy
        />
        {pages.items.length > 0 ? (
          <AuditEntryTable entries={pages.items} />
        ) : (
          !pages.loading &&
          !pages.error && (
            <p className="notice" data-testid="audit-empty">
              No entries match these filters.
            </p>
          )
        )}
        {pages.nextCursor && <p className="hint sheet-note print-only">The newest {pages.items.length} matching entries; older ones exist and are not on this sheet.</p>}
      </div>

      <p className="audit-more" role="status" data-testid="audit-count">
        {pages.loading
          ? 'Loading…'
          : pages.items.length > 0 && `${pages.items.length} ${pages.items.length === 1 ? 'entry' : 'entries'}${pages.nextCursor ? ', older ones follow' : ''}`}
      </p>
      {pages.nextCursor && (
        <button type="button" onClick={pages.more} disabled={pages.loading} data-testid="audit-more">
          Load older entries
        </button>
      )}
    </section>
  );
}
