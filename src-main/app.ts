import { EventEmitter } from 'node:events';
import { systemClock, type Clock } from './clock';
import { openClinicDatabase, type ClinicDatabase } from './db/clinic-db';
import { changeHandlers } from './domain/changes/handlers';
import { changeFeedHead } from './domain/changes/service';
import { patientHandlers } from './domain/patients/handlers';
import { systemHandlers } from './domain/system/handlers';
import { createLogger, type Logger } from './log';
import { createRouter, type Router } from './rpc/router';

export interface ClinicApp {
  dataDir: string;
  database: ClinicDatabase;
  router: Router;
  /** Emits 'change' with the new change-feed head after every committed write. */
  changes: EventEmitter<{ change: [cursor: number] }>;
  close(): Promise<void>;
}

export interface OpenClinicAppOptions {
  dataDir: string;
  runtime: 'electron' | 'browser';
  clock?: Clock;
  logger?: Logger;
  nativeBinding?: string | undefined;
  appVersion: string;
}

/** Everything both transports (Electron IPC and browser mode) share: the database and the router. */
export async function openClinicApp(options: OpenClinicAppOptions): Promise<ClinicApp> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger();
  const database = await openClinicDatabase({ dataDir: options.dataDir, clock, nativeBinding: options.nativeBinding });
  if (database.migration.applied.length > 0) {
    logger.info('db.migrated', { applied: database.migration.applied.join(' '), backup: database.migration.backupFile !== null });
  }
  const changes = new EventEmitter<{ change: [cursor: number] }>();
  const router = createRouter({
    db: database.db,
    capture: database.capture,
    clock,
    logger,
    handlers: {
      ...systemHandlers({ appVersion: options.appVersion, workstationCode: database.workstation.code, runtime: options.runtime }),
      ...patientHandlers,
      ...changeHandlers,
    },
    onCommit: () => {
      changeFeedHead(database.db).then(
        (cursor) => changes.emit('change', cursor),
        (error: unknown) => logger.warn('changes.notify_failed', { errorName: error instanceof Error ? error.name : typeof error }),
      );
    },
  });
  return { dataDir: options.dataDir, database, router, changes, close: () => database.close() };
}
