import { useState, type FormEvent } from 'react';
import { scheduleProviderUpdateInput, type ScheduleProvider } from '../../../src-shared/scheduling/schema';
import { useTableVersion } from '../../lib/change-feed';
import { formKeys } from '../../lib/forms';
import { useLeaveGuard } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { SelectField, TextField } from '../auth/fields';
import { Loaded } from '../admin/Loaded';
import { useLoad } from '../admin/useLoad';
import { FormActions } from '../shell/FormActions';
import { ExceptionsPanel } from './ExceptionsPanel';
import { FormBanner } from './FormBanner';
import { TemplatesPanel } from './TemplatesPanel';
import { useResources } from './TypesPage';
import { useSetupForm } from './useSetupForm';

/** Admin: one provider's place on the schedule — colour, default room, weekly hours and one-off exceptions. */
export function AvailabilityPage() {
  const version = useTableVersion('providers');
  const [result] = useLoad(() => call('schedule.providers.list', { includeInactive: false }), version);
  const [providerId, setProviderId] = useState('');

  return (
    <section className="page page-wide" aria-labelledby="availability-title" data-testid="availability-page">
      <h1 id="availability-title">Provider availability</h1>
      <p className="subtle">Each provider&apos;s colour and usual room, the weekly hours the front desk may book, and days that differ.</p>
      <Loaded result={result}>
        {({ items }) => {
          const provider = items.find((p) => p.id === providerId) ?? null;
          return (
            <>
              <SelectField id="availability-provider" label="Provider" value={providerId} onChange={(e) => setProviderId(e.target.value)} autoFocus>
                <option value="">Choose a provider…</option>
                {items.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.displayName}
                  </option>
                ))}
              </SelectField>
              {items.length === 0 && <p className="none">No active providers: add them under Providers first.</p>}
              {provider && (
                <div key={provider.id} className="availability-sections">
                  <ProviderScheduleForm provider={provider} />
                  <TemplatesPanel providerId={provider.id} />
                  <ExceptionsPanel providerId={provider.id} />
                </div>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function ProviderScheduleForm({ provider }: { provider: ScheduleProvider }) {
  const rooms = useResources().filter((r) => r.kind === 'room' && (r.active || r.id === provider.defaultRoomId));
  const form = useSetupForm({ color: provider.color ?? '#6b7280', defaultRoomId: provider.defaultRoomId ?? '' }, 'provider-schedule-');
  const { values, dirty } = form;
  const [message, setMessage] = useState<string | null>(null);
  useLeaveGuard(dirty, "The provider's colour or room has not been saved.");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const raw = { id: provider.id, color: values.color, defaultRoomId: values.defaultRoomId || null };
    const result = await form.save(scheduleProviderUpdateInput, raw, (input) => call('schedule.providers.update', input));
    if (result) setMessage('Saved.');
  };

  return (
    <div className="panel">
      <h2>On the schedule</h2>
      <form className="setup-form inline-fields" noValidate onSubmit={(e) => void submit(e)} onKeyDown={formKeys(form.reset)} data-testid="provider-schedule-form">
        <FormBanner text={form.general} />
        {message && !dirty && (
          <p className="banner banner-info" role="status">
            {message}
          </p>
        )}
        <TextField id="provider-schedule-color" label="Colour" type="color" value={values.color} error={form.errors.color} onChange={(e) => form.set('color', e.target.value)} />
        <SelectField
          id="provider-schedule-defaultRoomId"
          label="Default room"
          value={values.defaultRoomId}
          error={form.errors.defaultRoomId}
          onChange={(e) => form.set('defaultRoomId', e.target.value)}
        >
          <option value="">None</option>
          {rooms.map((room) => (
            <option key={room.id} value={room.id}>
              {room.name}
            </option>
          ))}
        </SelectField>
        <FormActions submitLabel="Save" submitting={form.busy} onCancel={form.reset} testId="save-provider-schedule" />
      </form>
    </div>
  );
}
