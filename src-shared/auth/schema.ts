import { z } from 'zod';
import { waitThresholdSchema } from '../front-desk/wait-threshold';
import { referralReportDaysSchema } from '../referrals/report-days';
import { openingHoursSchema, timeZoneSchema } from '../scheduling/settings-schema';
import { grantableByBreakGlass, PERMISSIONS, ROLES } from './permissions';

export const MIN_PASSWORD_LENGTH = 12;

export const usernameSchema = z
  .string({ error: 'Required' })
  .trim()
  .toLowerCase()
  .min(3, 'At least 3 characters')
  .max(40, 'At most 40 characters')
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'Letters, digits, dot, dash and underscore only');

/** Strength against common passwords is checked by the main process (its list is large). */
export const newPasswordSchema = z
  .string({ error: 'Required' })
  .min(MIN_PASSWORD_LENGTH, `At least ${MIN_PASSWORD_LENGTH} characters`)
  .max(256, 'At most 256 characters');

const displayNameSchema = z.string({ error: 'Required' }).trim().min(1, 'Required').max(100, 'At most 100 characters');
const clinicNameSchema = z.string({ error: 'Required' }).trim().min(1, 'Required').max(120, 'At most 120 characters');
export const roleSchema = z.enum(ROLES, { error: 'Choose a role' });

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const setupStatusOutput = z.object({ needsSetup: z.boolean(), clinicName: z.string().nullable() });

export const createFirstAdminInput = z.object({
  clinicName: clinicNameSchema,
  /** The clinic's IANA time zone; scheduling waits for it, so first run asks (the computer's zone is offered). */
  timeZone: timeZoneSchema.optional(),
  username: usernameSchema,
  password: newPasswordSchema,
  displayName: displayNameSchema,
});

export const createFirstAdminOutput = z.object({
  user: userSchema,
  /** Shown once: backups are encrypted under it. It is never stored or shown again. */
  recoveryKey: z.string(),
});

export const loginInput = z.object({
  username: z.string().trim().toLowerCase().min(1, 'Required').max(40),
  password: z.string().min(1, 'Required').max(256),
});

export const loginOutput = z.object({ sessionId: z.string(), user: userSchema });

export const sessionInfoOutput = z.object({
  user: userSchema,
  permissions: z.array(z.enum(PERMISSIONS)),
  locked: z.boolean(),
  idleLockMinutes: z.number().int(),
  clinicName: z.string().nullable(),
});
export type SessionInfo = z.infer<typeof sessionInfoOutput>;

export const unlockInput = z.object({ password: z.string().min(1, 'Required').max(256) });

export const breakGlassInput = z
  .object({
    reason: z.string().trim().min(10, 'Say why in at least 10 characters').max(500, 'At most 500 characters'),
    patientId: z.uuid().optional(),
    permission: z
      .enum(PERMISSIONS)
      .refine(grantableByBreakGlass, 'Emergency access never grants user administration or backups: ask an administrator')
      .optional(),
  })
  .refine((v) => (v.patientId === undefined) !== (v.permission === undefined), 'Name either a chart or a permission');

export const createUserInput = z.object({
  username: usernameSchema,
  displayName: displayNameSchema,
  role: roleSchema,
  password: newPasswordSchema,
});

export const updateUserInput = z.object({
  id: z.uuid(),
  displayName: displayNameSchema.optional(),
  role: roleSchema.optional(),
  disabled: z.boolean().optional(),
});

export const resetPasswordInput = z.object({ id: z.uuid(), password: newPasswordSchema });

export const clinicSettingsSchema = z.object({
  clinicName: clinicNameSchema,
  idleLockMinutes: z.number().int().min(1, 'At least 1 minute').max(120, 'At most 120 minutes'),
  /** The clinic's IANA zone: appointments are stored in UTC and shown in it. Absent until set; scheduling needs it. */
  timeZone: timeZoneSchema.optional(),
  openingHours: openingHoursSchema.optional(),
  /** The Today board highlights a patient waiting longer than this in one status. */
  waitThresholdMinutes: waitThresholdSchema,
  /** An outgoing referral with no report this many days after it was sent (or referred) is overdue. */
  referralReportDays: referralReportDaysSchema,
});
export type ClinicSettings = z.infer<typeof clinicSettingsSchema>;

export const BREAK_GLASS_TARGETS = ['patient', 'permission'] as const;

export const breakGlassEntrySchema = z.object({
  at: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  target: z.enum(BREAK_GLASS_TARGETS),
  patientId: z.string().nullable(),
  /** "Family, Given (MRN)" of the chart opened: the report is for people who may read the audit. */
  patientLabel: z.string().nullable(),
  permission: z.string().nullable(),
  reason: z.string(),
  workstation: z.string(),
});
