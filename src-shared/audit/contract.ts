import { z } from 'zod';
import { defineMethod } from '../rpc/define';
import { clientEventInput } from './schema';

/**
 * RPC methods of the audit screen, a patient's access report, and events only the screen knows
 * of (a settled search, a print). Spread into the one contract (src-shared/rpc/contract.ts).
 */
export const auditMethods = {
  'audit.recordClientEvent': defineMethod({
    input: clientEventInput,
    output: z.object({ done: z.literal(true) }),
    permission: 'signed-in',
    kind: 'self-managed',
  }),
} as const;
