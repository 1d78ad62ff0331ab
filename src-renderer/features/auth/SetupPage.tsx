import { useRef, useState, type Dispatch, type FormEvent, type SetStateAction } from 'react';
import { createFirstAdminInput, MIN_PASSWORD_LENGTH } from '../../../src-shared/auth/schema';
import { useLeaveGuard } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { setupDone, signIn } from '../../lib/session';
import { focusFirstError, serverFieldErrors, TextField, zodFieldErrors, type FieldErrors } from './fields';
import { computerTimeZone, TimeZoneField } from '../scheduling-setup/ClinicTimeFields';
import { EMPTY_RESTORE, RestoreFromBackupStep, type RestoreValues } from './RestoreFromBackupStep';

const FIELDS = ['clinicName', 'timeZone', 'displayName', 'username', 'password', 'confirm'] as const;
type SetupField = (typeof FIELDS)[number];
type SetupValues = Record<SetupField, string>;

export const PASSWORD_HINT = `At least ${MIN_PASSWORD_LENGTH} characters. A phrase of several unrelated words is strong and easy to remember.`;

interface Created {
  recoveryKey: string;
  clinicName: string;
  username: string;
  password: string;
}

/**
 * First run: name the clinic, its time zone, and create the first administrator, then show the recovery key once.
 * Or, on a computer that replaces a lost one, restore the clinic from a backup instead. What was
 * typed into either form stays while going back and forth between them.
 */
export function SetupPage() {
  const [created, setCreated] = useState<Created | null>(null);
  const [view, setView] = useState<'create' | 'restore' | 'back-from-restore'>('create');
  const [setupValues, setSetupValues] = useState<SetupValues>({ clinicName: '', timeZone: computerTimeZone(), displayName: '', username: '', password: '', confirm: '' });
  const [restoreValues, setRestoreValues] = useState<RestoreValues>(EMPTY_RESTORE);
  return (
    <div className="auth-screen">
      {created ? (
        <RecoveryKeyStep created={created} />
      ) : view === 'restore' ? (
        <RestoreFromBackupStep values={restoreValues} setValues={setRestoreValues} onBack={() => setView('back-from-restore')} />
      ) : (
        <CreateAdminStep
          values={setupValues}
          setValues={setSetupValues}
          focusRestoreChoice={view === 'back-from-restore'}
          onRestore={() => setView('restore')}
          onCreated={setCreated}
        />
      )}
    </div>
  );
}

interface CreateAdminProps {
  values: SetupValues;
  setValues: Dispatch<SetStateAction<SetupValues>>;
  /** Coming back from the restore screen: the focus returns to the choice that led there. */
  focusRestoreChoice: boolean;
  onRestore(): void;
  onCreated(created: Created): void;
}

