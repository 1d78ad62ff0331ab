import type { Kysely } from 'kysely';
import type { Clock } from '../clock';
import type { Database } from '../db/schema';
import type { Logger } from '../log';
import { noUpdater, type UpdateService } from './controller';
import { machinePolicyFile } from './machine-policy';
import { readUpdatePolicy } from './settings';

/** What the app hands the runtime's update service once the database is open. */
export interface UpdateServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  appVersion: string;
  /** The workstation's device id: its place in staged rollouts. */
  installationId: string;
  isSessionLive(sessionId: string): boolean;
}

export type UpdateServiceFactory = (deps: UpdateServiceDeps) => UpdateService;

export const BROWSER_MODE_NO_UPDATER = 'Clinic Office is running in browser mode, which has no updater: the installed desktop app updates itself.';

/** Browser mode: the policy can be read and set (it applies to the clinic's desktop installs), nothing installs here. */
export const browserModeUpdates: UpdateServiceFactory = (deps) =>
  noUpdater(
    {
      installKind: 'development',
      currentVersion: deps.appVersion,
      readClinicPolicy: () => readUpdatePolicy(deps.db),
      machinePolicyFile: machinePolicyFile(process.platform, process.env),
      clock: deps.clock,
      logger: deps.logger,
      isSessionLive: deps.isSessionLive,
    },
    BROWSER_MODE_NO_UPDATER,
  );
