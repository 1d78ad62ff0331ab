import type { documentMethods } from '../../../src-shared/documents/contract';
import type { Handlers } from '../../rpc/router';
import { listDocuments } from './service';

export const documentHandlers: Pick<Handlers, keyof typeof documentMethods> = {
  'documents.list': async (input, { db }) => ({ items: await listDocuments(db, input) }),
};
