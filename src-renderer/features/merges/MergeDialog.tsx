import { useEffect, useRef, useState } from 'react';
import type { ChartMerge, MergePreview, MergeSide, OverlappingVisits } from '../../../src-shared/merges/schema';
import type { Patient, PatientSummary } from '../../../src-shared/patients/schema';
import { formatDate, formatDateOfBirth, formatName, formatPhone, formatSex } from '../../lib/format';
import { call } from '../../lib/rpc';
import { PatientSearchBox } from '../search/PatientSearchBox';
import { ModalDialog } from '../shell/ModalDialog';
import { capitalize, countOf, pluralKind, recordList } from './records';

interface MergeDialogProps {
  survivor: Patient;
  onClose(): void;
  onMerged(merge: ChartMerge): void;
}

type Step = { kind: 'search' } | { kind: 'checking' } | { kind: 'refused'; message: string } | { kind: 'compare'; preview: MergePreview };

/** Find the duplicate, compare the two charts side by side, then merge it into this chart. */
export function MergeDialog({ survivor, onClose, onMerged }: MergeDialogProps) {
  const [query, setQuery] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'search' });

  const choose = async (duplicate: PatientSummary) => {
    setStep({ kind: 'checking' });
    const preview = await call('patients.mergePreview', { survivorId: survivor.id, mergedId: duplicate.id });
    setStep(preview.ok ? { kind: 'compare', preview: preview.value } : { kind: 'refused', message: preview.error.message });
  };
  const back = () => setStep({ kind: 'search' });

  return (
    <ModalDialog
      className="overlay merge-dialog"
      aria-labelledby="merge-title"
      data-testid="merge-dialog"
      onEscape={onClose}
    >
      <div className="overlay-panel">
        <h2 id="merge-title">Merge a duplicate into this chart</h2>
        {step.kind === 'search' && (
          <>
            <p>
              This chart (MRN <span className="mono">{survivor.mrn}</span>) stays. Find the other chart of the same patient: its
              records will move here.
            </p>
            <PatientSearchBox
              label="Find the duplicate chart"
              value={query}
              onChange={setQuery}
              onOpen={(duplicate) => void choose(duplicate)}
              testId="merge-search-input"
              onOtherKey={(e) => {
                if (e.key === 'Escape') {
                  e.preventDefault();
                  onClose();
                }
              }}
            />
            <div className="actions">
              <button type="button" onClick={onClose}>
                Cancel
              </button>
            </div>
          </>
        )}
        {step.kind === 'checking' && (
          <p className="hint" aria-busy="true">
            Checking both charts…
          </p>
        )}
        {step.kind === 'refused' && <Refused message={step.message} onBack={back} onClose={onClose} />}
        {step.kind === 'compare' && <Comparison preview={step.preview} onBack={back} onClose={onClose} onMerged={onMerged} />}
      </div>
    </ModalDialog>
  );
}

function Refused({ message, onBack, onClose }: { message: string; onBack(): void; onClose(): void }) {
  const backRef = useRef<HTMLButtonElement>(null);
  useEffect(() => backRef.current?.focus(), []);
  return (
    <>
      <p className="banner banner-error" role="alert" data-testid="merge-refused">
        {message}
      </p>
      <div className="actions">
        <button type="button" ref={backRef} onClick={onBack}>
          Choose another chart
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </>
  );
}

const COMPARED: { label: string; value(side: MergeSide): string; mono?: boolean }[] = [
  { label: 'Name', value: formatName },
  { label: 'Date of birth', value: (side) => formatDateOfBirth(side.dateOfBirth) },
  { label: 'Sex', value: (side) => formatSex(side.sex) },
  { label: 'Phone', value: (side) => formatPhone(side.phone) },
  { label: 'E-mail', value: (side) => side.email ?? '' },
  { label: 'MRN', value: (side) => side.mrn, mono: true },
];

/** Kinds of record neither chart has are left out of the comparison. */
function hasAny(side: MergeSide, table: string): boolean {
  const linked = side.linked.find((l) => l.table === table);
  return linked !== undefined && linked.count + linked.removed > 0;
}

