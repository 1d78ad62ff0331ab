import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { format, parseISO } from 'date-fns';
import { Link, useSearch } from 'wouter';
import type { Appointment, Resource, ScheduleProvider } from '../../../src-shared/scheduling/schema';
import { STATUS_LABELS } from '../../../src-shared/scheduling/status';
import { isIsoDate } from '../../../src-shared/validation/dates';
import { useTableVersion } from '../../lib/change-feed';
import { formatDate } from '../../lib/format';
import { navigate } from '../../lib/navigation';
import { printAudited } from '../../lib/print';
import { call } from '../../lib/rpc';
import { Loaded } from '../admin/Loaded';
import { useLoad } from '../admin/useLoad';
import { TableHead } from '../admin/table';
import { SheetHead } from '../shell/PrintSheet';
import { patientLabel } from './labels';
import { listPath, rangeProblem, readListFilters, STATUS_FILTER_LABELS, statusesOf, type ListFilters, type StatusFilter } from './schedule-paths';
import { ProviderOptions } from './ProviderOptions';
import { ScheduleTitle } from './ScheduleTitle';
import { ScheduleViewTabs } from './ScheduleViewTabs';

const COLUMNS = ['Date', 'Time', 'Patient', 'Provider', 'Type', 'Status', 'Room'] as const;
/** A row's height before it is measured. */
const ROW_HEIGHT_ESTIMATE = 36;

