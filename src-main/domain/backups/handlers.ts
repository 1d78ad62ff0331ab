import { AppError } from '../../../src-shared/rpc/errors';
import type { Handlers } from '../../rpc/router';
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

export const backupHandlers: Pick<
  Handlers,
  'backups.status' | 'backups.configure' | 'backups.run' | 'backups.list' | 'backups.preview' | 'backups.scheduleRestore'
> = {
  'backups.status': async (_input, { services }) => services.backups.status(),
  'backups.configure': (input, { services, session }) => refusing(() => services.backups.configure(input, session.userId)),
  'backups.run': (_input, { services, session }) => refusing(() => services.backups.run({ reason: 'manual', userId: session.userId })),
  'backups.list': async (_input, { services }) => services.backups.list(),
  'backups.preview': (input, { services }) => refusing(() => services.backups.preview(input)),
  'backups.scheduleRestore': (input, { services, session }) =>
    refusing(async () => ({ scheduled: true as const, appliesAt: 'next-start' as const, ...(await services.backups.scheduleRestore(input, session.userId)) })),
};
