import { z } from 'zod';
import { changesSinceInput, changesSinceOutput } from '../changes/schema';
import {
  patientCreateRequest,
  patientFindDuplicatesInput,
  patientFindDuplicatesOutput,
  patientIdSchema,
  patientSchema,
  patientSearchInput,
  patientSearchOutput,
  patientSetRestrictionInput,
  patientUpdateInput,
} from '../patients/schema';
import {
  breakGlassEntrySchema,
  breakGlassInput,
  clinicSettingsSchema,
  createFirstAdminInput,
  createFirstAdminOutput,
  createUserInput,
  loginInput,
  loginOutput,
  resetPasswordInput,
  sessionInfoOutput,
  setupStatusOutput,
  unlockInput,
  updateUserInput,
  userSchema,
} from '../auth/schema';
import {
  backupConfigureInput,
  backupListOutput,
  backupPreviewOutput,
  backupRefInput,
  backupRunOutput,
  backupScheduleRestoreOutput,
  backupStatusOutput,
} from '../backups/schema';
import { auditMethods } from '../audit/contract';
import { documentMethods } from '../documents/contract';
import { frontDeskMethods } from '../front-desk/contract';
import { insuranceMethods } from '../insurance/contract';
import { ledgerMethods } from '../ledger/contract';
import { mergeMethods } from '../merges/contract';
import { messageMethods } from '../messages/contract';
import { chartMethods } from '../patients/chart-contract';
import { providerMethods } from '../providers/contract';
import { recordRequestMethods } from '../record-requests/contract';
import { referralMethods } from '../referrals/contract';
import { schedulingMethods } from '../scheduling/contract';
import { supplyMethods } from '../supplies/contract';
import { updateMethods } from '../updates/contract';
import { defineMethod } from './define';

const empty = z.object({}).default({});
const done = z.object({ done: z.literal(true) });

/**
 * The one list of everything the renderer (or a script) can ask the main process.
 * Names and fields are stable: e2e tests and outside scripts drive them.
 */
