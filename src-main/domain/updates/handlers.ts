import { AppError } from '../../../src-shared/rpc/errors';
import type { updateMethods } from '../../../src-shared/updates/contract';
import type { HandlerContext, Handlers } from '../../rpc/router';
import { UpdateRefusal } from '../../updates/controller';
import { writeUpdatePolicy } from '../../updates/settings';

/** A request the updater cannot do now becomes CONFLICT with its message; anything else stays INTERNAL. */
async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UpdateRefusal) throw new AppError('CONFLICT', error.message);
    throw error;
  }
}

async function auditInstall(ctx: HandlerContext, when: 'now' | 'tonight', version: string | null): Promise<void> {
  await ctx.db.transaction().execute((trx) =>
    ctx.services.audit.record(trx, { action: 'update.install', userId: ctx.session.userId, detail: { when, version } }),
  );
}

export const updateHandlers: Pick<Handlers, keyof typeof updateMethods> = {
  'updates.status': (_input, { services }) => services.updates.status(),
  'updates.check': (_input, { services }) => refusing(() => services.updates.check()),
  'updates.restartNow': (_input, ctx) =>
    refusing(async () => {
      const { offeredVersion } = await ctx.services.updates.status();
      return ctx.services.updates.restartNow(() => auditInstall(ctx, 'now', offeredVersion));
    }),
  'updates.installTonight': (_input, ctx) =>
    refusing(async () => {
      const status = await ctx.services.updates.installTonight();
      await auditInstall(ctx, 'tonight', status.offeredVersion);
      return status;
    }),
  'updates.setPolicy': async (input, { db, clock, session, services }) => {
    await db.transaction().execute(async (trx) => {
      await writeUpdatePolicy(trx, clock, input);
      await services.audit.record(trx, {
        action: 'settings.update',
        userId: session.userId,
        detail: { setting: 'updates', enabled: input.enabled, ring: input.ring, allowDowngrade: input.allowDowngrade },
      });
    });
    return services.updates.policyChanged();
  },
  'updates.reportBusy': async (input, { services, session }) => {
    if (session.id !== null) services.updates.reportBusy(session.id, input.busy);
    return { done: true as const };
  },
};
