import { useEffect, type ComponentType } from 'react';
import { Link } from 'wouter';
import type { Permission } from '../../../src-shared/auth/permissions';
import type { Patient } from '../../../src-shared/patients/schema';
import { navigate } from '../../lib/navigation';
import { useSession } from '../../lib/session';
import { AccessReportTab } from '../audit/AccessReportTab';
import { DocumentsTab } from '../documents/DocumentsTab';
import { CoveragesTab } from '../insurance/CoveragesTab';
import { ReferralsTab } from '../front-desk/referrals/ReferralsTab';
import { RecordRequestsTab } from '../record-requests/RecordRequestsTab';
import { ChartHistoryTab } from './ChartHistoryTab';
import { ChartOverview } from './ChartOverview';

interface ChartTab {
  /** The address segment after /patients/:id ('' for the first tab). */
  path: string;
  label: string;
  /** Shown only to users holding it (none: everyone who may open the chart). */
  permission?: Permission;
  component: ComponentType<{ patient: Patient }>;
}

export const CHART_TABS: ChartTab[] = [
  { path: '', label: 'Overview', component: ChartOverview },
  { path: 'insurance', label: 'Insurance', component: CoveragesTab },
  { path: 'documents', label: 'Documents', component: DocumentsTab },
  { path: 'requests', label: 'Record requests', component: RecordRequestsTab },
  { path: 'referrals', label: 'Referrals', component: ReferralsTab },
  { path: 'history', label: 'History', component: ChartHistoryTab },
  { path: 'access', label: 'Access report', permission: 'audit.patient', component: AccessReportTab },
];

/** The chart's sections as tabs, each at its own address (so Back and links work); Alt+1… jumps to one. */
export function ChartTabs({ patient, tab }: { patient: Patient; tab: string | undefined }) {
  const permissions = useSession((s) => s.info?.permissions ?? []);
  const visible = CHART_TABS.filter((t) => !t.permission || permissions.includes(t.permission));
  const current = visible.find((t) => t.path === (tab ?? '')) ?? null;
  const base = `/patients/${patient.id}`;
  const hrefOf = (t: ChartTab) => (t.path ? `${base}/${t.path}` : base);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const digit = /^Digit([1-9])$/.exec(event.code)?.[1];
      const target = digit ? visible[Number(digit) - 1] : undefined;
      if (!target) return;
      event.preventDefault();
      navigate(hrefOf(target));
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  });

  return (
    <>
      <nav className="tabs chart-tabs" aria-label="Chart sections">
        {visible.map((t, index) => (
          <Link
            key={t.path}
            href={hrefOf(t)}
            className={t === current ? 'tab current' : 'tab'}
            aria-current={t === current ? 'page' : undefined}
            aria-keyshortcuts={index < 9 ? `Alt+${index + 1}` : undefined}
            data-testid={`chart-tab-${t.path || 'overview'}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      <div className="chart-tab-panel" data-testid="chart-tab-panel">
        {current ? (
          <current.component patient={patient} />
        ) : (
          <p className="banner banner-error" role="alert">
            This chart has no section at this address.
          </p>
        )}
      </div>
    </>
  );
}
