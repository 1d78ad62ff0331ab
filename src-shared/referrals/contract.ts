import { defineMethod } from '../rpc/define';
import {
  referralListInput,
  referralListOutput,
  referralLogInput,
  referralOverdueInput,
  referralOverdueOutput,
  referralSchema,
  referralSetStatusInput,
} from './schema';

/**
 * RPC methods of referrals (issue 6). Spread into the one contract (src-shared/rpc/contract.ts).
 *
 * Permissions: `referrals.manage` logs and moves referrals; `patients.read` lists them. Writes are
 * audited on the chart (ids, direction, statuses and counts: never names, reasons or codes). A
 * referral on a restricted chart the session may not open is listed without its `detail`, and
 * writing to it is refused as opening the chart would be (FORBIDDEN offering break-glass).
 *
 * Refusals say why in `details.reason`: `illegal_transition` (with `from`, `to`, `direction`),
 * `not_chart_document` (a document that is not in the patient's chart), `before_referral`,
 * `in_future`.
 */
export const referralMethods = {
  /** Logs an outgoing or incoming referral, open. */
  'referrals.log': defineMethod({ input: referralLogInput, output: referralSchema, permission: 'referrals.manage', kind: 'write' }),
  /** One move: sent, scheduled (appointment date), report received (date, report document), closed, cancelled (reason). */
  'referrals.setStatus': defineMethod({ input: referralSetStatusInput, output: referralSchema, permission: 'referrals.manage', kind: 'write' }),
  /** Newest referral date first, filtered by direction, status (default: not closed or cancelled) and patient. */
  'referrals.list': defineMethod({ input: referralListInput, output: referralListOutput, permission: 'patients.read', kind: 'read' }),
  /** Outgoing referrals with no report `referralReportDays` (clinic setting) after being sent or referred, oldest first. */
  'referrals.overdue': defineMethod({ input: referralOverdueInput, output: referralOverdueOutput, permission: 'patients.read', kind: 'read' }),
} as const;