function CreateAdminStep({ values, setValues, focusRestoreChoice, onRestore, onCreated }: CreateAdminProps) {
  const [errors, setErrors] = useState<FieldErrors<SetupField>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);

  const set = (name: SetupField) => (event: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: event.target.value }));
    // An error goes once the field is edited; the next submit checks again.
    setErrors((e) => (e[name] ? { ...e, [name]: undefined } : e));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (inFlight.current) return;
    const parsed = createFirstAdminInput.safeParse(values);
    const found: FieldErrors<SetupField> = parsed.success ? {} : zodFieldErrors<SetupField>(parsed.error);
    if (!found.confirm && values.confirm !== values.password) found.confirm = 'Does not match the password';
    if (!parsed.success || Object.keys(found).length > 0) {
      setErrors(found);
      setGeneral('Not set up yet. Please correct the fields marked below.');
      focusFirstError(FIELDS, found, 'setup-');
      return;
    }
    inFlight.current = true;
    setBusy(true);
    setGeneral(null);
    const result = await call('setup.createFirstAdmin', parsed.data);
    inFlight.current = false;
    setBusy(false);
    if (!result.ok) {
      const split = serverFieldErrors(result.error, FIELDS);
      setErrors(split.fields);
      setGeneral(split.general);
      focusFirstError(FIELDS, split.fields, 'setup-');
      return;
    }
    setupDone(parsed.data.clinicName);
    onCreated({ recoveryKey: result.value.recoveryKey, clinicName: parsed.data.clinicName, username: result.value.user.username, password: values.password });
  };

  const field = (name: SetupField) => ({ id: `setup-${name}`, value: values[name], onChange: set(name), error: errors[name], required: true });

  return (
    <form className="auth-panel setup-panel" noValidate onSubmit={(e) => void submit(e)} data-testid="setup-form" aria-labelledby="setup-title">
      <h1 id="setup-title">Set up Clinic Office</h1>
      <p className="lead">This is the first start on this computer. Name the clinic, check its time zone and create the first administrator account.</p>
      <div className="setup-choice" data-testid="restore-choice">
        <span id="restore-choice-text">Replacing a lost or broken computer?</span>
        <button type="button" onClick={onRestore} autoFocus={focusRestoreChoice} aria-describedby="restore-choice-text" data-testid="open-restore">
          Restore from a backup
        </button>
      </div>
      {general && (
        <div className="banner banner-error" role="alert" data-testid="form-error">
          {general}
        </div>
      )}
      <TextField {...field('clinicName')} label="Clinic name" autoFocus={!focusRestoreChoice} hint="Shown on every screen and on printed pages" />
      <TimeZoneField
        id="setup-timeZone"
        value={values.timeZone}
        error={errors.timeZone}
        hint="Where the clinic is: appointments are shown in this zone on every workstation (this computer's zone is filled in)."
        onChange={(timeZone) => set('timeZone')({ target: { value: timeZone } })}
      />
      <h2>Administrator</h2>
      <div className="form-grid">
        <TextField {...field('displayName')} label="Your name" hint="As colleagues should see it, e.g. Dana Whitfield" />
        <TextField {...field('username')} label="Username" hint="What you type to sign in, e.g. dana.w" autoCapitalize="none" />
        <TextField {...field('password')} label="Password" type="password" autoComplete="new-password" hint={PASSWORD_HINT} />
        <TextField {...field('confirm')} label="Confirm password" type="password" autoComplete="new-password" />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} data-testid="setup-submit">
          {busy ? 'Setting up…' : 'Create administrator'}
        </button>
      </div>
    </form>
  );
}

function RecoveryKeyStep({ created }: { created: Created }) {
  const [stored, setStored] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The key is shown only this once: closing the window before confirming asks first.
  useLeaveGuard(!busy, 'The recovery key is shown only this once. Print it or write it down before you leave.');

  const printedOn = new Date().toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' });

  const finish = async () => {
    if (!stored || busy) return;
    setBusy(true);
    const result = await signIn(created.username, created.password);
    if (!result.ok) {
      setBusy(false);
      setError(`${result.error.message}. The clinic is set up: sign in with the new administrator account.`);
    }
  };

  return (
    <section className="auth-panel recovery-panel" aria-labelledby="recovery-title" data-testid="recovery-key-step">
      <h1 id="recovery-title">The clinic’s recovery key</h1>
      <p className="lead">
        Backups are encrypted under this key. If this computer is lost or broken, the key is the only way to restore the clinic’s
        data on a new one.
      </p>
      <div className="banner banner-warning" role="note">
        <strong>It is shown only this once.</strong> Print it, or write it down exactly, and keep it somewhere safe away from this
        computer (for example in the office safe). Anyone who has it and a backup can read the backup.
      </div>
      <div className="recovery-print" data-testid="recovery-print">
        <p className="print-only recovery-print-title">
          <strong>{created.clinicName}</strong> — Clinic Office recovery key
        </p>
        <p className="recovery-key mono" data-testid="recovery-key" aria-label="Recovery key">
          {created.recoveryKey}
        </p>
        <p className="print-only">Printed {printedOn}. Keep this page somewhere safe, away from the computer.</p>
      </div>
      <div className="actions">
        <button type="button" onClick={() => window.print()} data-testid="print-recovery-key">
          Print
        </button>
      </div>
      <label className="checkbox-line">
        <input type="checkbox" checked={stored} onChange={(e) => setStored(e.target.checked)} data-testid="recovery-stored" />
        I have stored the recovery key safely
      </label>
      {error && (
        <div className="banner banner-error" role="alert" data-testid="form-error">
          {error}
        </div>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={!stored || busy} onClick={() => void finish()} data-testid="recovery-continue">
          {busy ? 'Signing in…' : 'Continue'}
        </button>
        {!stored && <span className="hint">Tick the box once the key is stored.</span>}
      </div>
    </section>
  );
}
