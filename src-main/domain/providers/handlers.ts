import type { providerMethods } from '../../../src-shared/providers/contract';
import type { Provider } from '../../../src-shared/providers/schema';
import type { Handlers, HandlerContext } from '../../rpc/router';
import { createProvider, listProviders, updateProvider } from './service';

async function audited(action: 'provider.create' | 'provider.update', provider: Provider, { db, session, services }: HandlerContext): Promise<Provider> {
  await services.audit.record(db, {
    action,
    userId: session.userId,
    entityType: 'provider',
    entityId: provider.id,
    detail: { npi: provider.npi, active: provider.active },
  });
  return provider;
}

export const providerHandlers: Pick<Handlers, keyof typeof providerMethods> = {
  'providers.list': async (input, { db }) => ({ items: await listProviders(db, input) }),
  'providers.create': async (input, ctx) => audited('provider.create', await createProvider(ctx.db, ctx.clock, input), ctx),
  'providers.update': async (input, ctx) => audited('provider.update', await updateProvider(ctx.db, ctx.clock, input), ctx),
};
