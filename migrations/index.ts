import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation';

/**
 * Every migration, in order. Listed by hand because a packaged app cannot scan a folder.
 * After a release, migrations are additive only: sync peers may still run older versions.
 */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};

export const LATEST_MIGRATION = Object.keys(migrations).sort().at(-1) ?? '';
