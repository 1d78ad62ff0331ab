import { useState, type FormEvent } from 'react';
import { backupConfigureInput, type BackupStatus, type BackupSummary } from '../../../src-shared/backups/schema';
import type { RpcError } from '../../../src-shared/rpc/errors';
import { formatInstant } from '../../lib/format';
import { useLeaveGuard } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { focusFirstError, serverFieldErrors, TextField, zodFieldErrors, type FieldErrors } from '../auth/fields';
import { BackupPreviewSummary, RecoveryKeyField, useRestore } from '../backups/restore';
import { Loaded } from './Loaded';
import { ExpandableRow, ItemsTable } from './table';
import { useLoad } from './useLoad';

/** The backups panel appears once the contract offers backups.* methods. */

type Message = { kind: 'ok' | 'error'; text: string } | null;

/** Backups: status and warnings, where and how often, a backup now, and restore with the recovery key. */
export function BackupsPage() {
  const [tick, setTick] = useState(0);
  const [status] = useLoad(() => call('backups.status', {}), tick);
  const [list] = useLoad(() => call('backups.list', {}), tick);
  const [message, setMessage] = useState<Message>(null);
  const [running, setRunning] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const reload = () => setTick((n) => n + 1);

  const runNow = async () => {
    setRunning(true);
    setMessage(null);
    const result = await call('backups.run', {});
    setRunning(false);
    setMessage(
      result.ok
        ? { kind: 'ok', text: `Backup made and verified: ${result.value.name} (${result.value.patients === 1 ? '1 patient' : `${result.value.patients} patients`}).` }
        : { kind: 'error', text: result.error.message },
    );
    reload();
  };

  return (
    <section className="page page-wide" aria-labelledby="backups-title" data-testid="backups-page">
      <div className="page-head">
        <div>
          <h1 id="backups-title">Backups</h1>
          <p className="subtle">Encrypted under the clinic’s recovery key; each backup holds the database and the documents.</p>
        </div>
        <button type="button" className="primary" onClick={() => void runNow()} disabled={running || !(status?.ok && status.value.folder)} data-testid="backup-now">
          {running ? 'Backing up…' : 'Back up now'}
        </button>
      </div>
      {message && (
        <div className={message.kind === 'ok' ? 'banner banner-info' : 'banner banner-error'} role={message.kind === 'ok' ? 'status' : 'alert'} data-testid="backups-message">
          {message.text}
        </div>
      )}
      <Loaded result={status}>
        {(value) => (
          <>
            <StatusPanel status={value} />
            <ConfigureForm key={`${value.folder}|${value.keep}|${value.everyHours}`} status={value} onSaved={reload} />
          </>
        )}
      </Loaded>
      <h2>Backups in the folder</h2>
      <Loaded result={list}>
        {({ items, folder }) => (
          <ItemsTable
            items={items}
            columns={['Made', 'Why', 'Patients', 'Checks']}
            actions
            testId="backups-table"
            empty={
              <p className="notice" data-testid="backups-empty">
                {folder ? 'No backups in the folder yet.' : 'Choose a backup folder first.'}
              </p>
            }
          >
            {(item) => (
              <BackupRow key={item.name} item={item} open={selected === item.name} onToggle={() => setSelected(selected === item.name ? null : item.name)} onScheduled={reload} />
            )}
          </ItemsTable>
        )}
      </Loaded>
      {list?.ok && list.value.unreadable.length > 0 && (
        <p className="banner banner-warning" role="status">
          Not readable as backups: {list.value.unreadable.join(', ')}
        </p>
      )}
    </section>
  );
}

function StatusPanel({ status }: { status: BackupStatus }) {
  return (
    <div className="panel" data-testid="backup-status">
      {status.warnings.map((w) => (
        <p key={w.code} className="banner banner-warning" role="status" data-testid="backup-warning" data-code={w.code}>
          {w.message}
        </p>
      ))}
      {status.pendingRestore && (
        <p className="banner banner-info" role="status" data-testid="pending-restore">
          A restore of {status.pendingRestore.backup} is scheduled (since {formatInstant(status.pendingRestore.scheduledAt)}): it runs when Clinic Office
          next starts.
        </p>
      )}
      <dl className="facts facts-compact">
        <div className="fact">
          <dt>Last good backup</dt>
          <dd data-testid="last-good">{status.lastGoodAt ? formatInstant(status.lastGoodAt) : <span className="none">never</span>}</dd>
        </div>
        <div className="fact">
          <dt>Folder</dt>
          <dd className="mono">{status.folder ?? <span className="none">not chosen</span>}</dd>
        </div>
        <div className="fact">
          <dt>Schedule</dt>
          <dd>
            Every {status.everyHours} h, keeping the last {status.keep}
          </dd>
        </div>
      </dl>
      {status.lastError && (
        <p className="error-text" role="alert">
          Last attempt failed {formatInstant(status.lastError.at)}: {status.lastError.message}
        </p>
      )}
    </div>
  );
}

const CONFIG_FIELDS = ['folder', 'keep', 'everyHours'] as const;
type ConfigField = (typeof CONFIG_FIELDS)[number];

