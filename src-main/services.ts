import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import type { AuditLog } from './domain/audit/log';
import type { ScryptParams } from './domain/auth/passwords';
import type { SessionStore } from './domain/auth/sessions';
import type { BackupService } from './domain/backups/service';
import type { DocumentStore } from './domain/documents/store';
import type { UpdateService } from './updates/controller';

/** What handlers need beyond the database and the clock. */
export interface AppServices {
  sessions: SessionStore;
  audit: AuditLog;
  /** Password hashing cost: production settings, or cheap ones in tests. */
  kdf: ScryptParams;
  /** Makes the clinic's recovery key at first run (backups are encrypted under it); returns it to show once. */
  createRecoveryKey(db: Kysely<Database>): Promise<string>;
  /** Backups: status, configuration, runs, preview and scheduled restore. */
  backups: BackupService;
  /** The documents' encrypted files in the data folder. */
  documents: DocumentStore;
  /** In-app updates: the desktop's updater, or browser mode's stand-in that says there is none. */
  updates: UpdateService;
}
