import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, ROLES } from '../../../src-shared/auth/permissions';
import { formatCents, MAX_PAYMENT_CENTS, receiptNumber } from '../../../src-shared/ledger/money';
import { paymentSchema, postPaymentInput } from '../../../src-shared/ledger/schema';

describe('money in cents', () => {
  it('reads as dollars with thousands separators, negative amounts with a leading minus', () => {
    expect(formatCents(0)).toBe('$0.00');
    expect(formatCents(5)).toBe('$0.05');
    expect(formatCents(2550)).toBe('$25.50');
    expect(formatCents(123456789)).toBe('$1,234,567.89');
    expect(formatCents(-2500)).toBe('-$25.00');
    expect(formatCents(MAX_PAYMENT_CENTS)).toBe('$100,000.00');
  });

  it('numbers a receipt by the random end of its entry id, in groups of four', () => {
    expect(receiptNumber('0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b')).toBe('0C1D-2E3F-4A5B');
    expect(receiptNumber('0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c')).not.toBe(receiptNumber('0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'));
  });
});

describe('a payment as the desk enters it', () => {
  const issuesOf = (input: unknown) => {
    const parsed = paymentSchema.safeParse(input);
    return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
  };

  it('accepts cash without a reference, a card with its slip reference, a check with its number (blank references are none)', () => {
    expect(paymentSchema.parse({ amountCents: 2500, method: 'cash', reference: '  ' })).toEqual({ amountCents: 2500, method: 'cash', reference: null });
    expect(paymentSchema.parse({ amountCents: 1, method: 'card', reference: ' AUTH 99 ' }).reference).toBe('AUTH 99');
    expect(paymentSchema.parse({ amountCents: MAX_PAYMENT_CENTS, method: 'check', reference: '000123' }).amountCents).toBe(MAX_PAYMENT_CENTS);
  });

  it('says what is wrong, on the field', () => {
    expect(issuesOf({ amountCents: -1, method: 'cash' })).toEqual({ amountCents: expect.stringMatching(/above zero/) });
    expect(issuesOf({ amountCents: MAX_PAYMENT_CENTS + 1, method: 'cash' })).toEqual({ amountCents: expect.stringMatching(/At most/) });
    expect(issuesOf({ amountCents: 100, method: 'card', reference: '4111-1111-1111-1111' })).toEqual({ reference: expect.stringMatching(/Never enter the card number/) });
    expect(issuesOf({ amountCents: 100, method: 'check', reference: '12a' })).toEqual({ reference: 'A check number is digits only' });
    expect(postPaymentInput.safeParse({ patientId: 'x', amountCents: 100, method: 'cash', idempotencyKey: 'k' }).success).toBe(false);
  });
});

describe('who handles money', () => {
  it('gives every role that checks patients in the right to post the copay, and keeps corrections from the front desk', () => {
    const holders = (permission: string) => ROLES.filter((role) => (ROLE_PERMISSIONS[role] as readonly string[]).includes(permission));
    for (const role of holders('frontdesk.checkin')) expect(ROLE_PERMISSIONS[role], role).toContain('payments.post');
    expect(holders('frontdesk.checkin')).toEqual(['front_desk', 'office_manager', 'admin']);
    expect(holders('payments.post')).toEqual(['front_desk', 'billing', 'office_manager', 'admin']);
    expect(holders('ledger.correct')).toEqual(['billing', 'office_manager', 'admin']);
    expect(holders('ledger.read')).toEqual(['front_desk', 'billing', 'office_manager', 'admin']);
  });
});