function ConfigureForm({ status, onSaved }: { status: BackupStatus; onSaved(): void }) {
  const initial = { folder: status.folder ?? '', keep: String(status.keep), everyHours: String(status.everyHours) };
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors<ConfigField>>({});
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const dirty = CONFIG_FIELDS.some((k) => values[k] !== initial[k]);
  useLeaveGuard(dirty, 'The backup settings typed here have not been saved.');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const toNumber = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
    const parsed = backupConfigureInput.safeParse({ folder: values.folder, keep: toNumber(values.keep), everyHours: toNumber(values.everyHours) });
    if (!parsed.success) {
      const found = zodFieldErrors<ConfigField>(parsed.error);
      setErrors(found);
      focusFirstError(CONFIG_FIELDS, found, 'backup-');
      return;
    }
    setBusy(true);
    const result = await call('backups.configure', parsed.data);
    setBusy(false);
    if (!result.ok) {
      const split = serverFieldErrors(result.error, CONFIG_FIELDS);
      setErrors(split.fields);
      setMessage({ kind: 'error', text: split.general ?? result.error.message });
      return;
    }
    setErrors({});
    setMessage({ kind: 'ok', text: 'Saved.' });
    onSaved();
  };

  const set = (name: ConfigField) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value }));
  return (
    <form className="panel" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="backup-config-title" data-testid="backup-config">
      <h2 id="backup-config-title">Where and how often</h2>
      {message && (
        <div className={message.kind === 'ok' ? 'banner banner-info' : 'banner banner-error'} role="status">
          {message.text}
        </div>
      )}
      <TextField
        id="backup-folder"
        label="Backup folder"
        required
        value={values.folder}
        onChange={set('folder')}
        error={errors.folder}
        hint="A folder on another disk, a network share or a removable drive (a folder on this computer’s own disk fails with it)"
      />
      <div className="form-grid">
        <TextField id="backup-keep" label="Keep the last" inputMode="numeric" required value={values.keep} onChange={set('keep')} error={errors.keep} hint="backups (1–365)" />
        <TextField id="backup-everyHours" label="Back up every" inputMode="numeric" required value={values.everyHours} onChange={set('everyHours')} error={errors.everyHours} hint="hours (1–168)" />
      </div>
      <div className="actions">
        <button type="submit" disabled={busy || !dirty} data-testid="save-backup-config">
          {busy ? 'Saving…' : 'Save backup settings'}
        </button>
      </div>
    </form>
  );
}

function BackupRow({ item, open, onToggle, onScheduled }: { item: BackupSummary; open: boolean; onToggle(): void; onScheduled(): void }) {
  const checks = [item.authentic ? 'Sealed' : 'Seal does not hold', item.sameClinic ? 'this clinic' : 'ANOTHER clinic'].join(', ');
  return (
    <ExpandableRow
      data-testid="backup-row"
      data-name={item.name}
      open={open}
      onToggle={onToggle}
      toggleLabel="Preview / restore…"
      toggleTestId="open-restore"
      colSpan={5}
      panel={<RestorePanel item={item} onScheduled={onScheduled} />}
    >
      <td className="nowrap">{formatInstant(item.createdAt)}</td>
      <td>{item.reason}</td>
      <td>{item.patients}</td>
      <td className={item.authentic && item.sameClinic ? undefined : 'error-text'}>{checks}</td>
    </ExpandableRow>
  );
}

/** Preview first (verified with the recovery key, nothing changes), then schedule the restore for the next start. */
function RestorePanel({ item, onScheduled }: { item: BackupSummary; onScheduled(): void }) {
  const [recoveryKey, setRecoveryKey] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const restore = useRestore('admin');
  const ref = { backup: item.name, recoveryKey };
  // Whatever the service refuses (a wrong key, a damaged backup) is about this one field's try.
  const refusal = (outcome: string | RpcError) => {
    if (typeof outcome !== 'string') setError(outcome.fields?.recoveryKey ?? outcome.message);
  };

  const check = async (event: FormEvent) => {
    event.preventDefault();
    if (!recoveryKey.trim()) {
      setError('Type the recovery key');
      return;
    }
    setError(undefined);
    refusal(await restore.check(ref));
  };

  const schedule = async () => {
    const outcome = await restore.schedule(ref);
    refusal(outcome);
    if (outcome === 'scheduled') onScheduled();
  };

  return (
    <div className="restore-panel" data-testid="restore-panel">
      <form className="inline-form" noValidate onSubmit={(e) => void check(e)}>
        <RecoveryKeyField
          id="restore-key"
          value={recoveryKey}
          onChange={(value) => {
            setRecoveryKey(value);
            restore.clear();
          }}
          error={error}
        />
        <button type="submit" disabled={restore.busy} data-testid="preview-backup">
          Check and preview
        </button>
      </form>
      {restore.preview && (
        <BackupPreviewSummary preview={restore.preview}>
          <div className="actions">
            <button type="button" className="danger" onClick={() => void schedule()} disabled={restore.busy || !!restore.scheduled} data-testid="schedule-restore">
              Restore this backup…
            </button>
          </div>
        </BackupPreviewSummary>
      )}
      {restore.scheduled && (
        <p className="banner banner-info" role="status" data-testid="restore-scheduled">
          The restore is scheduled. Close Clinic Office on every window and start it again: the backup is restored before the database opens.
        </p>
      )}
    </div>
  );
}
