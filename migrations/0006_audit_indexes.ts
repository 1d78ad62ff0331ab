import { sql, type Kysely } from 'kysely';

/**
 * The audit screen (`audit.search`) and a chart's access report list entries newest first by
 * time, filtered by patient or by user: each filter reads one index range already in that order.
 * `audit_log_entity_at` extends 0002's `audit_log_entity` (entity_type, entity_id), which it makes
 * redundant. audit_log is a local table: indexes only, no sync op.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE INDEX audit_log_entity_at ON audit_log (entity_type, entity_id, at)`,
    `DROP INDEX audit_log_entity`,
    `CREATE INDEX audit_log_user ON audit_log (user_id, at)`,
    `CREATE INDEX audit_log_at ON audit_log (at)`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
