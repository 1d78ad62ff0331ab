import { defineMethod } from '../rpc/define';
import { documentListInput, documentListOutput } from './schema';

/** RPC methods of documents attached to a chart. Spread into the one contract (src-shared/rpc/contract.ts). */
export const documentMethods = {
  /** A patient's documents, newest first (optionally one kind, e.g. insurance cards for a coverage). */
  'documents.list': defineMethod({ input: documentListInput, output: documentListOutput, permission: 'patients.read', kind: 'read' }),
} as const;
