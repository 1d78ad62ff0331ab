import { providerCreateInput, type Provider, type ProviderCreateInput } from '../../../src-shared/providers/schema';
import { formatProviderName } from '../../lib/format';
import { call } from '../../lib/rpc';
import { TextField } from '../auth/fields';
import { FormActions } from '../shell/FormActions';
import { useRecordForm } from '../insurance/record-form';
import { RegistryPage, type RegistryFormProps } from '../insurance/RegistryPage';

/** Admin → Providers: the clinic's providers, with their NPI; never deleted, only made inactive. */
export function ProvidersPage() {
  return (
    <RegistryPage<Provider>
      testId="providers"
      title="Providers"
      intro="Who sees patients here. Charts and visits name them, so a provider who leaves is made inactive, never deleted."
      noun="provider"
      table="providers"
      load={() => call('providers.list', { includeInactive: true })}
      columns={['Name', 'Specialty', 'NPI']}
      cells={(provider) => (
        <>
          <td>
            <strong>{formatProviderName(provider)}</strong>
          </td>
          <td>{provider.specialty ?? <span className="none">—</span>}</td>
          <td className="mono">{provider.npi}</td>
        </>
      )}
      nameOf={formatProviderName}
      deactivateMessage={(provider) =>
        `${formatProviderName(provider)} will no longer be offered as a primary provider. Charts that name them keep the name. You can reactivate them later.`
      }
      update={(input) => call('providers.update', input)}
      Form={ProviderForm}
    />
  );
}

const FIELDS = ['givenName', 'familyName', 'credentials', 'specialty', 'npi'] as const;
type ProviderFormValues = Record<(typeof FIELDS)[number], string>;

function ProviderForm({ item, onSaved, onCancel }: RegistryFormProps<Provider>) {
  const { field, summary, submit, cancel, onKeyDown, submitting } = useRecordForm<ProviderFormValues, ProviderCreateInput>({
    idPrefix: item ? `provider-${item.id}` : 'new-provider',
    defaultValues: {
      givenName: item?.givenName ?? '',
      familyName: item?.familyName ?? '',
      credentials: item?.credentials ?? '',
      specialty: item?.specialty ?? '',
      npi: item?.npi ?? '',
    },
    schema: providerCreateInput,
    fields: FIELDS,
    unsavedMessage: item ? 'The change to this provider has not been saved.' : 'The new provider has not been added yet.',
    save: (values) => (item ? call('providers.update', { id: item.id, ...values }) : call('providers.create', values)),
    onSaved: () => onSaved(item ? `${formatProviderName(item)}: saved.` : 'The provider was added.'),
    onCancel,
  });

  return (
    <form noValidate onSubmit={(event) => void submit()(event)} onKeyDown={onKeyDown} data-testid="provider-form">
      {summary && (
        <div className="banner banner-error" role="alert" data-testid="form-error">
          {summary}
        </div>
      )}
      <div className="form-grid">
        <TextField {...field('givenName')} label="Given name" required autoFocus />
        <TextField {...field('familyName')} label="Family name" required />
        <TextField {...field('credentials')} label="Credentials" hint="e.g. MD, DO, NP-C" />
        <TextField {...field('specialty')} label="Specialty" />
        <TextField {...field('npi')} label="NPI" required inputMode="numeric" hint="National Provider Identifier: 10 digits" />
      </div>
      <FormActions submitLabel={item ? 'Save provider' : 'Add provider'} submitting={submitting} onCancel={() => void cancel()} testId="save-provider" />
    </form>
  );
}
