import type { FieldValues, UseFormSetError } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import { PATIENT_FORM_FIELDS } from '../../../src-renderer/features/patients/patient-form';
import { formSummary, LOCKED_MESSAGE, showRefusal, splitRefusal } from '../../../src-renderer/lib/forms';
import type { RpcError } from '../../../src-shared/rpc/errors';

const validation = (fields: Record<string, string>, message = 'Please check'): RpcError => ({ code: 'VALIDATION', message, fields });
const split = (error: RpcError) => splitRefusal(error, PATIENT_FORM_FIELDS);

describe('splitRefusal', () => {
  it('puts each field’s message next to that field, and nothing at the top', () => {
    expect(split(validation({ dateOfBirth: 'Cannot be in the future', phone: 'Not a valid phone number' }))).toEqual({
      fields: { dateOfBirth: 'Cannot be in the future', phone: 'Not a valid phone number' },
      unplaced: null,
    });
  });

  it('maps a nested path to the form field it starts with (its first message)', () => {
    expect(split(validation({ 'email.address': 'Not a valid e-mail address', 'email.domain': 'Unknown domain' }))).toEqual({
      fields: { email: 'Not a valid e-mail address' },
      unplaced: null,
    });
  });

  it('shows messages that belong to no form field at the top, next to the field messages', () => {
    expect(split(validation({ _: 'Nothing to change', givenName: 'Required', id: 'Not a valid patient id' }))).toEqual({
      fields: { givenName: 'Required' },
      unplaced: 'Nothing to change Not a valid patient id',
    });
  });

  it('shows the error’s own message when no field of the form is named', () => {
    expect(split(validation({ id: 'Not a valid patient id' }, 'Please check: id'))).toEqual({ fields: {}, unplaced: 'Please check: id' });
    expect(split(validation({}, 'The request is not valid'))).toEqual({ fields: {}, unplaced: 'The request is not valid' });
  });

  it('shows a refusal without fields (not found, conflict, unreachable) at the top', () => {
    for (const code of ['NOT_FOUND', 'CONFLICT', 'INTERNAL'] as const) {
      expect(split({ code, message: `${code} happened` })).toEqual({ fields: {}, unplaced: `${code} happened` });
    }
  });

  it('does not mistake inherited object keys for form fields', () => {
    expect(split(validation({ constructor: 'odd', toString: 'odder' }, 'Please check'))).toEqual({ fields: {}, unplaced: 'Please check' });
  });
});

describe('showRefusal', () => {
  /** A stand-in for react-hook-form's setError that records its calls. */
  function recordingSetError() {
    const calls: [string, string | undefined, boolean | undefined][] = [];
    const setError: UseFormSetError<FieldValues> = (name, error, options) => {
      calls.push([name, error.message, options?.shouldFocus]);
    };
    return { calls, setError };
  }

  it('sets each field’s message, focusing the first field in the form’s order (not the refusal’s)', () => {
    const { calls, setError } = recordingSetError();
    const top = showRefusal(validation({ email: 'Not a valid e-mail address', givenName: 'Required' }), PATIENT_FORM_FIELDS, setError);
    expect(calls).toEqual([
      ['givenName', 'Required', true],
      ['email', 'Not a valid e-mail address', false],
    ]);
    expect(top).toBeNull();
  });

  it('returns what belongs to no field for the top of the form', () => {
    const { calls, setError } = recordingSetError();
    expect(showRefusal(validation({ _: 'Nothing to change', phone: 'Not a valid phone number' }), PATIENT_FORM_FIELDS, setError)).toBe('Nothing to change');
    expect(calls).toEqual([['phone', 'Not a valid phone number', true]]);
  });

  it('says the screen locked when the session is locked, and marks no field', () => {
    const { calls, setError } = recordingSetError();
    expect(showRefusal({ code: 'UNAUTHENTICATED', message: 'Locked' }, PATIENT_FORM_FIELDS, setError)).toBe(LOCKED_MESSAGE);
    expect(calls).toEqual([]);
  });
});

describe('formSummary', () => {
  const fieldError = { givenName: { type: 'required', message: 'Required' } };

  it('shows the service’s message first', () => {
    expect(formSummary('Cannot reach the clinic service', fieldError, 1)).toBe('Cannot reach the clinic service');
  });

  it('asks for corrections once a submit found field errors, not before', () => {
    expect(formSummary(null, fieldError, 1)).toBe('Not saved. Please correct the fields marked below.');
    expect(formSummary(null, fieldError, 0)).toBeNull();
    expect(formSummary(null, {}, 3)).toBeNull();
  });
});
