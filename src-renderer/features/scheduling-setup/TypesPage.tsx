import type { FormEvent } from 'react';
import { appointmentTypeCreateInput, OVERBOOK_RULE_LABELS, OVERBOOK_RULES, type AppointmentType, type Resource } from '../../../src-shared/scheduling/schema';
import { useTableVersion } from '../../lib/change-feed';
import { formKeys } from '../../lib/forms';
import { useLeaveGuard } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { FieldShell, SelectField, TextField } from '../auth/fields';
import { useLoad } from '../admin/useLoad';
import { RegistryPage, type RegistryFormProps } from '../insurance/RegistryPage';
import { FormActions } from '../shell/FormActions';
import { FormBanner } from './FormBanner';
import { useSetupForm } from './useSetupForm';

/** Admin: appointment types, their length, colour, the rooms and devices they book and their overbooking rule. */
export function TypesPage() {
  const resources = useResources();
  const names = new Map(resources.map((r) => [r.id, r.name]));
  return (
    <RegistryPage<AppointmentType>
      testId="types"
      title="Appointment types"
      intro="What the front desk books: its usual length, its colour on the schedule, the rooms and devices it needs and whether it may be overbooked."
      noun="type"
      table="appointment_types"
      load={() => call('schedule.types.list', { includeInactive: true })}
      columns={['Name', 'Minutes', 'Needs', 'Overbooking']}
      cells={(type) => (
        <>
          <td data-testid="type-name">
            <span className="color-swatch" style={{ background: type.color }} aria-hidden="true" /> {type.name}
          </td>
          <td>{type.durationMinutes}</td>
          <td>{type.resourceIds.map((id) => names.get(id) ?? '—').join(', ') || '—'}</td>
          <td>{type.overbookRule === 'cap' ? `With a reason, up to ${type.overbookCapPerDay} a day` : OVERBOOK_RULE_LABELS[type.overbookRule]}</td>
        </>
      )}
      nameOf={(type) => type.name}
      deactivateMessage={() => 'It can no longer be booked; appointments already booked keep it.'}
      update={(input) => call('schedule.types.update', input)}
      Form={TypeForm}
    />
  );
}

/** Every room and device, inactive ones too (types may still name them), kept current. */
export function useResources(): Resource[] {
  const version = useTableVersion('resources');
  const [result] = useLoad(() => call('schedule.resources.list', { includeInactive: true }), version);
  return result?.ok ? result.value.items : [];
}

function TypeForm({ item, onSaved, onCancel }: RegistryFormProps<AppointmentType>) {
  const resources = useResources();
  const form = useSetupForm(
    {
    name: item?.name ?? '',
    durationMinutes: String(item?.durationMinutes ?? 30),
    color: item?.color ?? '#2f6fdf',
    resourceIds: item?.resourceIds ?? [],
    overbookRule: item?.overbookRule ?? 'never',
    overbookCapPerDay: item?.overbookCapPerDay == null ? '' : String(item.overbookCapPerDay),
    },
    'type-',
  );
  const { values } = form;
  useLeaveGuard(form.dirty, 'The appointment type typed here has not been saved.');
  const choosable = resources.filter((r) => r.active || values.resourceIds.includes(r.id));

  const toggleResource = (id: string, on: boolean) => form.set('resourceIds', on ? [...values.resourceIds, id] : values.resourceIds.filter((r) => r !== id));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const raw = {
      ...values,
      durationMinutes: values.durationMinutes.trim() === '' ? Number.NaN : Number(values.durationMinutes),
      overbookCapPerDay: values.overbookRule === 'cap' ? (values.overbookCapPerDay.trim() === '' ? null : Number(values.overbookCapPerDay)) : null,
    };
    const saved = await form.save(appointmentTypeCreateInput, raw, (input) =>
      item ? call('schedule.types.update', { id: item.id, ...input }) : call('schedule.types.create', input),
    );
    if (saved) onSaved(item ? `${saved.name} saved.` : `${saved.name} added.`);
  };

  return (
    <form className="setup-form" noValidate onSubmit={(e) => void submit(e)} onKeyDown={formKeys(onCancel)} data-testid="type-form">
      <FormBanner text={form.general} />
      <TextField id="type-name" label="Name" required autoFocus value={values.name} error={form.errors.name} onChange={(e) => form.set('name', e.target.value)} />
      <TextField
        id="type-durationMinutes"
        label="Length in minutes"
        required
        inputMode="numeric"
        value={values.durationMinutes}
        error={form.errors.durationMinutes}
        hint="5 to 720"
        onChange={(e) => form.set('durationMinutes', e.target.value)}
      />
      <TextField id="type-color" label="Colour" required type="color" value={values.color} error={form.errors.color} onChange={(e) => form.set('color', e.target.value)} />
      <FieldShell id="type-resourceIds" label="Rooms and equipment it needs" error={form.errors.resourceIds} hint={choosable.length === 0 ? 'No rooms or equipment yet.' : undefined}>
        <div className="checkbox-list" id="type-resourceIds" tabIndex={-1}>
          {choosable.map((resource) => (
            <label key={resource.id} className="checkbox">
              <input
                type="checkbox"
                checked={values.resourceIds.includes(resource.id)}
                onChange={(e) => toggleResource(resource.id, e.target.checked)}
                data-testid={`type-needs-${resource.name}`}
              />{' '}
              {resource.name}
            </label>
          ))}
        </div>
      </FieldShell>
      <SelectField
        id="type-overbookRule"
        label="Overbooking"
        required
        value={values.overbookRule}
        error={form.errors.overbookRule}
        onChange={(e) => form.set('overbookRule', e.target.value as AppointmentType['overbookRule'])}
      >
        {OVERBOOK_RULES.map((rule) => (
          <option key={rule} value={rule}>
            {OVERBOOK_RULE_LABELS[rule]}
          </option>
        ))}
      </SelectField>
      {values.overbookRule === 'cap' && (
        <TextField
          id="type-overbookCapPerDay"
          label="Overbooks allowed per day"
          required
          inputMode="numeric"
          value={values.overbookCapPerDay}
          error={form.errors.overbookCapPerDay}
          hint="1 to 50"
          onChange={(e) => form.set('overbookCapPerDay', e.target.value)}
        />
      )}
      <FormActions submitLabel={item ? 'Save' : 'Add'} submitting={form.busy} onCancel={onCancel} testId="save-type" />
    </form>
  );
}
