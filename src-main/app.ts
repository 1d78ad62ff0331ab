import { EventEmitter } from 'node:events';
import { systemClock, type Clock } from './clock';
import { openClinicDatabase, type ClinicDatabase } from './db/clinic-db';
import { changeHandlers } from './domain/changes/handlers';
import { changeFeedHead } from './domain/changes/service';
import { patientHandlers } from './domain/patients/handlers';
import { chartHandlers } from './domain/patients/chart-handlers';
import { providerHandlers } from './domain/providers/handlers';
import { insuranceHandlers } from './domain/insurance/handlers';
import { documentHandlers } from './domain/documents/handlers';
import { createDocumentStore } from './domain/documents/store';
import { recordRequestHandlers } from './domain/record-requests/handlers';
import { mergeHandlers } from './domain/merges/handlers';
import { schedulingHandlers } from './domain/scheduling/handlers';
import { ledgerHandlers } from './domain/ledger/handlers';
import { frontDeskHandlers } from './domain/front-desk/handlers';
import { messageHandlers } from './domain/messages/handlers';
import { referralHandlers } from './domain/referrals/handlers';
import { supplyHandlers } from './domain/supplies/handlers';
import { updateHandlers } from './domain/updates/handlers';
import { browserModeUpdates, type UpdateServiceFactory } from './updates/service';
import { systemHandlers, type SystemFacts } from './domain/system/handlers';
import path from 'node:path';
import { createAuditLog } from './domain/audit/log';
import { auditHandlers } from './domain/audit/handlers';
import { authHandlers } from './domain/auth/handlers';
import { PRODUCTION_KDF, type ScryptParams } from './domain/auth/passwords';
import { createSessionStore } from './domain/auth/sessions';
import { readSettings } from './domain/settings/service';
import { userHandlers } from './domain/users/handlers';
import { backupHandlers } from './domain/backups/handlers';
import { startBackups } from './domain/backups/service';
import { createLogger, type Logger } from './log';
import { createRouter, type Handlers, type Router } from './rpc/router';
import { ANONYMOUS } from './rpc/session';
import type { ClinicKeys } from './security/keys';
import type { AppServices } from './services';
import type { RpcResult } from '../src-shared/rpc/errors';

export interface ClinicApp {
  dataDir: string;
  database: ClinicDatabase;
  router: Router;
  services: AppServices;
  /** What both transports call: resolves the session, runs the method, anchors the audit chain. */
  dispatch(method: unknown, input: unknown, sessionId: string | null | undefined): Promise<RpcResult<unknown>>;
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
  keys: ClinicKeys;
  /** Password hashing cost; tests pass cheap settings. */
  kdf?: ScryptParams;
  /** The runtime's updater (the desktop shell's); browser mode has none. */
  updates?: UpdateServiceFactory;
}

export const AUDIT_ANCHOR_FILE = 'audit-anchor.json';

/** Every RPC method the app serves. */
export function allHandlers(system: SystemFacts): Handlers {
  return {
    ...systemHandlers(system),
    ...patientHandlers,
    ...changeHandlers,
    ...authHandlers,
    ...userHandlers,
    ...auditHandlers,
    ...backupHandlers,
    ...chartHandlers,
    ...providerHandlers,
    ...insuranceHandlers,
    ...documentHandlers,
    ...recordRequestHandlers,
    ...mergeHandlers,
    ...schedulingHandlers,
    ...ledgerHandlers,
    ...frontDeskHandlers,
    ...messageHandlers,
    ...referralHandlers,
    ...supplyHandlers,
    ...updateHandlers,
  };
}

/** Everything both transports (Electron IPC and browser mode) share: the database and the router. */
export async function openClinicApp(options: OpenClinicAppOptions): Promise<ClinicApp> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger();
  // Applies a restore scheduled by the last run, before the database opens.
  const backupStartup = await startBackups({ ...options, clock, logger });
  const database = await openClinicDatabase({
    dataDir: options.dataDir,
    clock,
    nativeBinding: options.nativeBinding,
    databaseKey: options.keys.databaseKey,
    beforeMigrate: backupStartup.beforeMigrate,
  });
  if (database.migration.applied.length > 0) {
    logger.info('db.migrated', { applied: database.migration.applied.join(' '), backup: database.migration.backupFile !== null });
  }
  const changes = new EventEmitter<{ change: [cursor: number] }>();
  let idleLockMinutes = (await readSettings(database.db)).idleLockMinutes;
  const audit = createAuditLog({
    key: options.keys.auditKey,
    deviceId: database.workstation.deviceId,
    clock,
    anchorFile: path.join(options.dataDir, AUDIT_ANCHOR_FILE),
    logger,
  });
  const backups = await backupStartup.attach({ db: database.db, audit });
  const services: AppServices = {
    sessions: createSessionStore(clock, () => idleLockMinutes),
    audit,
    kdf: options.kdf ?? PRODUCTION_KDF,
    createRecoveryKey: backups.createRecoveryKey,
    backups,
    documents: createDocumentStore({ dataDir: options.dataDir, fileKey: options.keys.fileKey, logger }),
    updates: (options.updates ?? browserModeUpdates)({
      db: database.db,
      clock,
      logger,
      appVersion: options.appVersion,
      installationId: database.workstation.deviceId,
      isSessionLive: (sessionId) => services.sessions.resolve(sessionId) !== null,
    }),
  };
  const router = createRouter({
    db: database.db,
    capture: database.capture,
    clock,
    logger,
    services,
    handlers: allHandlers({ appVersion: options.appVersion, workstationCode: database.workstation.code, runtime: options.runtime }),
    onCommit: () => {
      changeFeedHead(database.db).then(
        (cursor) => changes.emit('change', cursor),
        (error: unknown) => logger.warn('changes.notify_failed', { errorName: error instanceof Error ? error.name : typeof error }),
      );
    },
  });
  changes.on('change', () => {
    // Caught: a read racing close() must not become an unhandled rejection (which ends the process).
    readSettings(database.db).then(
      (settings) => (idleLockMinutes = settings.idleLockMinutes),
      (error: unknown) => logger.warn('settings.refresh_failed', { errorName: error instanceof Error ? error.name : typeof error }),
    );
  });
  async function dispatch(method: unknown, input: unknown, sessionId: string | null | undefined) {
    const session = sessionId ? services.sessions.resolve(sessionId) : ANONYMOUS;
    const result = await router.call(method, input, session);
    await audit.anchor(database.db);
    return result;
  }
  backups.start();
  services.updates.start();
  const close = async () => {
    services.updates.stop();
    await backups.stop();
    await database.close();
  };
  return { dataDir: options.dataDir, database, router, services, dispatch, changes, close };
}
