import { z } from 'zod';
import { changesSinceInput, changesSinceOutput } from '../changes/schema';
import {
  patientCreateInput,
  patientIdSchema,
  patientSchema,
  patientSearchInput,
  patientSearchOutput,
  patientUpdateInput,
} from '../patients/schema';
import { defineMethod } from './define';

/**
 * The one list of everything the renderer (or a script) can ask the main process.
 * Names and fields are stable: e2e tests and outside scripts drive them.
 */
export const contract = {
  'system.info': defineMethod({
    input: z.object({}).default({}),
    output: z.object({
      appVersion: z.string(),
      schemaVersion: z.string(),
      workstationCode: z.string(),
      runtime: z.enum(['electron', 'browser']),
    }),
    permission: 'system.read',
    kind: 'read',
  }),
  'patients.create': defineMethod({
    input: patientCreateInput,
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
  'patients.search': defineMethod({
    input: patientSearchInput,
    output: patientSearchOutput,
    permission: 'patients.read',
    kind: 'read',
  }),
  'changes.since': defineMethod({
    input: changesSinceInput,
    output: changesSinceOutput,
    permission: 'changes.read',
    kind: 'read',
  }),
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
