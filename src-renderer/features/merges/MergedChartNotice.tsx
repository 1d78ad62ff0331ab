import { Link } from 'wouter';
import { mergedChartDetails } from '../../../src-shared/merges/schema';
import type { RpcResult } from '../../../src-shared/rpc/errors';

/** The chart that holds a merged chart's records now, when a load was refused because the chart was merged. */
export function mergedInto(result: RpcResult<unknown>): { id: string; mrn: string } | null {
  if (result.ok || result.error.code !== 'NOT_FOUND') return null;
  const details = mergedChartDetails.safeParse(result.error.details);
  return details.success ? { id: details.data.mergedInto, mrn: details.data.mergedIntoMrn } : null;
}

/** What a merged chart's old address shows: where its records are now. */
export function MergedChartNotice({ survivor }: { survivor: { id: string; mrn: string } }) {
  return (
    <section className="page" aria-labelledby="merged-chart-title" data-testid="merged-chart">
      <h1 id="merged-chart-title">This chart was merged</h1>
      <p className="banner banner-info" role="status">
        This chart was merged into the chart with MRN <span className="mono">{survivor.mrn}</span>: its records are there now.
      </p>
      <p>
        <Link href={`/patients/${survivor.id}`} data-testid="open-survivor">
          Open MRN {survivor.mrn}
        </Link>
        {' · '}
        <Link href="/patients">Search patients</Link>
      </p>
    </section>
  );
}
