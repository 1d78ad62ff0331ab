import { useState } from 'react';
import { Link } from 'wouter';
import type { ChartMerge } from '../../../src-shared/merges/schema';
import type { Patient } from '../../../src-shared/patients/schema';
import { useChangeFeed } from '../../lib/change-feed';
import { askConfirm } from '../../lib/confirm';
import { formatInstant } from '../../lib/format';
import { call } from '../../lib/rpc';
import { useCan } from '../../lib/session';
import { useLoad } from '../admin/useLoad';
import { MergeDialog } from './MergeDialog';
import { countOf } from './records';

/**
 * In the chart's header: "Merge a duplicate into this chart…" for users who may merge, and a
 * banner for each merge into this chart that is still in force (with "Undo merge" while possible).
 */
export function MergeControls({ patient }: { patient: Patient }) {
  // A new chart starts afresh (no dialog, no notice left over from the previous one).
  return <ChartMergeControls key={patient.id} patient={patient} />;
}

function ChartMergeControls({ patient }: { patient: Patient }) {
  const mayMerge = useCan('patients.merge');
  const [dialogOpen, setDialogOpen] = useState(false);
  const [undone, setUndone] = useState<ChartMerge | null>(null);
  const [watched, setWatched] = useState<readonly string[]>(['patient_merges']);
  const [merges, reload] = useLoad(() => call('patients.merges', { patientId: patient.id }), useTablesVersion(watched));
  const inForce = merges?.ok ? merges.value.items.filter((m) => m.survivor.id === patient.id && m.unmergedAt === null) : [];
  // Whether a merge can still be undone changes when a record it moved changes: watch those tables too.
  const movedTables = ['patient_merges', ...new Set(inForce.flatMap((m) => m.moved.map((kind) => kind.table)))].sort();
  if (movedTables.join() !== watched.join()) setWatched(movedTables);

  return (
    <>
      {mayMerge && (
        <button type="button" onClick={() => setDialogOpen(true)} data-testid="merge-duplicate">
          Merge a duplicate into this chart…
        </button>
      )}
      {(inForce.length > 0 || undone) && (
        <div className="merge-banners">
          {inForce.map((merge) => (
            <MergeBanner key={merge.id} merge={merge} mayUndo={mayMerge} onUndone={(m) => {
                setUndone(m);
                reload();
              }} />
          ))}
          {undone && (
            <p className="banner banner-info" role="status" data-testid="unmerge-done">
              Merge undone: MRN <span className="mono">{undone.merged.mrn}</span> is a separate chart again.{' '}
              <Link href={`/patients/${undone.merged.id}`}>Open it</Link>
            </p>
          )}
        </div>
      )}
      {dialogOpen && (
        <MergeDialog
          survivor={patient}
          onClose={() => setDialogOpen(false)}
          onMerged={() => {
            setDialogOpen(false);
            setUndone(null);
            reload();
          }}
        />
      )}
    </>
  );
}

/** Changes whenever any of the tables changes (a change-feed version for a list of tables). */
function useTablesVersion(tables: readonly string[]): string {
  return useChangeFeed((state) => tables.map((table) => state.versions[table] ?? 0).join());
}

function MergeBanner({ merge, mayUndo, onUndone }: { merge: ChartMerge; mayUndo: boolean; onUndone(merge: ChartMerge): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const moved = merge.moved.reduce((sum, m) => sum + m.count, 0);

  const undo = async () => {
    const ok = await askConfirm({
      title: 'Undo this merge?',
      message: `MRN ${merge.merged.mrn} opens again as a separate chart${moved > 0 ? `, with the ${countOf(moved, 'record')} this merge moved` : ''}.`,
      confirmLabel: 'Undo merge',
      cancelLabel: 'Keep merged',
    });
    if (!ok) return;
    setBusy(true);
    setError(null);
    const result = await call('patients.unmerge', { mergeId: merge.id });
    setBusy(false);
    if (result.ok) onUndone(result.value);
    else setError(result.error.message);
  };

  return (
    <div className="banner banner-info merge-banner" data-testid="merge-banner" data-merge-id={merge.id}>
      <p>
        Merged from MRN <span className="mono">{merge.merged.mrn}</span> on {formatInstant(merge.mergedAt)} by{' '}
        {merge.mergedBy?.displayName ?? 'this workstation'}.
      </p>
      {merge.undo?.possible
        ? mayUndo && (
            <button type="button" disabled={busy} onClick={() => void undo()} data-testid="undo-merge">
              {busy ? 'Undoing…' : 'Undo merge'}
            </button>
          )
        : merge.undo?.reason && (
            <p className="hint" data-testid="undo-blocked">
              {merge.undo.reason}
            </p>
          )}
      {error && (
        <p className="error-text" role="alert" data-testid="unmerge-error">
          {error}
        </p>
      )}
    </div>
  );
}