export const contract = {
  'system.info': defineMethod({
    input: empty,
    output: z.object({
      appVersion: z.string(),
      schemaVersion: z.string(),
      workstationCode: z.string(),
      runtime: z.enum(['electron', 'browser']),
    }),
    permission: 'system.read',
    kind: 'read',
  }),
  /** Without `confirmNewPatient`, refused with CONFLICT (`details.duplicates`) when likely existing patients match. */
  'patients.create': defineMethod({
    input: patientCreateRequest,
    output: patientSchema,
    permission: 'patients.write',
    kind: 'write',
  }),
  'patients.update': defineMethod({
    input: patientUpdateInput,
    output: patientSchema,
    permission: 'patients.write',
    kind: 'write',
  }),
  'patients.get': defineMethod({
    input: z.object({ id: patientIdSchema }),
    output: patientSchema,
    permission: 'patients.read',
    kind: 'read',
  }),
  /** The as-you-type duplicate warning of the registration form: every field optional, partial input never refused. */
  'patients.findDuplicates': defineMethod({
    input: patientFindDuplicatesInput,
    output: patientFindDuplicatesOutput,
    permission: 'patients.read',
    kind: 'read',
  }),
  'patients.search': defineMethod({
    input: patientSearchInput,
    output: patientSearchOutput,
    permission: 'patients.read',
    kind: 'read',
  }),
  'patients.setRestriction': defineMethod({
    input: patientSetRestrictionInput,
    output: patientSchema,
    permission: 'patients.restrict',
    kind: 'write',
  }),
  'setup.status': defineMethod({ input: empty, output: setupStatusOutput, permission: 'public', kind: 'read' }),
  'setup.createFirstAdmin': defineMethod({
    input: createFirstAdminInput,
    output: createFirstAdminOutput,
    permission: 'public',
    kind: 'write',
  }),
  /** A new computer replacing a lost one: before any user exists, a backup may be restored with the recovery key. */
  'setup.previewRestore': defineMethod({ input: backupRefInput, output: backupPreviewOutput, permission: 'public', kind: 'read' }),
  'setup.scheduleRestore': defineMethod({
    input: backupRefInput,
    output: backupScheduleRestoreOutput,
    permission: 'public',
    kind: 'self-managed',
  }),
  'auth.login': defineMethod({ input: loginInput, output: loginOutput, permission: 'public', kind: 'self-managed' }),
  'auth.logout': defineMethod({ input: empty, output: done, permission: 'signed-in', kind: 'self-managed', allowWhenLocked: true }),
  'auth.session': defineMethod({ input: empty, output: sessionInfoOutput, permission: 'signed-in', kind: 'read', allowWhenLocked: true }),
  'auth.touch': defineMethod({ input: empty, output: done, permission: 'signed-in', kind: 'read' }),
  'auth.lock': defineMethod({ input: empty, output: done, permission: 'signed-in', kind: 'self-managed' }),
  'auth.unlock': defineMethod({ input: unlockInput, output: sessionInfoOutput, permission: 'signed-in', kind: 'self-managed', allowWhenLocked: true }),
  'auth.breakGlass': defineMethod({ input: breakGlassInput, output: sessionInfoOutput, permission: 'signed-in', kind: 'self-managed' }),
  'users.list': defineMethod({ input: empty, output: z.object({ items: z.array(userSchema) }), permission: 'users.manage', kind: 'read' }),
  'users.create': defineMethod({ input: createUserInput, output: userSchema, permission: 'users.manage', kind: 'write' }),
  'users.update': defineMethod({ input: updateUserInput, output: userSchema, permission: 'users.manage', kind: 'write' }),
  'users.resetPassword': defineMethod({ input: resetPasswordInput, output: userSchema, permission: 'users.manage', kind: 'write' }),
  'users.unlock': defineMethod({ input: z.object({ id: z.uuid() }), output: userSchema, permission: 'users.manage', kind: 'write' }),
  'settings.get': defineMethod({ input: empty, output: clinicSettingsSchema, permission: 'signed-in', kind: 'read' }),
  'settings.update': defineMethod({
    input: clinicSettingsSchema.partial(),
    output: clinicSettingsSchema,
    permission: 'settings.manage',
    kind: 'write',
  }),
  'audit.breakGlassReport': defineMethod({
    input: z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() }).default({}),
    output: z.object({ items: z.array(breakGlassEntrySchema) }),
    permission: 'audit.read',
    kind: 'read',
  }),
  'backups.status': defineMethod({ input: empty, output: backupStatusOutput, permission: 'backups.manage', kind: 'read' }),
  /** Writes the local backup settings (a file of this data folder: the folder is a path on this computer). */
  'backups.configure': defineMethod({ input: backupConfigureInput, output: backupStatusOutput, permission: 'backups.manage', kind: 'self-managed' }),
  /** Makes a backup now (VACUUM INTO cannot run inside a transaction: self-managed). */
  'backups.run': defineMethod({ input: empty, output: backupRunOutput, permission: 'backups.manage', kind: 'self-managed' }),
  'backups.list': defineMethod({ input: empty, output: backupListOutput, permission: 'backups.manage', kind: 'read' }),
  /** Verifies a backup with the recovery key and shows what it holds; changes nothing. */
  'backups.preview': defineMethod({ input: backupRefInput, output: backupPreviewOutput, permission: 'backups.manage', kind: 'read' }),
  /** Verifies now, restores at the next start (before the database opens); the replaced data is kept aside. */
  'backups.scheduleRestore': defineMethod({
    input: backupRefInput,
    output: backupScheduleRestoreOutput,
    permission: 'backups.manage',
    kind: 'self-managed',
  }),
  'changes.since': defineMethod({
    input: changesSinceInput,
    output: changesSinceOutput,
    permission: 'changes.read',
    kind: 'read',
  }),
  ...chartMethods,
  ...providerMethods,
  ...insuranceMethods,
  ...documentMethods,
  ...recordRequestMethods,
  ...auditMethods,
  ...mergeMethods,
  ...schedulingMethods,
  ...ledgerMethods,
  ...frontDeskMethods,
  ...messageMethods,
  ...referralMethods,
  ...supplyMethods,
  ...updateMethods,
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
/** What a caller sends (before defaults and transforms). */
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
/** What a handler receives (after validation). */
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}
