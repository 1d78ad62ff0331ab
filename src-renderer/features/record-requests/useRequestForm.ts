import { zodResolver } from '@hookform/resolvers/zod';
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useForm, type DefaultValues, type FieldValues, type Path, type Resolver } from 'react-hook-form';
import type { z } from 'zod';
import type { RecordRequest } from '../../../src-shared/record-requests/schema';
import type { RpcResult } from '../../../src-shared/rpc/errors';
import { askConfirm } from '../../lib/confirm';
import { formKeys, formSummary, showRefusal } from '../../lib/forms';
import { useLeaveGuard } from '../../lib/navigation';

interface RequestFormOptions<Values extends FieldValues, Schema extends z.ZodType, Result> {
  /** The contract's own input schema: the form validates exactly what the service will. */
  schema: Schema;
  defaultValues: Values;
  /** The fields shown, in order: server errors for these go next to them, the rest to the top. */
  fields: readonly Path<Values>[];
  /** Prefix of the inputs' ids: `${idPrefix}-${field}`. */
  idPrefix: string;
  unsavedMessage: string;
  send(values: z.output<Schema>): Promise<RpcResult<Result>>;
  onDone(result: Result): void;
  onCancel(): void;
}

/** What the frame of a form (banner, buttons, keys) needs. */
export interface FormChrome {
  submit(event: FormEvent): void;
  onKeyDown(event: KeyboardEvent<HTMLFormElement>): void;
  cancel(): Promise<void>;
  summary: string | null;
  busy: boolean;
}

/**
 * One behaviour for every record-request form (and the referral and supply forms): validated by
 * the contract's schema, errors next to their fields, one submit at a time, a leave guard while
 * dirty, Escape cancels (asking first).
 */
export function useRequestForm<Values extends FieldValues, Schema extends z.ZodType, Result = RecordRequest>(options: RequestFormOptions<Values, Schema, Result>) {
  const { schema, defaultValues, fields, idPrefix, unsavedMessage, send, onDone, onCancel } = options;
  type Output = z.output<Schema>;
  const form = useForm<Values, unknown, Output>({
    defaultValues: defaultValues as DefaultValues<Values>,
    // The form holds text as typed (a select's "" before a choice); the contract's schema is the judge.
    resolver: zodResolver(schema as z.ZodType<Output, FieldValues>) as unknown as Resolver<Values, unknown, Output>,
    mode: 'onSubmit',
    reValidateMode: 'onBlur',
  });
  const { errors, isDirty, submitCount } = form.formState;
  const [general, setGeneral] = useState<string | null>(null);
  const [finished, setFinished] = useState(false);
  const inFlight = useRef(false);
  useLeaveGuard(isDirty && !finished, unsavedMessage);

  const onValid = async (values: Output) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setGeneral(null);
    const result = await send(values).finally(() => {
      inFlight.current = false;
    });
    if (result.ok) {
      setFinished(true);
      onDone(result.value);
      return;
    }
    setGeneral(showRefusal(result.error, fields, form.setError));
  };

  const cancel = async () => {
    if (isDirty && !(await askConfirm({ title: 'Discard this form?', message: unsavedMessage, confirmLabel: 'Discard', cancelLabel: 'Keep editing' }))) return;
    setFinished(true);
    onCancel();
  };

  const summary = formSummary(general, errors, submitCount);

  /** Id, error and hint wiring of one field, for FieldShell and its control. */
  const field = (name: Path<Values>) => {
    const id = `${idPrefix}-${name}`;
    const error = errors[name]?.message;
    return {
      shell: { id, error: typeof error === 'string' ? error : undefined },
      control: { id, 'aria-invalid': error ? (true as const) : undefined, 'aria-describedby': `${id}-error ${id}-hint` },
    };
  };

  const chrome: FormChrome = { submit: (event) => void form.handleSubmit(onValid)(event), onKeyDown: formKeys(() => void cancel()), cancel, summary, busy: form.formState.isSubmitting };
  return { form, field, chrome };
}
