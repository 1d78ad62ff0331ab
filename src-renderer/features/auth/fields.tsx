import type { ComponentPropsWithRef, ReactNode, Ref } from 'react';
import type { z } from 'zod';
import type { RpcError } from '../../../src-shared/rpc/errors';
import { splitRefusal } from '../../lib/forms';

interface FieldShellProps {
  id: string;
  label: string;
  required?: boolean | undefined;
  error?: string | undefined;
  hint?: ReactNode;
  /** Names the field in its data-testids (field-…, error-…); the id unless given. */
  testId?: string | undefined;
  children: ReactNode;
}

/** Label, control, and one reserved line for an error or hint (the same look as the patient form). */
export function FieldShell({ id, label, required, error, hint, testId = id, children }: FieldShellProps) {
  return (
    <div className={error ? 'field invalid' : 'field'} data-testid={`field-${testId}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="required" aria-hidden="true"> *</span>}
        {required && <span className="visually-hidden"> (required)</span>}
      </label>
      {children}
      <div className="field-messages">
        <span id={`${id}-error`} className="field-error" data-testid={`error-${testId}`}>
          {error}
        </span>
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      </div>
    </div>
  );
}

/** A control's id, and what ties it to its FieldShell's error and hint (read out by screen readers). */
export function fieldAria(id: string, error: string | undefined) {
  return { id, 'aria-invalid': error ? (true as const) : undefined, 'aria-describedby': `${id}-error ${id}-hint` };
}

/** `fieldAria` for a react-hook-form's fields whose FieldShell ids are `${prefix}${name}`. */
export function fieldAriaOf<Name extends string>(prefix: string, errors: Partial<Record<Name, { message?: string | undefined } | undefined>>) {
  return (name: Name) => fieldAria(`${prefix}${name}`, errors[name]?.message);
}

type TextFieldProps = Omit<ComponentPropsWithRef<'input'>, 'id'> & Omit<FieldShellProps, 'children'>;

export function TextField({ id, label, required, error, hint, ...input }: TextFieldProps) {
  return (
    <FieldShell id={id} label={label} required={required} error={error} hint={hint}>
      <input {...fieldAria(id, error)} autoComplete="off" spellCheck={false} {...input} />
    </FieldShell>
  );
}

interface CurrentPasswordFieldProps {
  id: string;
  ref: Ref<HTMLInputElement>;
  value: string;
  onChange(value: string): void;
}

/** The password of whoever signs in or unlocks (the one they have now, not a new one). */
export function CurrentPasswordField({ id, ref, value, onChange }: CurrentPasswordFieldProps) {
  return <TextField id={id} ref={ref} label="Password" type="password" value={value} onChange={(e) => onChange(e.target.value)} autoComplete="current-password" />;
}

type SelectFieldProps = Omit<ComponentPropsWithRef<'select'>, 'id'> & Omit<FieldShellProps, 'children'> & { children: ReactNode };

export function SelectField({ id, label, required, error, hint, children, ...select }: SelectFieldProps) {
  return (
    <FieldShell id={id} label={label} required={required} error={error} hint={hint}>
      <select {...fieldAria(id, error)} {...select}>
        {children}
      </select>
    </FieldShell>
  );
}

type TextAreaFieldProps = Omit<ComponentPropsWithRef<'textarea'>, 'id'> & Omit<FieldShellProps, 'children'>;

export function TextAreaField({ id, label, required, error, hint, ...textarea }: TextAreaFieldProps) {
  return (
    <FieldShell id={id} label={label} required={required} error={error} hint={hint}>
      <textarea {...fieldAria(id, error)} {...textarea} />
    </FieldShell>
  );
}

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

/** The first message per field from a failed zod parse, keyed by the field's top-level name. */
export function zodFieldErrors<K extends string>(error: z.ZodError): FieldErrors<K> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '_');
    out[key] ??= issue.message;
  }
  return out as FieldErrors<K>;
}

/**
 * A refusal from the service split into messages for the form's own fields and one message for
 * the top of the form (anything that belongs to no field shown here, or the service's message).
 */
export function serverFieldErrors<K extends string>(error: RpcError, names: readonly K[]): { fields: FieldErrors<K>; general: string } {
  const { fields, unplaced } = splitRefusal(error, names);
  return { fields, general: unplaced ?? error.message };
}

/** Focuses the first field of `order` that has an error. */
export function focusFirstError(order: readonly string[], errors: Record<string, string | undefined>, prefix = ''): void {
  const first = order.find((name) => errors[name]);
  if (first) document.getElementById(`${prefix}${first}`)?.focus();
}
