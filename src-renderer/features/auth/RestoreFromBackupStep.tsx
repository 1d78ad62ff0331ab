import { useEffect, useRef, useState, type Dispatch, type FormEvent, type KeyboardEvent, type SetStateAction } from 'react';
import type { RpcError } from '../../../src-shared/rpc/errors';
import { formatInstant } from '../../lib/format';
import { runtime } from '../../lib/rpc';
import { boot } from '../../lib/session';
import { BackupPreviewSummary, RecoveryKeyField, useRestore, type ScheduledRestore } from '../backups/restore';
import { focusFirstError, serverFieldErrors, TextField, type FieldErrors } from './fields';

const FIELDS = ['backup', 'recoveryKey'] as const;
type RestoreField = (typeof FIELDS)[number];
export type RestoreValues = Record<RestoreField, string>;
export const EMPTY_RESTORE: RestoreValues = { backup: '', recoveryKey: '' };

const PREFIX = 'first-restore-';

const ON_WINDOWS = typeof navigator !== 'undefined' && /Windows/i.test(navigator.userAgent);
const EXAMPLE_PATH = ON_WINDOWS ? 'E:\\Clinic backups\\clinic-backup-2026-03-02T15-04-05Z' : '/media/usb/clinic-backups/clinic-backup-2026-03-02T15-04-05Z';
const ABSOLUTE_PATH = /^(?:[A-Za-z]:[\\/]|\\\\|\/)/;

/** A path as pasted: Windows' "Copy as path" wraps it in double quotes. */
const cleanPath = (text: string) => text.trim().replace(/^"(.*)"$/, '$1').trim();

interface Props {
  values: RestoreValues;
  setValues: Dispatch<SetStateAction<RestoreValues>>;
  /** Back to the set-up form (Esc, or the Back button). */
  onBack(): void;
}

/**
 * First run on a computer that replaces a lost or broken one: a backup folder and the recovery key
 * → what the backup holds → the restore, applied when Clinic Office next starts.
 */
