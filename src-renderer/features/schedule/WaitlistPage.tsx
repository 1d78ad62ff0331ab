import { useRef, useState } from 'react';
import { Link } from 'wouter';
import type { WaitlistEntry } from '../../../src-shared/scheduling/schema';
import { useTableVersion } from '../../lib/change-feed';
import { askConfirm } from '../../lib/confirm';
import { navigate } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { useCan } from '../../lib/session';
import { Loaded } from '../admin/Loaded';
import { ItemsTable } from '../admin/table';
import { useLoad } from '../admin/useLoad';
import { entryPatientName, preferencesLabel, providerNamed, typeNamed, useScheduleNames, waitingSince, type ScheduleNames } from './schedule-names';

/** Patients waiting for an earlier time, longest waiting first: find them a time, or take them off the list. */
export function WaitlistPage() {
  const version = useTableVersion('waitlist_entries');
  const [entries, reload] = useLoad(() => call('waitlist.list', {}), version);
  const names = useScheduleNames();
  const canBook = useCan('schedule.book');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const removing = useRef(false);

  const remove = async (entry: WaitlistEntry, names: ScheduleNames) => {
    if (removing.current) return;
    const who = entryPatientName(entry);
    const confirmed = await askConfirm({
      title: 'Take this patient off the waitlist?',
      message: `${who} will no longer be offered freed times for ${typeNamed(names, entry.appointmentTypeId)}.`,
      confirmLabel: 'Remove',
      cancelLabel: 'Keep waiting',
    });
    if (!confirmed) return;
    removing.current = true;
    const result = await call('waitlist.remove', { id: entry.id }).finally(() => {
      removing.current = false;
    });
    setMessage(result.ok ? { text: `${who} is off the waitlist.`, error: false } : { text: result.error.message, error: true });
    reload();
  };

  return (
    <section className="page page-wide" aria-labelledby="waitlist-title" data-testid="waitlist-page">
      <div className="page-head">
        <div>
          <h1 id="waitlist-title">Waitlist</h1>
          <p className="subtle">Patients who want an earlier time, longest waiting first. A cancellation offers its freed time to the patients it suits.</p>
        </div>
        <nav className="find-links" aria-label="Schedule">
          <Link href="/schedule">Day view</Link>
          <Link href="/schedule/find" data-testid="waitlist-to-find">
            Find next available
          </Link>
        </nav>
      </div>
      {message && (
        <p className={message.error ? 'banner banner-error' : 'banner banner-info'} role={message.error ? 'alert' : 'status'} data-testid="waitlist-message">
          {message.text}
        </p>
      )}
      <Loaded result={names}>
        {(loaded) => (
          <Loaded result={entries}>
            {({ items }) => (
              <ItemsTable
                items={items}
                empty={
                  <p className="hint" data-testid="waitlist-empty">
                    No one is waiting. Add a patient from Find next available.
                  </p>
                }
                columns={['Patient', 'Type', 'Provider', 'Preferences', 'Waiting since']}
                actions
                className="waitlist-table"
                testId="waitlist-table"
              >
                {(entry) => (
                  <tr key={entry.id} data-testid="waitlist-row">
                    <td className="waitlist-patient">
                      {entryPatientName(entry)}
                      {entry.patient && <span className="mono subtle">{entry.patient.mrn}</span>}
                      {entry.note && <div className="hint">{entry.note}</div>}
                    </td>
                    <td>{typeNamed(loaded, entry.appointmentTypeId)}</td>
                    <td>{providerNamed(loaded, entry.providerId)}</td>
                    <td>{preferencesLabel(entry)}</td>
                    <td className="waitlist-since">{waitingSince(entry.createdAt)}</td>
                    <td className="cell-actions">
                      {canBook && (
                        <>
                          <button type="button" onClick={() => navigate(`/schedule/find/${entry.id}`)} data-testid="waitlist-find">
                            Find a time
                          </button>{' '}
                          <button type="button" onClick={() => void remove(entry, loaded)} data-testid="waitlist-remove">
                            Remove
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                )}
              </ItemsTable>
            )}
          </Loaded>
        )}
      </Loaded>
    </section>
  );
}
