import { AppError } from '../../../src-shared/rpc/errors';
import type { Handlers } from '../../rpc/router';
import { readSettings, writeSettings } from '../settings/service';
import { insertUser } from '../users/service';
import { breakGlass, lock, login, logout, sessionInfo, unlock } from './service';

export const authHandlers: Pick<
  Handlers,
  | 'setup.status'
  | 'setup.createFirstAdmin'
  | 'auth.login'
  | 'auth.logout'
  | 'auth.session'
  | 'auth.touch'
  | 'auth.lock'
  | 'auth.unlock'
  | 'auth.breakGlass'
> = {
  'setup.status': async (_input, { db }) => {
    const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    return { needsSetup: !anyUser, clinicName: (await readSettings(db)).clinicName };
  },
  /** First run only: refused as soon as any user exists. */
  'setup.createFirstAdmin': async (input, { db, clock, services }) => {
    const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (anyUser) throw new AppError('CONFLICT', 'This clinic is already set up: sign in instead');
    await writeSettings(db, clock, { clinicName: input.clinicName, timeZone: input.timeZone });
    const user = await insertUser(db, clock, services.kdf, { ...input, role: 'admin' });
    await services.audit.record(db, { action: 'setup.first_admin', userId: user.id, entityType: 'user', entityId: user.id });
    return { user, recoveryKey: await services.createRecoveryKey(db) };
  },
  'auth.login': (input, ctx) => login(ctx, input),
  'auth.logout': (_input, ctx) => logout(ctx, ctx.session),
  'auth.session': (_input, ctx) => sessionInfo(ctx, ctx.session),
  'auth.touch': async (_input, { session, services }) => {
    if (session.id) services.sessions.touch(session.id);
    return { done: true };
  },
  'auth.lock': (_input, ctx) => lock(ctx, ctx.session),
  'auth.unlock': (input, ctx) => unlock(ctx, ctx.session, input.password),
  'auth.breakGlass': (input, ctx) => breakGlass(ctx, ctx.session, input),
};
