import { paymentSchema, PAYMENT_METHOD_LABELS, PAYMENT_METHODS, type PaymentInput, type PaymentMethod } from '../../../../src-shared/ledger/schema';
import { parsePaymentAmount } from '../../../../src-shared/ledger/typed-amount';

/** How the copay goes today: not at all, or paid by one of the methods. */
export type CopayChoice = 'none' | PaymentMethod;
export const COPAY_CHOICES: readonly CopayChoice[] = ['none', ...PAYMENT_METHODS];
export const COPAY_CHOICE_LABELS: Record<CopayChoice, string> = { none: 'No copay today', ...PAYMENT_METHOD_LABELS };

/** What the reference box is called for each method (a card's slip reference, a check's number). */
export const REFERENCE_LABELS: Record<CopayChoice, string> = {
  none: 'Reference',
  cash: 'Reference',
  card: 'Card reference',
  check: 'Check number',
};

export interface CopayForm {
  choice: CopayChoice;
  /** As typed, in dollars ("25", "$25.00"). */
  amount: string;
  reference: string;
}

export type CopayField = 'amount' | 'reference';
export type CopayReading = { ok: true; copay: PaymentInput | null } | { ok: false; errors: Partial<Record<CopayField, string>> };

/**
 * The copay to send, or what is wrong with the form, field by field: the amount read into cents
 * (parsePaymentAmount), the reference by the contract's own rules (a card's slip reference, never
 * a card number; a check's number). "No copay today" sends none, whatever the boxes hold.
 */
export function readCopay({ choice, amount, reference }: CopayForm): CopayReading {
  if (choice === 'none') return { ok: true, copay: null };
  const errors: Partial<Record<CopayField, string>> = {};
  const typed = parsePaymentAmount(amount);
  if (!typed.ok) errors.amount = typed.message;
  // The reference is checked with any valid amount, so its own problems show at the same time.
  const parsed = paymentSchema.safeParse({ amountCents: typed.ok ? typed.cents : 1, method: choice, reference });
  const referenceIssue = parsed.success ? undefined : parsed.error.issues.find((issue) => issue.path[0] === 'reference');
  if (referenceIssue) errors.reference = referenceIssue.message;
  if (errors.amount || errors.reference || !typed.ok) return { ok: false, errors };
  return { ok: true, copay: { amountCents: typed.cents, method: choice, reference: reference.trim() === '' ? null : reference.trim() } };
}