function linkedCell(side: MergeSide, table: string): string {
  const linked = side.linked.find((l) => l.table === table);
  if (!linked) return '';
  return linked.removed > 0 ? `${linked.count} (and ${linked.removed} removed)` : String(linked.count);
}

interface ComparisonProps {
  preview: MergePreview;
  onBack(): void;
  onClose(): void;
  onMerged(merge: ChartMerge): void;
}

function Comparison({ preview, onBack, onClose, onMerged }: ComparisonProps) {
  const { survivor, merged } = preview;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const moving = merged.linked.map((l) => ({ kind: l.kind, count: l.count + l.removed }));
  const movingTotal = moving.reduce((sum, l) => sum + l.count, 0);

  const merge = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await call('patients.merge', { survivorId: survivor.id, mergedId: merged.id });
    if (result.ok) onMerged(result.value);
    else {
      setBusy(false);
      setError(result.error.message);
    }
  };

  return (
    <>
      <h3 ref={headingRef} tabIndex={-1}>
        Compare the two charts
      </h3>
      <table className="table merge-compare" data-testid="merge-compare">
        <thead>
          <tr>
            <td />
            <th scope="col">Keep: this chart</th>
            <th scope="col">Duplicate: merged into it</th>
          </tr>
        </thead>
        <tbody>
          {COMPARED.map(({ label, value, mono }) => {
            const [kept, duplicate] = [value(survivor), value(merged)];
            return (
              <tr key={label} className={kept === duplicate ? undefined : 'differs'} data-testid={`compare-${label}`}>
                <th scope="row">{label}</th>
                <td className={mono ? 'mono' : undefined}>{kept}</td>
                <td className={mono ? 'mono' : undefined}>{duplicate}</td>
              </tr>
            );
          })}
          {merged.linked.filter(({ table }) => hasAny(survivor, table) || hasAny(merged, table)).map(({ table, kind }) => (
            <tr key={table} data-testid={`compare-${table}`}>
              <th scope="row">{capitalize(pluralKind(kind))}</th>
              <td>{linkedCell(survivor, table)}</td>
              <td>{linkedCell(merged, table)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.overlapping.length > 0 && <DoubleBookings overlapping={preview.overlapping} />}
      <div className="notice merge-what" data-testid="merge-what">
        <h3>What happens</h3>
        <ul>
          <li>
            {movingTotal > 0
              ? `The duplicate’s ${countOf(movingTotal, 'record')} (${recordList(moving)}) move to this chart.`
              : 'The duplicate has no records to move.'}
          </li>
          <li>
            The duplicate chart (MRN <span className="mono">{merged.mrn}</span>) is closed: it no longer shows in search or in
            duplicate warnings, and its address leads here.
          </li>
          <li>
            This chart’s details stay as they are. If the duplicate’s are better (a newer phone, an e-mail), edit this chart
            afterwards.
          </li>
          <li>The merge is logged on both charts, and can be undone from this chart until a moved record is changed.</li>
        </ul>
      </div>
      {error && (
        <p className="banner banner-error" role="alert" data-testid="merge-error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void merge()} data-testid="confirm-merge">
          {busy ? 'Merging…' : `Merge ${merged.mrn} into this chart`}
        </button>
        <button type="button" disabled={busy} onClick={onBack}>
          Choose another chart
        </button>
        <button type="button" disabled={busy} onClick={onClose}>
          Cancel
        </button>
      </div>
    </>
  );
}

/** Visits of the two charts at the same time: once merged, one patient is booked twice at once. */
function DoubleBookings({ overlapping }: { overlapping: OverlappingVisits[] }) {
  return (
    <div className="banner banner-warning" role="alert" data-testid="merge-double-bookings">
      <p>
        After the merge this patient is booked twice at the same time{overlapping.length === 1 ? '' : ` on ${overlapping.length} occasions`}. Both
        appointments stay booked: cancel or move one of each pair from the schedule afterwards.
      </p>
      <ul>
        {overlapping.map(({ date, survivor, merged }) => (
          <li key={`${survivor.appointmentId}-${merged.appointmentId}`}>
            {formatDate(date)}: {survivor.start}–{survivor.end} with {survivor.providerName} (this chart) and {merged.start}–{merged.end} with{' '}
            {merged.providerName} (the duplicate)
          </li>
        ))}
      </ul>
    </div>
  );
}
