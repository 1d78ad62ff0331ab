import { useEffect, useState } from 'react';
import type { HistoryChange, HistoryEntry } from '../../../src-shared/patients/chart-schema';
import { CONTACT_ROLE_LABELS } from '../../../src-shared/patients/codes';
import type { Patient } from '../../../src-shared/patients/schema';
import { useTableVersion } from '../../lib/change-feed';
import { formatDate, formatInstant, formatPhone } from '../../lib/format';
import { call } from '../../lib/rpc';

const PAGE_SIZE = 20;

interface Loaded {
  entries: HistoryEntry[];
  nextBefore: number | null;
}

/** Who changed what in this chart's details and contacts, and when: newest first, older saves on request. */
export function ChartHistoryTab({ patient }: { patient: Patient }) {
  const patientsVersion = useTableVersion('patients');
  const contactsVersion = useTableVersion('patient_contacts');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  // A change anywhere reloads the newest page (older pages are asked for again).
  useEffect(() => {
    let current = true;
    void call('patients.history', { patientId: patient.id, limit: PAGE_SIZE }).then((result) => {
      if (!current) return;
      if (result.ok) setLoaded({ entries: result.value.items, nextBefore: result.value.nextBefore });
      setError(result.ok ? null : result.error.message);
    });
    return () => {
      current = false;
    };
  }, [patient.id, patientsVersion, contactsVersion]);

  const loadMore = async () => {
    if (!loaded?.nextBefore || loadingMore) return;
    setLoadingMore(true);
    const result = await call('patients.history', { patientId: patient.id, limit: PAGE_SIZE, before: loaded.nextBefore });
    setLoadingMore(false);
    if (!result.ok) return setError(result.error.message);
    setLoaded({ entries: [...loaded.entries, ...result.value.items], nextBefore: result.value.nextBefore });
  };

  return (
    <section aria-labelledby="history-title" data-testid="chart-history">
      <h2 id="history-title">History of changes</h2>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {!loaded && !error && <p className="hint">Loading…</p>}
      {loaded && loaded.entries.length === 0 && <p className="none">No changes recorded.</p>}
      {loaded && loaded.entries.length > 0 && (
        <ol className="card-list history-list">
          {loaded.entries.map((entry) => (
            <li key={entry.id} className="card" data-testid="history-entry">
              <p className="history-head">
                <strong data-testid="history-author">{entry.author?.name ?? 'The workstation (no user signed in)'}</strong>{' '}
                <time dateTime={entry.at} className="subtle" data-testid="history-time">
                  {formatInstant(entry.at)}
                </time>
              </p>
              <p className="history-subject">{describeEntry(entry)}</p>
              <HistoryChanges entry={entry} />
            </li>
          ))}
        </ol>
      )}
      {loaded?.nextBefore && (
        <button type="button" onClick={() => void loadMore()} disabled={loadingMore} data-testid="history-more">
          {loadingMore ? 'Loading…' : 'Show older changes'}
        </button>
      )}
    </section>
  );
}

function describeEntry(entry: HistoryEntry): string {
  if (entry.subject === 'patient') return entry.action === 'created' ? 'Registered the patient' : 'Changed the patient’s details';
  const who = `${CONTACT_ROLE_LABELS[entry.subject].toLowerCase()} ${entry.contactName ?? ''}`.trim();
  const verb = { created: entry.subject === 'guarantor' ? 'Set' : 'Added', changed: 'Changed', removed: 'Removed' }[entry.action];
  return `${verb} ${who}`;
}

function HistoryChanges({ entry }: { entry: HistoryEntry }) {
  if (entry.changes.length === 0) return null;
  return (
    <dl className="history-changes">
      {entry.changes.map((change) => (
        <div key={change.field} className="history-change" data-testid="history-change" data-field={change.field}>
          <dt>{change.label}</dt>
          <dd>
            {entry.action === 'created' ? (
              <Value change={change} value={change.to} />
            ) : (
              <>
                <Value change={change} value={change.from} /> <span aria-label="changed to">→</span> <Value change={change} value={change.to} />
              </>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Value({ change, value }: { change: HistoryChange; value: string | null }) {
  if (value === null) return <span className="none">empty</span>;
  const shown = change.kind === 'date' ? formatDate(value) : change.kind === 'phone' ? formatPhone(value) : value;
  return <span className="history-value">{shown}</span>;
}
