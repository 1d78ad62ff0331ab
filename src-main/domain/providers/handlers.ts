import type { providerMethods } from '../../../src-shared/providers/contract';
import type { Handlers } from '../../rpc/router';
import { listProviders } from './service';

export const providerHandlers: Pick<Handlers, keyof typeof providerMethods> = {
  'providers.list': async (input, { db }) => ({ items: await listProviders(db, input) }),
};
