import { defineMethod } from '../rpc/define';
import { ledgerForPatientInput, ledgerForPatientOutput, postPaymentInput, postPaymentOutput, reverseInput, reverseOutput } from './schema';

/**
 * RPC methods of the clinic's ledger (issue 6 starts it with patient payments; billing extends it).
 * Spread into the one contract (src-shared/rpc/contract.ts).
 *
 * Permissions: `payments.post` takes a payment, `ledger.correct` reverses an entry, `ledger.read`
 * shows a chart's entries and balances. Writes are audited on the chart.
 *
 * Entries are never changed or removed. A payment request carries the client's idempotency key:
 * the same key with the same payment returns the entry first posted (`replayed: true`); with a
 * different payment it is refused with CONFLICT (`details.reason = 'idempotency_key_reused'`).
 */
export const ledgerMethods = {
  /** A patient payment (bucket patient, amount given positive, stored negative). */
  'ledger.postPayment': defineMethod({ input: postPaymentInput, output: postPaymentOutput, permission: 'payments.post', kind: 'write' }),
  /**
   * A correction: a new entry with the opposite amount naming the original, with a reason. Refused
   * (CONFLICT) for an entry already reversed (`details.reason = 'already_reversed'`) and for a
   * reversal (`'is_reversal'`).
   */
  'ledger.reverse': defineMethod({ input: reverseInput, output: reverseOutput, permission: 'ledger.correct', kind: 'write' }),
  /** A chart's entries and balances per bucket, derived from the entries (charts merged into it included). */
  'ledger.forPatient': defineMethod({ input: ledgerForPatientInput, output: ledgerForPatientOutput, permission: 'ledger.read', kind: 'read' }),
} as const;
