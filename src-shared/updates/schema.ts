import { z } from 'zod';
import { checkFeedUrl } from './feed-url';

/** Stable and beta releases come from separate feeds (each its own folder of latest*.yml). */
export const UPDATE_RINGS = ['stable', 'beta'] as const;
export type UpdateRing = (typeof UPDATE_RINGS)[number];

const feedUrl = z
  .string()
  .trim()
  .max(2000, 'At most 2000 characters')
  .transform((text, ctx) => {
    if (text === '') return null;
    const checked = checkFeedUrl(text);
    if (!checked.ok) {
      ctx.addIssue({ code: 'custom', message: checked.message });
      return z.NEVER;
    }
    return checked.url;
  })
  .nullable();

/** The clinic's update policy (Admin › Updates), kept in the clinic database's settings. */
export const updatePolicySchema = z
  .object({
    /** In-app updates on this clinic's computers (a machine policy file can still turn them off). */
    enabled: z.boolean(),
    ring: z.enum(UPDATE_RINGS),
    stableFeedUrl: feedUrl,
    betaFeedUrl: feedUrl,
    /** Accept a feed offering an older version than the one running (to step back from a bad release). */
    allowDowngrade: z.boolean(),
  })
  .superRefine((policy, ctx) => {
    const key = policy.ring === 'stable' ? 'stableFeedUrl' : 'betaFeedUrl';
    if (policy.enabled && policy[key] === null) ctx.addIssue({ code: 'custom', path: [key], message: 'Required while updates are on' });
  });
export type UpdatePolicy = z.output<typeof updatePolicySchema>;

/** Until Admin says otherwise: updates on, from the feed the build names (if it names one). */
export const DEFAULT_UPDATE_POLICY: UpdatePolicy = { enabled: true, ring: 'stable', stableFeedUrl: null, betaFeedUrl: null, allowDowngrade: false };

export const UPDATE_PHASES = ['off', 'idle', 'checking', 'up-to-date', 'downloading', 'ready', 'error'] as const;
export type UpdatePhase = (typeof UPDATE_PHASES)[number];

export const updateStatusSchema = z.object({
  /** False where this runtime has no updater (browser mode, a development build, a .deb install). */
  supported: z.boolean(),
  /** Why there is no updater here, or why updates are off; null when they are on. */
  offReason: z.string().nullable(),
  /** What the last check found when it took nothing (the newest already, an older version refused, not in this rollout stage). */
  note: z.string().nullable(),
  currentVersion: z.string(),
  /** The clinic's policy as stored. */
  policy: z.object({
    enabled: z.boolean(),
    ring: z.enum(UPDATE_RINGS),
    stableFeedUrl: z.string().nullable(),
    betaFeedUrl: z.string().nullable(),
    allowDowngrade: z.boolean(),
  }),
  /** This computer's policy file: where it is looked for and what it says. */
  machinePolicy: z.object({
    file: z.string(),
    state: z.enum(['absent', 'in-force', 'invalid']),
    /** What it does, or why it cannot be read. */
    message: z.string().nullable(),
  }),
  /** The feed in use (after the machine policy), null while updates are off. */
  feedUrl: z.string().nullable(),
  ring: z.enum(UPDATE_RINGS),
  phase: z.enum(UPDATE_PHASES),
  offeredVersion: z.string().nullable(),
  downloadPercent: z.number().nullable(),
  lastCheckedAt: z.string().nullable(),
  nextCheckAt: z.string().nullable(),
  /** An install planned for the next quiet time (the evening), null when none is. */
  installTonight: z.boolean(),
  /** A screen reported unsaved work (an open form, a check-in under way): nothing restarts meanwhile. */
  busy: z.boolean(),
  lastError: z.object({ at: z.string(), message: z.string() }).nullable(),
});
export type UpdateStatus = z.infer<typeof updateStatusSchema>;

export const reportBusyInput = z.object({ busy: z.boolean() });
