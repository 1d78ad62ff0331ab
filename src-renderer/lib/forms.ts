import type { KeyboardEvent } from 'react';
import type { FieldErrors, FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { RpcError } from '../../src-shared/rpc/errors';

/** Shown when a save met a locked screen (or an ended session): what was typed stays in the form. */
export const LOCKED_MESSAGE = 'Not saved: the screen locked. Unlock, then save again.';

/**
 * A refusal from the service split by the form's fields: the first message for each field shown
 * here, and what belongs to none of them (those messages joined, or the service's message when
 * no field got one; null when every message found its field).
 */
export function splitRefusal<K extends string>(error: RpcError, names: readonly K[]): { fields: Partial<Record<K, string>>; unplaced: string | null } {
  const fields: Partial<Record<string, string>> = {};
  const other: string[] = [];
  for (const [path, message] of Object.entries(error.fields ?? {})) {
    const name = path.split('.')[0] ?? '';
    if ((names as readonly string[]).includes(name)) fields[name] ??= message;
    else other.push(message);
  }
  if (Object.keys(fields).length === 0) return { fields: {}, unplaced: error.message };
  return { fields, unplaced: other.length > 0 ? other.join(' ') : null };
}

/**
 * Shows a refusal on a react-hook-form form: each field's message next to it (the first in the
 * form's order takes the focus). Returns what goes at the top of the form (see splitRefusal;
 * LOCKED_MESSAGE for a locked screen).
 */
export function showRefusal<V extends FieldValues>(error: RpcError, fields: readonly Path<V>[], setError: UseFormSetError<V>): string | null {
  if (error.code === 'UNAUTHENTICATED') return LOCKED_MESSAGE;
  const { fields: messages, unplaced } = splitRefusal(error, fields);
  fields
    .filter((name) => messages[name])
    .forEach((name, index) => setError(name, { type: 'server', message: messages[name] }, { shouldFocus: index === 0 }));
  return unplaced;
}

/** The line at the top of a form: the service's refusal, or after a submit that fields need correcting. */
export function formSummary(general: string | null, errors: FieldErrors, submitCount: number): string | null {
  const hasErrors = Object.keys(errors).length > 0;
  return general ?? (hasErrors && submitCount > 0 ? 'Not saved. Please correct the fields marked below.' : null);
}

/**
 * A form's keys: Escape cancels (unless a control inside used it, e.g. to close its list), Enter
 * in a select submits like Enter in a text box, Ctrl+Enter submits from a text area (where Enter
 * starts a new line).
 */
export function formKeys(cancel: () => void) {
  return (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      cancel();
    } else if (event.key === 'Enter' && (event.target instanceof HTMLSelectElement || (event.ctrlKey && event.target instanceof HTMLTextAreaElement))) {
      event.preventDefault();
      event.currentTarget.requestSubmit();
    }
  };
}
