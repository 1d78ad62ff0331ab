import { defineMethod } from '../rpc/define';
import {
  contactListInput,
  contactListOutput,
  contactRefInput,
  contactSaveInput,
  contactSchema,
  patientHistoryInput,
  patientHistoryOutput,
} from './chart-schema';

/** RPC methods of the rest of the chart: contacts, edit history. Spread into the one contract (src-shared/rpc/contract.ts). */
export const chartMethods = {
  /** Emergency contacts (oldest first) and the guarantor; no guarantor means the patient pays. */
  'patients.contacts.list': defineMethod({ input: contactListInput, output: contactListOutput, permission: 'patients.read', kind: 'read' }),
  /** Adds (no id) or edits (id) a contact. A second guarantor is refused with CONFLICT: edit or remove the one there is. */
  'patients.contacts.save': defineMethod({ input: contactSaveInput, output: contactSchema, permission: 'patients.write', kind: 'write' }),
  /** Removes a contact (kept in the history); removing the guarantor makes the patient their own guarantor. */
  'patients.contacts.remove': defineMethod({ input: contactRefInput, output: contactSchema, permission: 'patients.write', kind: 'write' }),
  /** Who changed what in the chart's details and contacts, and when: one entry per save, newest first. */
  'patients.history': defineMethod({ input: patientHistoryInput, output: patientHistoryOutput, permission: 'patients.read', kind: 'read' }),
} as const;
