import { zodResolver } from '@hookform/resolvers/zod';
import { useRef, useState } from 'react';
import { useForm, type FieldValues, type Path, type Resolver } from 'react-hook-form';
import type { z } from 'zod';
import type { RpcError, RpcResult } from '../../../src-shared/rpc/errors';
import { parseDateInput } from '../../../src-shared/validation/dates';
import { askConfirm } from '../../lib/confirm';
import { formKeys, formSummary, showRefusal } from '../../lib/forms';
import { useLeaveGuard } from '../../lib/navigation';

/** A form's values: text as typed (select values too). */
type TextValues = FieldValues & Record<string, string>;

export const TYPED_DATE_MESSAGE = 'Enter a real date, e.g. 07/14/2025, 2025-07-14 or 07142025';

interface RecordFormOptions<V extends TextValues, O> {
  /** Prefix of the fields' ids: `${idPrefix}-${name}`. */
  idPrefix: string;
  defaultValues: V;
  /** The contract's input schema: the form validates with it before sending. */
  schema: z.ZodType<O>;
  /** The form's fields in order, for mapping the service's field errors and focusing the first. */
  fields: readonly Path<V>[];
  /** Fields typed as dates (MM/DD/YYYY and other ways): read with the service's parser before the schema sees them. */
  dateFields?: readonly Path<V>[];
  unsavedMessage: string;
  save(values: O): Promise<RpcResult<unknown>>;
  onSaved(): void;
  /** Leaves the form; called once nothing typed would be lost (or the user agreed). */
  onCancel(): void;
  /** A refusal the caller shows itself (e.g. a CONFLICT with candidates); true when it did. */
  onRefusal?(error: RpcError): boolean;
}

/** The resolver: dates read as typed, then the contract's schema. */
function typedDatesResolver<V extends TextValues, O>(schema: z.ZodType<O>, dateFields: readonly Path<V>[]): Resolver<V, unknown, O> {
  const contract = zodResolver(schema as never) as unknown as Resolver<V, unknown, O>;
  return async (values, context, options) => {
    const read = { ...values } as Record<string, string>;
    for (const name of dateFields) read[name] = parseDateInput(values[name].trim()) ?? values[name].trim();
    const result = await contract(read as V, context, options);
    const errors = result.errors as Record<string, { message?: string } | undefined>;
    for (const name of dateFields) {
      const typed = values[name].trim();
      const error = errors[name];
      if (error && typed !== '' && parseDateInput(typed) === null) error.message = TYPED_DATE_MESSAGE;
    }
    return result;
  };
}

/**
 * A record's form (providers, payers, coverages): validated with the contract's schema, sent
 * once (Enter held down submits once), the service's field errors shown next to their fields,
 * leaving with unsaved input asks first, Escape cancels.
 */
export function useRecordForm<V extends TextValues, O>(options: RecordFormOptions<V, O>) {
  const { idPrefix, fields, unsavedMessage } = options;
  const form = useForm<V, unknown, O>({
    defaultValues: options.defaultValues as never,
    resolver: typedDatesResolver<V, O>(options.schema, options.dateFields ?? []),
    mode: 'onSubmit',
    reValidateMode: 'onBlur',
  });
  const { errors, isDirty, submitCount, isSubmitting } = form.formState;
  const [general, setGeneral] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const inFlight = useRef(false);
  useLeaveGuard(isDirty && !done, unsavedMessage);

  const send = async (values: O) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setGeneral(null);
    const result = await options.save(values).finally(() => {
      inFlight.current = false;
    });
    if (result.ok) {
      setDone(true);
      options.onSaved();
      return;
    }
    if (options.onRefusal?.(result.error)) return;
    setGeneral(showRefusal(result.error, fields, form.setError) ?? result.error.message);
  };

  const cancel = async () => {
    if (isDirty && !(await askConfirm({ title: 'Discard this form?', message: unsavedMessage, confirmLabel: 'Discard changes', cancelLabel: 'Keep editing' }))) {
      return;
    }
    setDone(true);
    options.onCancel();
  };

  const summary = formSummary(general, errors, submitCount);

  /** Props for a TextField / SelectField bound to one of the form's fields. */
  const field = (name: Path<V>) => ({
    id: `${idPrefix}-${name}`,
    error: (errors[name] as { message?: string } | undefined)?.message,
    ...form.register(name),
  });

  return {
    form,
    field,
    summary,
    submitting: isSubmitting,
    /** Submits with the values as validated, or with a change made to them (a confirmation flag). */
    submit: (adjust: (values: O) => O = (values) => values) => form.handleSubmit((values) => send(adjust(values))),
    cancel,
    onKeyDown: formKeys(() => void cancel()),
  };
}
