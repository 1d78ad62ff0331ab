import { AppError } from '../../../src-shared/rpc/errors';
import type { HandlerContext, Handlers } from '../../rpc/router';
import { BackupError } from './format';

/** Expected refusals become clear errors for the caller; anything else stays INTERNAL (no details leak). */
async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BackupError) {
      const code = error.problem === 'in-use' || error.problem === 'other-clinic' ? 'CONFLICT' : 'VALIDATION';
      throw new AppError(code, error.message);
    }
    if (error instanceof Error && error.name === 'RecoveryKeyFormatError') throw new AppError('VALIDATION', error.message, { fields: { recoveryKey: error.message } });
    if (error instanceof Error && error.name === 'WrongRecoveryKeyError') throw new AppError('VALIDATION', error.message, { fields: { recoveryKey: error.message } });
    throw error;
  }
}

/** First-run restore is open to anyone at the keyboard only until the clinic has a user. */
async function beforeSetup<T>(db: HandlerContext['db'], work: () => Promise<T>): Promise<T> {
  const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (anyUser) throw new AppError('CONFLICT', 'This clinic is already set up: an administrator restores from Admin, Backups');
  return refusing(work);
}

export const backupHandlers: Pick<
  Handlers,
  | 'backups.status'
  | 'backups.configure'
  | 'backups.run'
  | 'backups.list'
  | 'backups.preview'
  | 'backups.scheduleRestore'
  | 'setup.previewRestore'
  | 'setup.scheduleRestore'
> = {
  'setup.previewRestore': (input, { db, services }) => beforeSetup(db, () => services.backups.preview(input)),
  'setup.scheduleRestore': (input, { db, services }) =>
    beforeSetup(db, async () => ({ scheduled: true as const, appliesAt: 'next-start' as const, ...(await services.backups.scheduleRestore(input, null)) })),
  'backups.status': async (_input, { services }) => services.backups.status(),
  'backups.configure': (input, { services, session }) => refusing(() => services.backups.configure(input, session.userId)),
  'backups.run': (_input, { services, session }) => refusing(() => services.backups.run({ reason: 'manual', userId: session.userId })),
  'backups.list': async (_input, { services }) => services.backups.list(),
  'backups.preview': (input, { services }) => refusing(() => services.backups.preview(input)),
  'backups.scheduleRestore': (input, { services, session }) =>
    refusing(async () => ({ scheduled: true as const, appliesAt: 'next-start' as const, ...(await services.backups.scheduleRestore(input, session.userId)) })),
};