/** Appointments from one date to another (at most 31 days), by start: `/schedule/list?from=…&to=…&provider=…&status=…`. */
export function ListPage() {
  const filters = readListFilters(useSearch());
  const [providers] = useLoad(() => call('schedule.providers.list', { includeInactive: true }), useTableVersion('providers'));
  const problem = rangeProblem(filters.from, filters.to);
  const update = (change: Partial<ListFilters>) => navigate(listPath({ ...filters, ...change }), { replace: true });
  const providerList = providers?.ok ? providers.value.items : [];

  return (
    <section className="page schedule-page list-page" data-testid="list-page">
      <div className="page-head schedule-head">
        <ScheduleTitle testId="list-dates">{formatDate(filters.from)} – {formatDate(filters.to)}</ScheduleTitle>
        <ScheduleViewTabs view="list" date={filters.from} providerId={filters.providerId} />
      </div>
      <div className="schedule-list-filters panel" role="group" aria-label="Filters">
        <label className="audit-filter">
          <span className="audit-filter-label">From</span>
          <input type="date" value={filters.from} onChange={(e) => isIsoDate(e.target.value) && update({ from: e.target.value })} data-testid="list-from" />
        </label>
        <label className="audit-filter">
          <span className="audit-filter-label">To</span>
          <input
            type="date"
            value={filters.to}
            onChange={(e) => isIsoDate(e.target.value) && update({ to: e.target.value })}
            aria-invalid={problem ? true : undefined}
            aria-describedby="list-range-problem"
            data-testid="list-to"
          />
        </label>
        <label className="audit-filter">
          <span className="audit-filter-label">Provider</span>
          <select value={filters.providerId ?? ''} onChange={(e) => update({ providerId: e.target.value || null })} data-testid="list-provider">
            <option value="">Every provider</option>
            <ProviderOptions providers={providerList} />
          </select>
        </label>
        <label className="audit-filter">
          <span className="audit-filter-label">Status</span>
          <select value={filters.status} onChange={(e) => update({ status: e.target.value as StatusFilter })} data-testid="list-status">
            {Object.entries(STATUS_FILTER_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <p id="list-range-problem" className="error-text schedule-list-problem" role={problem ? 'alert' : undefined} data-testid="list-range-problem">
          {problem}
        </p>
      </div>
      {!problem && <AppointmentList filters={filters} providers={providerList} />}
    </section>
  );
}

function AppointmentList({ filters, providers }: { filters: ListFilters; providers: ScheduleProvider[] }) {
  const version = useTableVersion('appointments');
  const statuses = statusesOf(filters.status);
  const [list] = useLoad(
    () => call('appointments.list', { from: filters.from, to: filters.to, ...(filters.providerId ? { providerId: filters.providerId } : {}), ...(statuses ? { statuses } : {}) }),
    `${JSON.stringify(filters)}:${version}`,
  );
  const [resources] = useLoad(() => call('schedule.resources.list', { includeInactive: true }), useTableVersion('resources'));
  const [printing, setPrinting] = useState(false);
  const [printError, setPrintError] = useState<string | null>(null);
  const count = list?.ok ? list.value.items.length : null;

  // The whole list is rendered (not only the rows in view) before the browser prints it.
  useEffect(() => {
    if (!printing || count === null) return;
    void printAudited('appointment_list', undefined, { count }).then((printed) => {
      setPrintError(printed.ok ? null : `Not printed: ${printed.error.message}`);
      setPrinting(false);
    });
  }, [printing, count]);

  const providerName = (id: string | null) => (id ? (providers.find((p) => p.id === id)?.displayName ?? '') : 'Every provider');
  return (
    <>
      <div className="schedule-list-bar">
        <p className="schedule-list-count" role="status" data-testid="list-count">
          {count === null ? '' : count === 1 ? '1 appointment' : `${count} appointments`}
        </p>
        <button type="button" className="primary" disabled={!count || printing} onClick={() => setPrinting(true)} data-testid="list-print">
          Print list
        </button>
      </div>
      {printError && (
        <p className="banner banner-error" role="alert">
          {printError}
        </p>
      )}
      <div className="print-sheet schedule-list-sheet">
        <SheetHead
          title="Appointment list"
          facts={[
            { label: 'Dates', value: `${formatDate(filters.from)} – ${formatDate(filters.to)}` },
            { label: 'Provider', value: providerName(filters.providerId) },
            { label: 'Status', value: STATUS_FILTER_LABELS[filters.status] },
          ]}
          printedBy
        />
        <Loaded result={list}>
          {(value) =>
            value.items.length === 0 ? (
              <p className="notice" data-testid="list-empty">
                No appointments match these filters.
              </p>
            ) : (
              <AppointmentTable items={value.items} providerName={providerName} rooms={resources?.ok ? resources.value.items : []} everyRow={printing} />
            )
          }
        </Loaded>
      </div>
    </>
  );
}

interface AppointmentTableProps {
  items: Appointment[];
  providerName(id: string): string;
  rooms: Resource[];
  /** Every row rendered (for printing); otherwise only the rows in view and a few around them. */
  everyRow: boolean;
}

/** The appointments as a table that scrolls under its headings; a month of a busy clinic holds thousands of rows, so only those in view are rendered. */
function AppointmentTable({ items, providerName, rooms, everyRow }: AppointmentTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The React Compiler is not used (vite.config.ts), so nothing is memoized around the virtualizer.
  // eslint-disable-next-line react-hooks/incompatible-library
  const rows = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_ESTIMATE,
    overscan: 12,
    getItemKey: (index) => items[index]?.id ?? index,
  });
  const inView = rows.getVirtualItems();
  const shown = everyRow ? items.map((_, index) => index) : inView.map((row) => row.index);
  const spaceAbove = everyRow ? 0 : (inView[0]?.start ?? 0);
  const spaceBelow = everyRow ? 0 : rows.getTotalSize() - (inView.at(-1)?.end ?? 0);
  const roomNames = (a: Appointment) =>
    rooms
      .filter((r) => r.kind === 'room' && (r.id === a.roomId || a.resourceIds.includes(r.id)))
      .map((r) => r.name)
      .join(', ');

  return (
    <div ref={scrollRef} className="schedule-list-scroll" data-testid="list-scroll">
      <table className="table schedule-list-table" aria-rowcount={items.length + 1} data-testid="list-table">
        <TableHead columns={COLUMNS} />
        <tbody>
          {spaceAbove > 0 && <Spacer height={spaceAbove} />}
          {shown.map((index) => {
            const a = items[index]!;
            return (
              <tr key={a.id} ref={everyRow ? undefined : rows.measureElement} data-index={index} aria-rowindex={index + 2} data-testid="list-row">
                <td className="nowrap">{format(parseISO(a.local.date), 'EEE MM/dd')}</td>
                <td className="mono nowrap">
                  {a.local.start}–{a.local.end}
                </td>
                <td>{a.patient ? <Link href={`/patients/${a.patientId}`}>{patientLabel(a)}</Link> : patientLabel(a)}</td>
                <td>{providerName(a.providerId)}</td>
                <td>
                  <span className="schedule-swatch" style={{ background: a.color }} aria-hidden="true" /> {a.typeName}
                </td>
                <td className={`list-status status-${a.status}`}>
                  {STATUS_LABELS[a.status]}
                  {a.overbookReason && ' · overbooked'}
                </td>
                <td>{roomNames(a)}</td>
              </tr>
            );
          })}
          {spaceBelow > 0 && <Spacer height={spaceBelow} />}
        </tbody>
      </table>
    </div>
  );
}

/** Stands in for the rows scrolled out of view, so the scroll bar keeps the whole list's length. */
function Spacer({ height }: { height: number }) {
  return (
    <tr className="schedule-list-spacer" aria-hidden="true">
      <td colSpan={COLUMNS.length} style={{ height, padding: 0, border: 'none' }} />
    </tr>
  );
}
