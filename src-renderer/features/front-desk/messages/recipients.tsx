import type { ComponentPropsWithRef } from 'react';
import type { Recipient, RecipientInput, Recipients } from '../../../../src-shared/messages/schema';
import type { RpcResult } from '../../../../src-shared/rpc/errors';
import { useTableVersion } from '../../../lib/change-feed';
import { call } from '../../../lib/rpc';
import { useLoad } from '../../admin/useLoad';
import { FieldShell } from '../../auth/fields';

/** A recipient as a select's value: "user:<id>" or "provider:<id>"; '' is none. */
export const recipientValue = (recipient: Pick<Recipient, 'kind' | 'id'>) => `${recipient.kind}:${recipient.id}`;

/** The select's value as the service takes it; undefined for none (the service refuses that with its own message). */
export function recipientInput(value: string): RecipientInput | undefined {
  const [kind, id] = value.split(':');
  if (!id) return undefined;
  return kind === 'provider' ? { kind: 'provider', providerId: id } : { kind: 'user', userId: id };
}

/** Active colleagues and providers, reloaded when either list changes. */
export function useRecipients(): RpcResult<Recipients> | null {
  const version = `${useTableVersion('users')}:${useTableVersion('providers')}`;
  const [recipients] = useLoad(() => call('messages.recipients', {}), version);
  return recipients;
}

type RecipientSelectProps = Omit<ComponentPropsWithRef<'select'>, 'id' | 'children'> & {
  id: string;
  label: string;
  recipients: RpcResult<Recipients> | null;
  error?: string | undefined;
  /** Left out of the choices (routing: whom it is for now). */
  except?: string;
};

/** Colleagues and providers in one list (typing a name's first letters jumps to it, as in any select). */
export function RecipientSelect({ id, label, recipients, error, except, ...select }: RecipientSelectProps) {
  const loaded = recipients?.ok ? recipients.value : null;
  const hint = recipients && !recipients.ok ? recipients.error.message : 'A provider’s messages are shared by the whole desk';
  const options = (items: { id: string; displayName: string }[], kind: Recipient['kind']) =>
    items
      .filter((item) => recipientValue({ kind, id: item.id }) !== except)
      .map((item) => (
        <option key={item.id} value={recipientValue({ kind, id: item.id })}>
          {item.displayName}
        </option>
      ));
  return (
    <FieldShell id={id} label={label} required error={error} hint={hint}>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={`${id}-error ${id}-hint`} {...select}>
        <option value="">{loaded ? 'Choose a colleague or a provider' : 'Loading…'}</option>
        {loaded && (
          <>
            <optgroup label="Providers">{options(loaded.providers, 'provider')}</optgroup>
            <optgroup label="Colleagues">{options(loaded.users, 'user')}</optgroup>
          </>
        )}
      </select>
    </FieldShell>
  );
}
