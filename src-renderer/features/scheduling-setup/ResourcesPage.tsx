import type { FormEvent } from 'react';
import { RESOURCE_KINDS, resourceCreateInput, type Resource } from '../../../src-shared/scheduling/schema';
import { formKeys } from '../../lib/forms';
import { useLeaveGuard } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { SelectField, TextField } from '../auth/fields';
import { RegistryPage, type RegistryFormProps } from '../insurance/RegistryPage';
import { FormActions } from '../shell/FormActions';
import { FormBanner } from './FormBanner';
import { useSetupForm } from './useSetupForm';

export const KIND_LABELS: Record<Resource['kind'], string> = { room: 'Room', equipment: 'Equipment' };

/** Admin: the rooms and devices appointment types book. */
export function ResourcesPage() {
  return (
    <RegistryPage<Resource>
      testId="resources"
      title="Rooms and equipment"
      intro="What appointment types book besides the provider: exam rooms, procedure rooms, devices. Inactive ones are no longer booked."
      noun="resource"
      table="resources"
      load={() => call('schedule.resources.list', { includeInactive: true })}
      columns={['Name', 'Kind']}
      cells={(resource) => (
        <>
          <td data-testid="resource-name">{resource.name}</td>
          <td>{KIND_LABELS[resource.kind]}</td>
        </>
      )}
      nameOf={(resource) => resource.name}
      deactivateMessage={() => 'New appointments will not book it; appointments already booked keep it.'}
      update={(input) => call('schedule.resources.update', input)}
      Form={ResourceForm}
    />
  );
}

function ResourceForm({ item, onSaved, onCancel }: RegistryFormProps<Resource>) {
  const form = useSetupForm({ name: item?.name ?? '', kind: item?.kind ?? 'room' }, 'resource-');
  const { values } = form;
  useLeaveGuard(form.dirty, 'The room or device typed here has not been saved.');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await form.save(resourceCreateInput, values, (input) =>
      item ? call('schedule.resources.update', { id: item.id, ...input }) : call('schedule.resources.create', input),
    );
    if (saved) onSaved(item ? `${saved.name} saved.` : `${saved.name} added.`);
  };

  return (
    <form className="setup-form" noValidate onSubmit={(e) => void submit(e)} onKeyDown={formKeys(onCancel)} data-testid="resource-form">
      <FormBanner text={form.general} />
      <TextField id="resource-name" label="Name" required autoFocus value={values.name} error={form.errors.name} onChange={(e) => form.set('name', e.target.value)} />
      <SelectField id="resource-kind" label="Kind" required value={values.kind} error={form.errors.kind} onChange={(e) => form.set('kind', e.target.value as Resource['kind'])}>
        {RESOURCE_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {KIND_LABELS[kind]}
          </option>
        ))}
      </SelectField>
      <FormActions submitLabel={item ? 'Save' : 'Add'} submitting={form.busy} onCancel={onCancel} testId="save-resource" />
    </form>
  );
}
