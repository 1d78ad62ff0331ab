import { defineMethod } from '../rpc/define';
import {
  documentAttachInput,
  documentIdInput,
  documentListInput,
  documentListOutput,
  documentOpenOutput,
  documentRemoveOutput,
  documentSummarySchema,
  documentUpdateInput,
} from './schema';

/** RPC methods of documents attached to a chart. Spread into the one contract (src-shared/rpc/contract.ts). */
export const documentMethods = {
  /** A patient's documents, newest first (optionally one kind, e.g. insurance cards for a coverage). */
  'documents.list': defineMethod({ input: documentListInput, output: documentListOutput, permission: 'patients.read', kind: 'read' }),
  /** Stores the file encrypted under its content hash and lists it on the chart (audited). */
  'documents.attach': defineMethod({ input: documentAttachInput, output: documentSummarySchema, permission: 'patients.write', kind: 'write' }),
  /** The file's content, re-checked against its recorded hash; a write because every open is audited. */
  'documents.open': defineMethod({ input: documentIdInput, output: documentOpenOutput, permission: 'patients.read', kind: 'write' }),
  /** Title, kind or date; the file never changes. */
  'documents.update': defineMethod({ input: documentUpdateInput, output: documentSummarySchema, permission: 'patients.write', kind: 'write' }),
  /** Takes the document off the chart (kept as a tombstone, audited; its file stays for backups and other references). */
  'documents.remove': defineMethod({ input: documentIdInput, output: documentRemoveOutput, permission: 'patients.write', kind: 'write' }),
} as const;
