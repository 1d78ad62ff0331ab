import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation';
import * as m0002 from './0002_users_security';
import * as m0003 from './0003_patient_search';
import * as m0004 from './0004_patient_duplicates';
import * as m0005 from './0005_patient_chart';
import * as m0006 from './0006_audit_indexes';
import * as m0007 from './0007_scheduling';
import * as m0008 from './0008_front_desk';
import * as m0009 from './0009_schedule_read_indexes';

/**
 * Every migration, in order. Listed by hand because a packaged app cannot scan a folder.
 * After a release, migrations are additive only: sync peers may still run older versions.
 */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_users_security': m0002,
  '0003_patient_search': m0003,
  '0004_patient_duplicates': m0004,
  '0005_patient_chart': m0005,
  '0006_audit_indexes': m0006,
  '0007_scheduling': m0007,
  '0008_front_desk': m0008,
  '0009_schedule_read_indexes': m0009,
};

export const LATEST_MIGRATION = Object.keys(migrations).sort().at(-1) ?? '';
