import { describe, expect, it } from 'vitest';
import { readCopay, type CopayForm } from '../../../src-renderer/features/front-desk/checkin/copay-form';
import { describeRefusal, refusalText } from '../../../src-renderer/features/front-desk/checkin/refusal';
import { LOCKED_MESSAGE } from '../../../src-renderer/lib/forms';

const form = (input: Partial<CopayForm>): CopayForm => ({ choice: 'card', amount: '25', reference: 'AUTH 004211', ...input });

describe('the copay as the check-in form holds it', () => {
  it('sends none for “No copay today”, whatever the boxes still hold', () => {
    expect(readCopay(form({ choice: 'none', amount: '-5', reference: '4111 1111 1111 1111' }))).toEqual({ ok: true, copay: null });
  });

  it('sends whole cents, the method and the trimmed reference (none for blank cash)', () => {
    expect(readCopay(form({ amount: '$25.00', reference: ' AUTH 004211 ' }))).toEqual({ ok: true, copay: { amountCents: 2500, method: 'card', reference: 'AUTH 004211' } });
    expect(readCopay(form({ choice: 'cash', amount: '12.5', reference: '  ' }))).toEqual({ ok: true, copay: { amountCents: 1250, method: 'cash', reference: null } });
    expect(readCopay(form({ choice: 'check', amount: '40', reference: '1042' }))).toEqual({ ok: true, copay: { amountCents: 4000, method: 'check', reference: '1042' } });
  });

  it('refuses a negative, non-numeric, over-precise or zero amount once a method is chosen, on the amount', () => {
    expect(readCopay(form({ amount: '-5' }))).toEqual({ ok: false, errors: { amount: expect.stringMatching(/never negative/) } });
    expect(readCopay(form({ amount: 'abc' }))).toEqual({ ok: false, errors: { amount: expect.stringMatching(/in digits/) } });
    expect(readCopay(form({ amount: '25.005' }))).toEqual({ ok: false, errors: { amount: expect.stringMatching(/two decimals/) } });
    expect(readCopay(form({ choice: 'cash', amount: '0' }))).toEqual({ ok: false, errors: { amount: 'Enter an amount above zero' } });
    expect(readCopay(form({ choice: 'cash', amount: '' }))).toEqual({ ok: false, errors: { amount: expect.stringMatching(/Enter the amount paid/) } });
  });

  it('asks for a card’s slip reference (never the card number) and a check’s number, together with an amount problem', () => {
    expect(readCopay(form({ reference: '' }))).toEqual({ ok: false, errors: { reference: expect.stringMatching(/reference from the terminal slip/) } });
    expect(readCopay(form({ reference: '4111 1111 1111 1111' }))).toEqual({ ok: false, errors: { reference: expect.stringMatching(/Never enter the card number/) } });
    expect(readCopay(form({ choice: 'check', amount: 'ten', reference: '' }))).toEqual({
      ok: false,
      errors: { amount: expect.stringMatching(/in digits/), reference: 'Enter the check number' },
    });
  });
});

describe('a check-in refusal in plain words', () => {
  it('heads the service’s message with its reason, and says whether anything may have changed', () => {
    const cancelled = { code: 'CONFLICT' as const, message: 'This appointment was cancelled: book the patient again', details: { reason: 'appointment_cancelled' } };
    expect(describeRefusal(cancelled)).toEqual({ heading: 'Cancelled', message: cancelled.message, changed: 'nothing' });
    expect(refusalText({ code: 'CONFLICT', message: 'Only today’s appointments are checked in', details: { reason: 'not_today' } })).toBe('Not today. Only today’s appointments are checked in');
    expect(describeRefusal({ code: 'VALIDATION', message: 'This coverage ended', details: { reason: 'coverage_not_active' } }).heading).toBe('Coverage not in effect');
    expect(describeRefusal({ code: 'VALIDATION', message: 'Invalid input', details: { reason: 'something_new' } })).toMatchObject({ heading: null, changed: 'nothing' });
    expect(describeRefusal({ code: 'INTERNAL', message: 'Cannot reach the clinic service.', details: undefined })).toMatchObject({ heading: null, changed: 'unknown' });
    expect(describeRefusal({ code: 'UNAUTHENTICATED', message: 'Locked', details: undefined })).toEqual({ heading: null, message: LOCKED_MESSAGE, changed: 'nothing' });
  });
});
