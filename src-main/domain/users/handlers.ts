import type { Handlers } from '../../rpc/router';
import { clinicSettingsOf, readSettings, writeSettings } from '../settings/service';
import { clearLockout, insertUser, listUsers, resetPassword, updateUser } from './service';

export const userHandlers: Pick<
  Handlers,
  'users.list' | 'users.create' | 'users.update' | 'users.resetPassword' | 'users.unlock' | 'settings.get' | 'settings.update'
> = {
  'users.list': async (_input, { db, clock }) => ({ items: await listUsers(db, clock) }),
  'users.create': async (input, { db, clock, session, services }) => {
    const user = await insertUser(db, clock, services.kdf, input);
    await services.audit.record(db, { action: 'user.create', userId: session.userId, entityType: 'user', entityId: user.id, detail: { role: user.role } });
    return user;
  },
  'users.update': async (input, { db, clock, session, services }) => {
    const { user, accessChanged } = await updateUser(db, clock, input);
    // A disabled or re-roled user signs in again, so no session keeps the old access.
    if (accessChanged) services.sessions.endAllFor(user.id);
    await services.audit.record(db, {
      action: 'user.update',
      userId: session.userId,
      entityType: 'user',
      entityId: user.id,
      detail: { role: user.role, disabled: user.disabled },
    });
    return user;
  },
  'users.resetPassword': async ({ id, password }, { db, clock, session, services }) => {
    const user = await resetPassword(db, clock, services.kdf, id, password);
    services.sessions.endAllFor(user.id);
    await services.audit.record(db, { action: 'user.reset_password', userId: session.userId, entityType: 'user', entityId: user.id });
    return user;
  },
  'users.unlock': async ({ id }, { db, clock, session, services }) => {
    const user = await clearLockout(db, clock, id);
    await services.audit.record(db, { action: 'user.unlock', userId: session.userId, entityType: 'user', entityId: user.id });
    return user;
  },
  'settings.get': async (_input, { db }) => clinicSettingsOf(await readSettings(db)),
  'settings.update': async (input, { db, clock, session, services }) => {
    await writeSettings(db, clock, input);
    await services.audit.record(db, { action: 'settings.update', userId: session.userId, detail: { fields: Object.keys(input).join(' ') } });
    return clinicSettingsOf(await readSettings(db));
  },
};
