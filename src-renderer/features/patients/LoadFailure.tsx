import { Link } from 'wouter';
import type { Patient } from '../../../src-shared/patients/schema';
import type { RpcResult } from '../../../src-shared/rpc/errors';
import { BreakGlassForm } from '../auth/BreakGlassForm';
import { MergedChartNotice, mergedInto } from '../merges/MergedChartNotice';
import { patientLoadError, restrictedChartId } from './usePatient';
import { LockIcon } from '../shell/LockIcon';

export function LoadFailure({ result, onRetry }: { result: Extract<RpcResult<Patient>, { ok: false }>; onRetry?: () => void }) {
  const restricted = restrictedChartId(result);
  if (restricted && onRetry) return <RestrictedChart patientId={restricted} onGranted={onRetry} />;
  const survivor = mergedInto(result);
  if (survivor) return <MergedChartNotice survivor={survivor} />;
  const { title, message } = patientLoadError(result);
  return (
    <section className="page" aria-labelledby="load-failure-title" data-testid="patient-load-error">
      <h1 id="load-failure-title">{title}</h1>
      <p role="alert">{message}</p>
      <p>
        <Link href="/patients">Search patients</Link>
      </p>
    </section>
  );
}

/** A restricted chart this user may open only with emergency access and a stated reason. */
function RestrictedChart({ patientId, onGranted }: { patientId: string; onGranted(): void }) {
  return (
    <section className="page" aria-labelledby="restricted-title" data-testid="restricted-chart">
      <h1 id="restricted-title">
        <LockIcon /> Restricted chart
      </h1>
      <p className="banner banner-warning" role="alert">
        This chart is restricted (a staff member, a VIP or a sensitive record). Your role does not open restricted charts.
      </p>
      <div className="notice break-glass">
        <h2>Emergency access</h2>
        <p>
          If you need this chart now, state why. Your reason is recorded with your name and the time, flagged, and listed on
          the administrator’s break-glass report. The chart stays open to you until you sign out.
        </p>
        <BreakGlassForm target={{ patientId }} submitLabel="Open with emergency access" onGranted={onGranted} />
      </div>
      <p>
        <Link href="/patients">Back to patient search</Link>
      </p>
    </section>
  );
}

export function Loading() {
  return (
    <section className="page" aria-busy="true">
      <p className="hint">Loading…</p>
    </section>
  );
}
