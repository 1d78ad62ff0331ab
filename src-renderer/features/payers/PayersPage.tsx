import { DEFAULT_COUNTRY } from '../../../src-shared/patients/codes';
import { addressLines } from '../../../src-shared/patients/display';
import { ADDRESS_FIELDS } from '../../../src-shared/patients/registration-rules';
import { payerCreateInput, type Payer, type PayerCreateInput } from '../../../src-shared/insurance/schema';
import { formatPhone } from '../../lib/format';
import { call } from '../../lib/rpc';
import { SelectField, TextField } from '../auth/fields';
import { FormActions } from '../shell/FormActions';
import { useRecordForm } from '../insurance/record-form';
import { RegistryPage, type RegistryFormProps } from '../insurance/RegistryPage';
import { CountryOptions } from '../patients/form-options';

/** Admin → Payers: insurance companies and programs that coverages name; never deleted, only made inactive. */
export function PayersPage() {
  return (
    <RegistryPage<Payer>
      testId="payers"
      title="Payers"
      intro="Insurance companies and programs. Coverages name them, so a payer the clinic no longer works with is made inactive, never deleted."
      noun="payer"
      table="payers"
      load={() => call('payers.list', { includeInactive: true })}
      columns={['Name', 'EDI payer id', 'Phone', 'Address']}
      cells={(payer) => (
        <>
          <td>
            <strong>{payer.name}</strong>
          </td>
          <td className="mono">{payer.ediPayerId ?? <span className="none">—</span>}</td>
          <td className="nowrap">{payer.phone ? formatPhone(payer.phone) : <span className="none">—</span>}</td>
          <td>{addressLines(payer).join(', ') || <span className="none">—</span>}</td>
        </>
      )}
      nameOf={(payer) => payer.name}
      deactivateMessage={(payer) =>
        `${payer.name} will no longer be offered for new coverages. Patients’ coverages with it stay as they are. You can reactivate it later.`
      }
      update={(input) => call('payers.update', input)}
      Form={PayerForm}
    />
  );
}

const FIELDS = ['name', 'ediPayerId', 'phone', ...ADDRESS_FIELDS] as const;
type PayerFormValues = Record<(typeof FIELDS)[number], string>;

function PayerForm({ item, onSaved, onCancel }: RegistryFormProps<Payer>) {
  const { field, summary, submit, cancel, onKeyDown, submitting } = useRecordForm<PayerFormValues, PayerCreateInput>({
    idPrefix: item ? `payer-${item.id}` : 'new-payer',
    defaultValues: {
      name: item?.name ?? '',
      ediPayerId: item?.ediPayerId ?? '',
      phone: item?.phone ? formatPhone(item.phone) : '',
      addressLine1: item?.addressLine1 ?? '',
      addressLine2: item?.addressLine2 ?? '',
      city: item?.city ?? '',
      region: item?.region ?? '',
      postalCode: item?.postalCode ?? '',
      country: item?.country ?? DEFAULT_COUNTRY,
    },
    schema: payerCreateInput,
    fields: FIELDS,
    unsavedMessage: item ? 'The change to this payer has not been saved.' : 'The new payer has not been added yet.',
    save: (values) => (item ? call('payers.update', { id: item.id, ...values }) : call('payers.create', values)),
    onSaved: () => onSaved(item ? `${item.name}: saved.` : 'The payer was added.'),
    onCancel,
  });

  return (
    <form noValidate onSubmit={(event) => void submit()(event)} onKeyDown={onKeyDown} data-testid="payer-form">
      {summary && (
        <div className="banner banner-error" role="alert" data-testid="form-error">
          {summary}
        </div>
      )}
      <div className="form-grid">
        <TextField {...field('name')} label="Name" required autoFocus />
        <TextField {...field('ediPayerId')} label="EDI payer id" hint="For electronic claims and eligibility, e.g. 60054" />
        <TextField {...field('phone')} label="Phone" type="tel" hint="Provider services line" />
        <div />
        <TextField {...field('addressLine1')} label="Address line 1" hint="Where claims and letters go" />
        <TextField {...field('addressLine2')} label="Address line 2" />
        <TextField {...field('city')} label="City" />
        <TextField {...field('region')} label="State / region" hint="US and Canada: 2-letter code, e.g. MA" />
        <TextField {...field('postalCode')} label="ZIP / postal code" />
        <SelectField {...field('country')} label="Country">
          <CountryOptions />
        </SelectField>
      </div>
      <FormActions submitLabel={item ? 'Save payer' : 'Add payer'} submitting={submitting} onCancel={() => void cancel()} testId="save-payer" />
    </form>
  );
}
