import { useState, type FormEvent } from 'react';
import { clinicSettingsSchema, type ClinicSettings } from '../../../src-shared/auth/schema';
import { useTableVersion } from '../../lib/change-feed';
import { useLeaveGuard } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { refreshSession } from '../../lib/session';
import { focusFirstError, serverFieldErrors, TextField, zodFieldErrors, type FieldErrors } from '../auth/fields';
import { Loaded } from './Loaded';
import { useLoad } from './useLoad';

const FIELDS = ['clinicName', 'idleLockMinutes'] as const;
type SettingsField = (typeof FIELDS)[number];

/** Clinic settings: the clinic's name and how long a workstation may sit idle before it locks. */
export function SettingsPage() {
  const version = useTableVersion('settings');
  const [result] = useLoad(() => call('settings.get', {}), version);
  return <Loaded result={result}>{(current) => <SettingsForm current={current} />}</Loaded>;
}

function SettingsForm({ current }: { current: ClinicSettings }) {
  const [values, setValues] = useState({ clinicName: current.clinicName, idleLockMinutes: String(current.idleLockMinutes) });
  const [errors, setErrors] = useState<FieldErrors<SettingsField>>({});
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // What was just saved counts as saved at once, not only once the change feed has reloaded `current`
  // (until then, leaving would ask about "unsaved" settings). A newer `current` wins again.
  const [saved, setSaved] = useState<{ over: ClinicSettings; value: ClinicSettings } | null>(null);
  const base = saved && saved.over === current ? saved.value : current;
  const dirty = values.clinicName !== base.clinicName || values.idleLockMinutes !== String(base.idleLockMinutes);
  useLeaveGuard(dirty, 'The clinic settings typed here have not been saved.');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const minutes = values.idleLockMinutes.trim() === '' ? Number.NaN : Number(values.idleLockMinutes);
    const parsed = clinicSettingsSchema.safeParse({ clinicName: values.clinicName, idleLockMinutes: minutes });
    if (!parsed.success) {
      const found = zodFieldErrors<SettingsField>(parsed.error);
      if (found.idleLockMinutes && !Number.isInteger(minutes)) found.idleLockMinutes = 'A whole number of minutes, 1 to 120';
      setErrors(found);
      setMessage({ kind: 'error', text: 'Not saved. Please correct the fields marked below.' });
      focusFirstError(FIELDS, found, 'settings-');
      return;
    }
    setBusy(true);
    const result = await call('settings.update', parsed.data);
    setBusy(false);
    if (!result.ok) {
      const split = serverFieldErrors(result.error, FIELDS);
      setErrors(split.fields);
      setMessage({ kind: 'error', text: split.general ?? result.error.message });
      return;
    }
    setErrors({});
    setSaved({ over: current, value: result.value });
    setValues({ clinicName: result.value.clinicName, idleLockMinutes: String(result.value.idleLockMinutes) });
    setMessage({ kind: 'ok', text: 'Saved. The new settings apply on every workstation.' });
    await refreshSession();
  };

  return (
    <section className="page" aria-labelledby="settings-title" data-testid="settings-page">
      <h1 id="settings-title">Clinic settings</h1>
      <form className="settings-form" noValidate onSubmit={(e) => void submit(e)}>
        {message && (
          <div className={message.kind === 'ok' ? 'banner banner-info' : 'banner banner-error'} role={message.kind === 'ok' ? 'status' : 'alert'} data-testid="settings-message">
            {message.text}
          </div>
        )}
        <TextField
          id="settings-clinicName"
          label="Clinic name"
          required
          value={values.clinicName}
          onChange={(e) => setValues((v) => ({ ...v, clinicName: e.target.value }))}
          error={errors.clinicName}
          autoFocus
        />
        <TextField
          id="settings-idleLockMinutes"
          label="Lock the screen after this many idle minutes"
          required
          inputMode="numeric"
          value={values.idleLockMinutes}
          onChange={(e) => setValues((v) => ({ ...v, idleLockMinutes: e.target.value }))}
          error={errors.idleLockMinutes}
          hint="1 to 120. Unsaved input stays under the lock; the same user unlocks with their password."
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || !dirty} data-testid="save-settings">
            {busy ? 'Saving…' : 'Save settings'}
          </button>
        </div>
      </form>
    </section>
  );
}
