import { z } from 'zod';
import { defineMethod } from '../rpc/define';
import {
  auditPatientAccessInput,
  auditPatientAccessOutput,
  auditSearchInput,
  auditSearchOutput,
  auditUsersOutput,
  clientEventInput,
} from './schema';

/**
 * RPC methods of the audit screen, a patient's access report, and events only the screen knows
 * of (a settled search, a print). Spread into the one contract (src-shared/rpc/contract.ts).
 * Reading the log is not itself logged; printing or exporting what was read is.
 */
export const auditMethods = {
  'audit.recordClientEvent': defineMethod({
    input: clientEventInput,
    output: z.object({ done: z.literal(true) }),
    permission: 'signed-in',
    kind: 'self-managed',
  }),
  /** The audit log, newest first, filtered by patient, user, action (or group) and local dates; one page per call. */
  'audit.search': defineMethod({
    input: auditSearchInput,
    output: auditSearchOutput,
    permission: 'audit.read',
    kind: 'read',
  }),
  /** Who viewed or changed one chart: every entry about the patient, newest first. */
  'audit.patientAccess': defineMethod({
    input: auditPatientAccessInput,
    output: auditPatientAccessOutput,
    permission: 'audit.patient',
    kind: 'read',
  }),
  /** Every user, for the audit screen's user filter (users.list needs users.manage, which an auditor may lack). */
  'audit.users': defineMethod({
    input: z.object({}).default({}),
    output: auditUsersOutput,
    permission: 'audit.read',
    kind: 'read',
  }),
} as const;
