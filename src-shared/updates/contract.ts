import { z } from 'zod';
import { defineMethod } from '../rpc/define';
import { reportBusyInput, updatePolicySchema, updateStatusSchema } from './schema';

const empty = z.object({}).default({});

/**
 * In-app updates (Admin › Updates). Spread into the one contract (src-shared/rpc/contract.ts).
 * Browser mode has no updater: status says so and the actions are refused with CONFLICT.
 */
export const updateMethods = {
  'updates.status': defineMethod({ input: empty, output: updateStatusSchema, permission: 'settings.manage', kind: 'read' }),
  /** Asks the feed now; a newer version found downloads in the background. Resolves once the feed has answered. */
  'updates.check': defineMethod({ input: empty, output: updateStatusSchema, permission: 'settings.manage', kind: 'self-managed' }),
  /** Restarts into the downloaded version now; CONFLICT while a screen has unsaved work or nothing is downloaded. */
  'updates.restartNow': defineMethod({ input: empty, output: updateStatusSchema, permission: 'settings.manage', kind: 'self-managed' }),
  /** Installs the downloaded version at the next quiet time (after 22:00), once no screen has unsaved work. */
  'updates.installTonight': defineMethod({ input: empty, output: updateStatusSchema, permission: 'settings.manage', kind: 'self-managed' }),
  /** The clinic's update policy (every workstation of the clinic, through sync). */
  'updates.setPolicy': defineMethod({ input: updatePolicySchema, output: updateStatusSchema, permission: 'settings.manage', kind: 'self-managed' }),
  /** The screens report whether they hold unsaved work, so that no update restarts the app over it. */
  'updates.reportBusy': defineMethod({ input: reportBusyInput, output: z.object({ done: z.literal(true) }), permission: 'signed-in', kind: 'read' }),
} as const;
