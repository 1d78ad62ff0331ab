import { z } from 'zod';
import { defineMethod } from '../rpc/define';
import {
  coverageAddInput,
  coverageEndInput,
  coverageListInput,
  coverageListOutput,
  coverageRemoveInput,
  coverageSchema,
  coverageUpdateInput,
  payerCreateInput,
  payerListInput,
  payerListOutput,
  payerSchema,
  payerUpdateInput,
} from './schema';

/** RPC methods of payers and patients' coverages. Spread into the one contract (src-shared/rpc/contract.ts). */
export const insuranceMethods = {
  /** Active payers by name (every payer with includeInactive): the coverage form's picker and the admin list. */
  'payers.list': defineMethod({ input: payerListInput, output: payerListOutput, permission: 'patients.read', kind: 'read' }),
  /** Refused with CONFLICT (field name) when a payer of the same name exists. */
  'payers.create': defineMethod({ input: payerCreateInput, output: payerSchema, permission: 'payers.manage', kind: 'write' }),
  'payers.update': defineMethod({ input: payerUpdateInput, output: payerSchema, permission: 'payers.manage', kind: 'write' }),
  /** A patient's coverages, current and past: primary → tertiary, then by dates. */
  'coverages.list': defineMethod({ input: coverageListInput, output: coverageListOutput, permission: 'patients.read', kind: 'read' }),
  /**
   * CONFLICT when the patient already has a coverage of that rank for overlapping dates, or (unless
   * `confirmSharedMemberId`) when another patient is the subscriber of a coverage with the same payer
   * and member id (`details.sharedMemberId`).
   */
  'coverages.add': defineMethod({ input: coverageAddInput, output: coverageSchema, permission: 'patients.write', kind: 'write' }),
  'coverages.update': defineMethod({ input: coverageUpdateInput, output: coverageSchema, permission: 'patients.write', kind: 'write' }),
  'coverages.end': defineMethod({ input: coverageEndInput, output: coverageSchema, permission: 'patients.write', kind: 'write' }),
  'coverages.remove': defineMethod({ input: coverageRemoveInput, output: z.object({ done: z.literal(true) }), permission: 'patients.write', kind: 'write' }),
} as const;
