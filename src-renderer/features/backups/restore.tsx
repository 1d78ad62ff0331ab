/**
 * Restoring a backup, shared by Admin › Backups (a clinic that is set up) and the first-run screen
 * (a new computer replacing a lost one): the recovery-key field, the check that shows what a
 * backup holds (nothing changes yet), and the confirmed scheduling of the restore for the next start.
 */
import { useRef, useState, type ReactNode } from 'react';
import type { BackupPreview } from '../../../src-shared/backups/schema';
import type { MethodOutput } from '../../../src-shared/rpc/contract';
import type { RpcError } from '../../../src-shared/rpc/errors';
import { askConfirm } from '../../lib/confirm';
import { formatInstant } from '../../lib/format';
import { call } from '../../lib/rpc';
import { APP_VERSION, isNewerThanThisApp } from '../../lib/version';
import { TextField } from '../auth/fields';

export type ScheduledRestore = MethodOutput<'backups.scheduleRestore'>;

/** Which backup (its name in the backup folder, or the full path of a backup folder) and the key that opens it. */
export interface RestoreRef {
  backup: string;
  recoveryKey: string;
}

const patients = (n: number) => (n === 1 ? '1 patient' : `${n} patients`);

interface RecoveryKeyFieldProps {
  id: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  autoFocus?: boolean;
}

/** The recovery key as printed at set-up. The service forgives lower case, spaces and missing dashes. */
export function RecoveryKeyField({ id, value, onChange, error, autoFocus }: RecoveryKeyFieldProps) {
  return (
    <TextField
      id={id}
      label="Recovery key"
      className="mono recovery-key-input"
      required
      autoFocus={autoFocus}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      maxLength={100}
      placeholder="XXXXX-XXXXX-XXXXX-XXXXX-XXXXX"
      hint="25 letters and digits, as printed when the clinic was set up. Lower case and missing dashes are fine."
    />
  );
}

/** What a backup holds, as checked with the recovery key; `children` are the actions under it. */
export function BackupPreviewSummary({ preview, children }: { preview: BackupPreview; children?: ReactNode }) {
  return (
    <section className="notice backup-preview" aria-labelledby="backup-preview-title" data-testid="backup-preview">
      <p id="backup-preview-title" className="backup-preview-title">
        Checked: the recovery key opens this backup, and its files are complete.
      </p>
      <dl className="facts facts-compact">
        <div className="fact">
          <dt>Made on</dt>
          <dd data-testid="preview-created">{formatInstant(preview.createdAt)}</dd>
        </div>
        <div className="fact">
          <dt>Patients</dt>
          <dd>
            <strong data-testid="preview-patients">{preview.patients}</strong>
            {preview.appointments !== null && <span className="subtle"> · {preview.appointments} appointments</span>}
          </dd>
        </div>
        <div className="fact">
          <dt>App version</dt>
          <dd data-testid="preview-version">{preview.appVersion}</dd>
        </div>
      </dl>
      {isNewerThanThisApp(preview.appVersion) && (
        <p className="banner banner-warning" role="note" data-testid="preview-newer">
          This backup was made by Clinic Office {preview.appVersion}, newer than the version on this computer ({APP_VERSION}). Install Clinic Office{' '}
          {preview.appVersion} or later here first: an older version may not open the restored data.
        </p>
      )}
      <p data-testid="preview-target">
        {preview.currentPatients
          ? `This computer holds ${patients(preview.currentPatients)} now: the restore replaces them, and the current data is kept aside, not deleted.`
          : 'This computer holds no patients yet.'}
      </p>
      {!preview.sameClinic && !preview.targetEmpty && <p className="error-text">This backup is of another clinic.</p>}
      {children}
    </section>
  );
}

function confirmRestore(preview: BackupPreview): Promise<boolean> {
  const now = preview.currentPatients ? `This computer holds ${patients(preview.currentPatients)} now; whatever is here` : 'Whatever is here now';
  return askConfirm({
    title: 'Restore this backup?',
    message: `When Clinic Office next starts, the clinic’s data on this computer is replaced by the backup of ${formatInstant(preview.createdAt)} (${patients(
      preview.patients,
    )}): its users, patients and documents as they were then. ${now} is kept aside, not deleted.`,
    confirmLabel: 'Restore at next start',
    cancelLabel: 'Cancel',
  });
}

const METHODS = {
  /** An administrator of a clinic that is set up. */
  admin: { preview: 'backups.preview', schedule: 'backups.scheduleRestore' },
  /** Anyone at the keyboard, only until the clinic has a user. */
  'first-run': { preview: 'setup.previewRestore', schedule: 'setup.scheduleRestore' },
} as const;

/**
 * The two steps of a restore: `check` verifies the backup with the key and shows what it holds;
 * `schedule` asks for confirmation, then has the restore applied at the next start. Both resolve
 * to the service's refusal, for the caller to put next to the right field.
 */
export function useRestore(where: keyof typeof METHODS) {
  const methods = METHODS[where];
  const [preview, setPreview] = useState<BackupPreview | null>(null);
  const [scheduled, setScheduled] = useState<ScheduledRestore | null>(null);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);

  async function once<T>(work: () => Promise<T>): Promise<T | 'busy'> {
    if (inFlight.current) return 'busy';
    inFlight.current = true;
    setBusy(true);
    try {
      return await work();
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  /** Resolves to 'previewed', or the refusal (a wrong key, a damaged backup…). */
  const check = async (ref: RestoreRef): Promise<'previewed' | 'busy' | RpcError> => {
    setPreview(null);
    return once(async () => {
      const result = await call(methods.preview, ref);
      if (!result.ok) return result.error;
      setPreview(result.value);
      return 'previewed' as const;
    });
  };

  /** For the backup just checked: resolves to 'scheduled', 'cancelled' (not confirmed), or the refusal. */
  const schedule = async (ref: RestoreRef): Promise<'scheduled' | 'cancelled' | 'busy' | RpcError> => {
    if (!preview || inFlight.current) return 'busy';
    if (!(await confirmRestore(preview))) return 'cancelled';
    return once(async () => {
      const result = await call(methods.schedule, ref);
      if (!result.ok) return result.error;
      setScheduled(result.value);
      return 'scheduled' as const;
    });
  };

  /** Forget the preview (the backup or the key was edited: it no longer describes what would be restored). */
  const clear = () => setPreview(null);

  return { preview, scheduled, busy, check, schedule, clear };
}
