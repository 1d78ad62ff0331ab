import { useState, type FormEvent } from 'react';
import { clinicSettingsSchema, type ClinicSettings } from '../../../src-shared/auth/schema';
import type { Weekday } from '../../../src-shared/scheduling/clinic-time';
import { useTableVersion } from '../../lib/change-feed';
import { useLeaveGuard } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { refreshSession } from '../../lib/session';
import { focusFirstError, serverFieldErrors, TextField, zodFieldErrors, type FieldErrors } from '../auth/fields';
import { computerTimeZone, openingHoursDraft, OpeningHoursFields, openingHoursOf, TimeZoneField } from '../scheduling-setup/ClinicTimeFields';
import { Loaded } from './Loaded';
import { useLoad } from './useLoad';

const FIELDS = ['clinicName', 'idleLockMinutes', 'timeZone', 'openingHours', 'waitThresholdMinutes', 'referralReportDays'] as const;
type SettingsField = (typeof FIELDS)[number];

/** Clinic settings: the clinic's name, how long a workstation may sit idle before it locks, its time zone and opening hours. */
export function SettingsPage() {
  const version = useTableVersion('settings');
  const [result] = useLoad(() => call('settings.get', {}), version);
  return <Loaded result={result}>{(current) => <SettingsForm current={current} />}</Loaded>;
}

function formValues(settings: ClinicSettings) {
  return {
    clinicName: settings.clinicName,
    idleLockMinutes: String(settings.idleLockMinutes),
    timeZone: settings.timeZone ?? computerTimeZone(),
    openingHours: openingHoursDraft(settings.openingHours),
    waitThresholdMinutes: String(settings.waitThresholdMinutes),
    referralReportDays: String(settings.referralReportDays),
  };
}

/** Messages of the opening hours by weekday ("openingHours.mon.to" → mon). */
function openingHoursErrors(paths: Record<string, string>): Partial<Record<Weekday, string>> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(paths)) {
    const [field, day] = path.split('.');
    if (field === 'openingHours' && day) out[day] ??= message;
  }
  return out;
}

function SettingsForm({ current }: { current: ClinicSettings }) {
  const [values, setValues] = useState(() => formValues(current));
  const [errors, setErrors] = useState<FieldErrors<SettingsField>>({});
  const [dayErrors, setDayErrors] = useState<Partial<Record<Weekday, string>>>({});
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // What was just saved counts as saved at once, not only once the change feed has reloaded `current`
  // (until then, leaving would ask about "unsaved" settings). A newer `current` wins again.
  const [saved, setSaved] = useState<{ over: ClinicSettings; value: ClinicSettings } | null>(null);
  const base = saved && saved.over === current ? saved.value : current;
  const dirty = JSON.stringify(values) !== JSON.stringify(formValues(base));
  useLeaveGuard(dirty, 'The clinic settings typed here have not been saved.');
  // Until the clinic has a zone, the one offered (this computer's) can be saved as it is.
  const timeZoneSaved = base.timeZone !== undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const minutes = values.idleLockMinutes.trim() === '' ? Number.NaN : Number(values.idleLockMinutes);
    const parsed = clinicSettingsSchema.safeParse({
      clinicName: values.clinicName,
      idleLockMinutes: minutes,
      timeZone: values.timeZone,
      openingHours: openingHoursOf(values.openingHours),
      waitThresholdMinutes: values.waitThresholdMinutes.trim() === '' ? Number.NaN : Number(values.waitThresholdMinutes),
      referralReportDays: values.referralReportDays.trim() === '' ? Number.NaN : Number(values.referralReportDays),
    });
    if (!parsed.success) {
      const found = zodFieldErrors<SettingsField>(parsed.error);
      setDayErrors(openingHoursErrors(Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message]))));
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
      setDayErrors(openingHoursErrors(result.error.fields ?? {}));
      setMessage({ kind: 'error', text: split.general ?? result.error.message });
      return;
    }
    setErrors({});
    setDayErrors({});
    setSaved({ over: current, value: result.value });
    setValues(formValues(result.value));
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
        <TimeZoneField
          id="settings-timeZone"
          value={values.timeZone}
          error={errors.timeZone}
          hint={timeZoneSaved ? 'Appointments are shown in this zone on every workstation.' : 'Not saved yet: scheduling starts once the clinic\u2019s time zone is saved.'}
          onChange={(timeZone) => setValues((v) => ({ ...v, timeZone }))}
        />
        <OpeningHoursFields value={values.openingHours} errors={dayErrors} onChange={(openingHours) => setValues((v) => ({ ...v, openingHours }))} />
        <TextField
          id="settings-waitThresholdMinutes"
          label="Highlight a patient waiting longer than (minutes)"
          required
          inputMode="numeric"
          value={values.waitThresholdMinutes}
          onChange={(e) => setValues((v) => ({ ...v, waitThresholdMinutes: e.target.value }))}
          error={errors.waitThresholdMinutes}
          hint="1 to 240. The Today board marks a patient who has waited longer than this in the waiting room or in an exam room."
        />
        <TextField
          id="settings-referralReportDays"
          label="A referral is overdue with no report after (days)"
          required
          inputMode="numeric"
          value={values.referralReportDays}
          onChange={(e) => setValues((v) => ({ ...v, referralReportDays: e.target.value }))}
          error={errors.referralReportDays}
          hint="1 to 365, counted from the day an outgoing referral was sent (or made, until it is sent)."
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || (!dirty && timeZoneSaved)} data-testid="save-settings">
            {busy ? 'Saving…' : 'Save settings'}
          </button>
        </div>
      </form>
    </section>
  );
}
