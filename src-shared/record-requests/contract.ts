import { defineMethod } from '../rpc/define';
import {
  accountingInput,
  accountingOutput,
  recordRequestDenyInput,
  recordRequestExtendInput,
  recordRequestIdInput,
  recordRequestListOpenInput,
  recordRequestListOpenOutput,
  recordRequestListOutput,
  recordRequestLogInput,
  recordRequestPatientInput,
  recordRequestReleaseInput,
  recordRequestSchema,
  recordRequestWithdrawInput,
} from './schema';

/**
 * RPC methods of record requests (release of information) and the accounting of disclosures.
 * Spread into the one contract (src-shared/rpc/contract.ts). Writes and the clinic-wide work list
 * need `records.release`; a chart's own requests and its accounting are part of the chart
 * (`patients.read`, restricted charts as for `patients.get`).
 */
export const recordRequestMethods = {
  /** Logs a request received; due 30 days after receipt. */
  'recordRequests.log': defineMethod({ input: recordRequestLogInput, output: recordRequestSchema, permission: 'records.release', kind: 'write' }),
  /** The one 30-day extension, with a written reason, taken while open and by the original due date. */
  'recordRequests.extend': defineMethod({ input: recordRequestExtendInput, output: recordRequestSchema, permission: 'records.release', kind: 'write' }),
  /** What was sent, how and when: closes the request. */
  'recordRequests.release': defineMethod({ input: recordRequestReleaseInput, output: recordRequestSchema, permission: 'records.release', kind: 'write' }),
  'recordRequests.deny': defineMethod({ input: recordRequestDenyInput, output: recordRequestSchema, permission: 'records.release', kind: 'write' }),
  'recordRequests.withdraw': defineMethod({ input: recordRequestWithdrawInput, output: recordRequestSchema, permission: 'records.release', kind: 'write' }),
  'recordRequests.get': defineMethod({ input: recordRequestIdInput, output: recordRequestSchema, permission: 'patients.read', kind: 'read' }),
  /** A chart's requests, newest received first. */
  'recordRequests.listForPatient': defineMethod({
    input: recordRequestPatientInput,
    output: recordRequestListOutput,
    permission: 'patients.read',
    kind: 'read',
  }),
  /** Every open request of the clinic, most overdue first, days counted from today's local date. */
  'recordRequests.listOpen': defineMethod({
    input: recordRequestListOpenInput,
    output: recordRequestListOpenOutput,
    permission: 'records.release',
    kind: 'read',
  }),
  /** Releases outside treatment, payment, operations and the patient's own access, in a period (default: the last six years). */
  'recordRequests.accounting': defineMethod({ input: accountingInput, output: accountingOutput, permission: 'patients.read', kind: 'read' }),
} as const;