export function RestoreFromBackupStep({ values, setValues, onBack }: Props) {
  const restore = useRestore('first-run');
  const [errors, setErrors] = useState<FieldErrors<RestoreField>>({});
  const [general, setGeneral] = useState<{ text: string; setUp: boolean } | null>(null);
  const restoreButton = useRef<HTMLButtonElement>(null);

  // Once the preview shows, the next step is one Enter away (the confirmation's safe choice has the focus).
  useEffect(() => {
    if (restore.preview) restoreButton.current?.focus();
  }, [restore.preview]);

  if (restore.scheduled) return <RestoreScheduled scheduled={restore.scheduled} />;

  const set = (name: RestoreField) => (value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    setErrors((e) => (e[name] ? { ...e, [name]: undefined } : e));
    restore.clear();
  };

  const ref = () => ({ backup: cleanPath(values.backup), recoveryKey: values.recoveryKey.trim() });

  const show = (found: FieldErrors<RestoreField>, text: string | null, setUp = false) => {
    setErrors(found);
    setGeneral(text ? { text, setUp } : null);
    focusFirstError(FIELDS, found, PREFIX);
  };

  /** Each refusal next to its field: the key's on the key; a backup that cannot be used on the folder. */
  const refused = (error: RpcError) => {
    const { fields } = serverFieldErrors(error, FIELDS);
    if (Object.keys(fields).length > 0) show(fields, null);
    else if (error.code === 'VALIDATION') show({ backup: error.message }, null);
    else show({}, error.message, error.code === 'CONFLICT');
  };

  const check = async (event: FormEvent) => {
    event.preventDefault();
    const { backup, recoveryKey } = ref();
    const found: FieldErrors<RestoreField> = {};
    if (!backup) found.backup = 'Type the full path of the backup folder';
    else if (!ABSOLUTE_PATH.test(backup)) found.backup = `Type the full path, e.g. ${EXAMPLE_PATH}`;
    if (!recoveryKey) found.recoveryKey = 'Type the recovery key';
    if (Object.keys(found).length > 0) return show(found, null);
    show({}, null);
    const outcome = await restore.check({ backup, recoveryKey });
    if (typeof outcome !== 'string') refused(outcome);
  };

  const schedule = async () => {
    const outcome = await restore.schedule(ref());
    if (typeof outcome !== 'string') refused(outcome);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented || restore.busy) return;
    event.preventDefault();
    onBack();
  };

  return (
    <section className="auth-panel setup-panel" aria-labelledby="restore-title" data-testid="restore-step" onKeyDown={onKeyDown}>
      <h1 id="restore-title">Restore from a backup</h1>
      <p className="lead">
        For a computer that replaces a lost or broken one: the clinic’s data comes back from a backup, opened with the recovery key printed when the clinic was
        first set up. Nothing changes until Clinic Office starts again.
      </p>
      {general && (
        <div className="banner banner-error" role="alert" data-testid="form-error">
          {general.text}
          {general.setUp && (
            <div className="actions">
              <button type="button" onClick={() => void boot()} data-testid="go-sign-in">
                Go to sign-in
              </button>
            </div>
          )}
        </div>
      )}
      <form noValidate onSubmit={(e) => void check(e)} data-testid="restore-form">
        <p className="hint">
          Backups are usually on the USB drive or network drive chosen for them, in a folder of dated <span className="mono">clinic-backup-…</span> folders, one
          per backup. Give the newest one.
        </p>
        <TextField
          id={`${PREFIX}backup`}
          label="Backup folder"
          className="mono"
          required
          autoFocus
          value={values.backup}
          onChange={(e) => set('backup')(e.target.value)}
          error={errors.backup}
          maxLength={1000}
          placeholder={EXAMPLE_PATH}
          hint={`The full path of one backup, e.g. ${EXAMPLE_PATH}`}
        />
        <RecoveryKeyField id={`${PREFIX}recoveryKey`} value={values.recoveryKey} onChange={set('recoveryKey')} error={errors.recoveryKey} />
        <div className="actions">
          <button type="submit" className={restore.preview ? undefined : 'primary'} disabled={restore.busy} data-testid="check-backup">
            {restore.busy && !restore.preview ? 'Checking…' : 'Check backup'}
          </button>
          <button type="button" onClick={onBack} disabled={restore.busy} data-testid="restore-back" aria-keyshortcuts="Escape">
            Back to set-up <kbd>Esc</kbd>
          </button>
        </div>
      </form>
      {restore.preview && (
        <BackupPreviewSummary preview={restore.preview}>
          <div className="actions">
            <button type="button" ref={restoreButton} className="primary" onClick={() => void schedule()} disabled={restore.busy} data-testid="schedule-restore">
              {restore.busy ? 'Scheduling…' : 'Restore at next start…'}
            </button>
          </div>
        </BackupPreviewSummary>
      )}
    </section>
  );
}

/** The restore waits for the next start; what to do now depends on how Clinic Office runs here. */
function RestoreScheduled({ scheduled }: { scheduled: ScheduledRestore }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const restart = runtime === 'electron' ? 'Close Clinic Office and open it again.' : 'Stop and start the clinic service again, then open the address it prints.';
  return (
    <section className="auth-panel setup-panel" aria-labelledby="restore-done-title" data-testid="restore-done">
      <h1 id="restore-done-title" ref={heading} tabIndex={-1}>
        Restore scheduled
      </h1>
      <p className="banner banner-info" role="status" data-testid="restore-scheduled">
        The backup will be restored when Clinic Office next starts. <strong>{restart}</strong>
      </p>
      <dl className="facts facts-compact facts-two">
        <div className="fact">
          <dt>Backup made on</dt>
          <dd>{formatInstant(scheduled.createdAt)}</dd>
        </div>
        <div className="fact">
          <dt>From</dt>
          <dd className="mono">{scheduled.path}</dd>
        </div>
      </dl>
      <p className="hint">Then sign in as before, with a user account of the restored clinic.</p>
    </section>
  );
}
