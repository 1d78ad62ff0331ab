import { useRef, useState } from 'react';
import type { z } from 'zod';
import type { RpcResult } from '../../../src-shared/rpc/errors';
import { LOCKED_MESSAGE } from '../../lib/forms';
import { focusFirstError, serverFieldErrors, zodFieldErrors, type FieldErrors } from '../auth/fields';

export const CORRECT_FIELDS = 'Not saved. Please correct the fields marked below.';

/**
 * A set-up form's values and save: each value's error clears as it is edited; `save` checks the
 * values with the contract's schema (errors next to the fields, focus on the first), sends them
 * once (a second Enter while sending does nothing) and places the service's refusal on the fields
 * it names. `idPrefix` + a value's name is its control's id.
 */
export function useSetupForm<V extends Record<string, unknown>>(initial: V, idPrefix: string) {
  type K = keyof V & string;
  const fields = Object.keys(initial) as K[];
  const [values, setValues] = useState(initial);
  const [baseline, setBaseline] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors<K>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);

  const set = <N extends K>(name: N, value: V[N]) => {
    setValues((v) => ({ ...v, [name]: value }));
    setErrors((e) => (e[name] ? { ...e, [name]: undefined } : e));
  };

  async function save<S extends z.ZodType, R>(schema: S, raw: unknown, send: (input: z.output<S>) => Promise<RpcResult<R>>): Promise<R | null> {
    if (sending.current) return null;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const found = zodFieldErrors<K>(parsed.error);
      setErrors(found);
      setGeneral(CORRECT_FIELDS);
      focusFirstError(fields, found, idPrefix);
      return null;
    }
    sending.current = true;
    setBusy(true);
    const result = await send(parsed.data);
    sending.current = false;
    setBusy(false);
    if (!result.ok) {
      const split = serverFieldErrors(result.error, fields);
      setErrors(split.fields);
      setGeneral(result.error.code === 'UNAUTHENTICATED' ? LOCKED_MESSAGE : split.general);
      focusFirstError(fields, split.fields, idPrefix);
      return null;
    }
    setErrors({});
    setGeneral(null);
    setBaseline(values);
    return result.value;
  }

  return {
    values,
    set,
    /** Back to the last saved values. */
    reset: () => setValues(baseline),
    dirty: JSON.stringify(values) !== JSON.stringify(baseline),
    errors,
    general,
    busy,
    save,
  };
}
