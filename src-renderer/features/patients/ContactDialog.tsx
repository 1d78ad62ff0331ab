import { useRef, useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { CONTACT_ROLE_LABELS, RELATIONSHIP_LABELS, RELATIONSHIPS } from '../../../src-shared/patients/codes';
import { askConfirm } from '../../lib/confirm';
import { formKeys, showRefusal } from '../../lib/forms';
import { useLeaveGuard } from '../../lib/navigation';
import { call } from '../../lib/rpc';
import { FieldShell, fieldAriaOf } from '../auth/fields';
import { FormActions } from '../shell/FormActions';
import { ModalDialog } from '../shell/ModalDialog';
import { CONTACT_FORM_FIELDS, contactFormResolver, type ContactFormField, type ContactFormOutput, type ContactFormValues } from './contact-form';
import { CountryOptions, Options } from './form-options';

interface ContactDialogProps {
  values: ContactFormValues;
  onClose(): void;
}

const UNSAVED_MESSAGE = 'The contact details typed here have not been saved.';

/** Adds or edits an emergency contact or the guarantor, in a dialog over the chart. Enter saves, Escape closes. */
export function ContactDialog({ values, onClose }: ContactDialogProps) {
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isDirty, isSubmitting },
  } = useForm<ContactFormValues, unknown, ContactFormOutput>({
    defaultValues: values,
    resolver: contactFormResolver,
    mode: 'onSubmit',
    reValidateMode: 'onBlur',
  });
  const [general, setGeneral] = useState<string | null>(null);
  const inFlight = useRef(false);
  useLeaveGuard(isDirty, UNSAVED_MESSAGE);
  const guarantor = values.role === 'guarantor';
  const title = `${values.id ? 'Edit' : guarantor ? 'Set' : 'Add'} ${CONTACT_ROLE_LABELS[values.role].toLowerCase()}`;

  const save = async (contact: ContactFormOutput) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setGeneral(null);
    const result = await call('patients.contacts.save', contact).finally(() => {
      inFlight.current = false;
    });
    if (result.ok) return onClose();
    setGeneral(showRefusal(result.error, CONTACT_FORM_FIELDS, setError) ?? result.error.message);
  };

  const close = async () => {
    const discard = { title: 'Discard this contact?', message: UNSAVED_MESSAGE, confirmLabel: 'Discard', cancelLabel: 'Keep editing' };
    if (isDirty && !(await askConfirm(discard))) return;
    onClose();
  };

  const aria = fieldAriaOf<ContactFormField>('contact-', errors);
  const input = (name: ContactFormField) => ({
    ...aria(name),
    autoComplete: 'off',
    ...register(name),
  });
  const field = (name: ContactFormField, label: string, control: ReactNode, extra: { required?: boolean; hint?: string; wide?: boolean } = {}) => {
    const shell = (
      <FieldShell id={`contact-${name}`} testId={`contact-${name}`} label={label} required={extra.required} error={errors[name]?.message} hint={extra.hint}>
        {control}
      </FieldShell>
    );
    return extra.wide ? <div className="span-2">{shell}</div> : shell;
  };

  return (
    <ModalDialog
      className="overlay contact-dialog"
      aria-labelledby="contact-dialog-title"
      data-testid="contact-dialog"
      onEscape={() => void close()}
    >
      <form className="overlay-panel" noValidate onSubmit={(event) => void handleSubmit(save)(event)} onKeyDown={formKeys(() => void close())}>
        <h2 id="contact-dialog-title">{title}</h2>
        {guarantor && <p className="hint">The guarantor receives the patient’s bills. Without one, the patient pays their own.</p>}
        {general && (
          <p className="banner banner-error" role="alert" data-testid="contact-error">
            {general}
          </p>
        )}
        <div className="form-grid">
          {field('name', 'Name', <input {...input('name')} autoFocus />, { required: true })}
          {field(
            'relationship',
            'Relationship to the patient',
            <select {...input('relationship')}>
              <option value="">Choose…</option>
              <Options values={RELATIONSHIPS} labels={RELATIONSHIP_LABELS} />
            </select>,
            { required: true },
          )}
          {field('phone', 'Phone', <input {...input('phone')} type="tel" />, { required: !guarantor })}
          {field('email', 'E-mail', <input {...input('email')} type="email" spellCheck={false} />)}
          {guarantor && field('dateOfBirth', 'Date of birth', <input {...input('dateOfBirth')} inputMode="numeric" placeholder="MM/DD/YYYY" />)}
        </div>
        {guarantor && (
          <div className="form-grid" role="group" aria-label="Billing address">
            {field('addressLine1', 'Address line 1', <input {...input('addressLine1')} />, { wide: true })}
            {field('addressLine2', 'Address line 2', <input {...input('addressLine2')} />, { wide: true })}
            {field('city', 'City', <input {...input('city')} />)}
            {field('region', 'State / region', <input {...input('region')} />)}
            {field('postalCode', 'ZIP / postal code', <input {...input('postalCode')} />)}
            {field(
              'country',
              'Country',
              <select {...input('country')}>
                <CountryOptions />
              </select>,
            )}
          </div>
        )}
        <FormActions submitLabel="Save" submitting={isSubmitting} onCancel={() => void close()} testId="save-contact" />
      </form>
    </ModalDialog>
  );
}
