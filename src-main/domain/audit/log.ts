import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Kysely, Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Clock } from '../../clock';
import type { AuditLogTable, Database } from '../../db/schema';
import type { Logger } from '../../log';

export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.lock',
  'auth.unlock',
  'auth.unlock_failed',
  'auth.refused',
  'auth.break_glass',
  'setup.first_admin',
  'user.create',
  'user.update',
  'user.reset_password',
  'user.unlock',
  'settings.update',
  'patient.restrict',
  'patient.view',
  'patient.search',
  'patient.create',
  'patient.update',
  'patient.merge',
  'patient.unmerge',
  'document.attach',
  'document.open',
  'document.update',
  'document.remove',
  'record_request.create',
  'record_request.update',
  'record_request.release',
  'provider.create',
  'provider.update',
  'payer.create',
  'payer.update',
  'coverage.create',
  'coverage.update',
  'schedule.resource.create',
  'schedule.resource.update',
  'schedule.type.create',
  'schedule.type.update',
  'schedule.provider.update',
  'schedule.template.save',
  'schedule.template.remove',
  'schedule.exception.add',
  'schedule.exception.remove',
  'appointment.book',
  'appointment.overbook',
  'appointment.reschedule',
  'appointment.cancel',
  'appointment.status',
  'appointment_series.book',
  'appointment_series.update',
  'appointment_series.cancel',
  'waitlist.add',
  'waitlist.remove',
  'ledger.payment',
  'ledger.reverse',
  'front_desk.check_in',
  'front_desk.undo_check_in',
  'message.create',
  'message.status',
  'message.reassign',
  'referral.log',
  'referral.status',
  'supply.item.create',
  'supply.item.update',
  'supply.stock.count',
  'supply.stock.use',
  'supply.order.place',
  'supply.order.receive',
  'supply.order.cancel',
  'print',
  'export',
  'backup.create',
  'backup.restore',
  'update.install',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Scalars only, named by the caller: no free text from a chart except a break-glass reason. */
export type AuditDetail = Record<string, string | number | boolean | null>;

export interface AuditEntry {
  action: AuditAction;
  userId: string | null;
  entityType?: string;
  entityId?: string;
  detail?: AuditDetail;
  /** Listed on the admin's report (break-glass, refusals). */
  flagged?: boolean;
}

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainHead {
  deviceId: string;
  seq: number;
  hash: string;
}

/** Every column but the hash, which is computed over them. */
type ChainedRow = Omit<Selectable<AuditLogTable>, 'hash'>;

/** HMAC over every column of the entry and the previous entry's hash, in a fixed order. */
export function entryHash(key: Buffer, row: ChainedRow): string {
  const fields = [row.seq, row.id, row.at, row.deviceId, row.userId, row.action, row.entityType, row.entityId, row.detail, row.flagged, row.prevHash];
  return createHmac('sha256', key).update(JSON.stringify(fields)).digest('hex');
}

export interface AuditLog {
  /** Appends one entry to this workstation's chain; call inside the writing transaction. */
  record(db: Kysely<Database>, entry: AuditEntry): Promise<void>;
  /**
   * Appends the entry unless this workstation already holds the same action by the same user on
   * the same record within the last `windowMs`; true when it appended. Call inside a transaction.
   */
  recordUnlessRepeated(db: Kysely<Database>, entry: AuditEntry & { entityType: string; entityId: string }, windowMs: number): Promise<boolean>;
  /** Copies the committed chain head outside the database, so cutting the tail short is caught. */
  anchor(db: Kysely<Database>): Promise<void>;
}

export async function chainHead(db: Kysely<Database>, deviceId: string): Promise<ChainHead> {
  const last = await db
    .selectFrom('auditLog')
    .select(['seq', 'hash'])
    .where('deviceId', '=', deviceId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { deviceId, seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH };
}

function anchorMac(key: Buffer, head: ChainHead): string {
  return createHmac('sha256', key).update(`anchor:${head.deviceId}:${head.seq}:${head.hash}`).digest('hex');
}

export function readAnchor(file: string, key: Buffer): ChainHead | 'tampered' | null {
  if (!existsSync(file)) return null;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as ChainHead & { mac: string };
    const expected = Buffer.from(anchorMac(key, parsed), 'hex');
    const actual = Buffer.from(String(parsed.mac), 'hex');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return 'tampered';
    return { deviceId: parsed.deviceId, seq: parsed.seq, hash: parsed.hash };
  } catch {
    return 'tampered';
  }
}

/** Whether the chain still holds the entry an anchor names (an anchor of the empty chain always holds). */
async function chainHolds(db: Kysely<Database>, anchor: ChainHead): Promise<boolean> {
  if (anchor.seq === 0) return anchor.hash === GENESIS_HASH;
  const row = await db.selectFrom('auditLog').select('hash').where('deviceId', '=', anchor.deviceId).where('seq', '=', anchor.seq).executeTakeFirst();
  return row?.hash === anchor.hash;
}

export function createAuditLog(options: { key: Buffer; deviceId: string; clock: Clock; anchorFile: string; logger?: Logger }): AuditLog {
  const { key, deviceId, clock, anchorFile } = options;
  let anchored: ChainHead | null = null;
  /**
   * Set when the anchor found on the first anchoring of this run does not match the chain (tail
   * cut short or anchor altered while the app was closed): the anchor is then kept as evidence for
   * `clinic audit verify`, never overwritten with the shortened chain's head.
   */
  let mismatch = false;
  async function record(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
    const head = await chainHead(db, deviceId);
    const maxSeq = await db.selectFrom('auditLog').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    const row: ChainedRow = {
      seq: (maxSeq?.seq ?? 0) + 1,
      id: uuidv7(),
      at: clock.now().toISOString(),
      deviceId,
      userId: entry.userId,
      action: entry.action,
      entityType: entry.entityType ?? null,
      entityId: entry.entityId ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
      flagged: entry.flagged ? 1 : 0,
      prevHash: head.hash,
    };
    await db.insertInto('auditLog').values({ ...row, hash: entryHash(key, row) }).execute();
  }
  return {
    record,
    async recordUnlessRepeated(db, entry, windowMs) {
      const since = new Date(clock.now().getTime() - windowMs).toISOString();
      let recent = db
        .selectFrom('auditLog')
        .select('seq')
        .where('entityType', '=', entry.entityType)
        .where('entityId', '=', entry.entityId)
        .where('at', '>=', since)
        .where('action', '=', entry.action)
        .where('deviceId', '=', deviceId);
      recent = entry.userId === null ? recent.where('userId', 'is', null) : recent.where('userId', '=', entry.userId);
      if (await recent.limit(1).executeTakeFirst()) return false;
      await record(db, entry);
      return true;
    },
    async anchor(db) {
      if (mismatch) return;
      const head = await chainHead(db, deviceId);
      if (anchored === null) {
        const previous = readAnchor(anchorFile, key);
        if (previous === 'tampered' || (previous !== null && previous.deviceId === deviceId && !(await chainHolds(db, previous)))) {
          mismatch = true;
          options.logger?.error('audit.anchor_mismatch', { anchorSeq: previous === 'tampered' ? -1 : previous.seq, headSeq: head.seq });
          return;
        }
      }
      if (anchored && anchored.seq === head.seq && anchored.hash === head.hash) return;
      const temp = `${anchorFile}.tmp`;
      writeFileSync(temp, JSON.stringify({ ...head, mac: anchorMac(key, head) }));
      renameSync(temp, anchorFile);
      anchored = head;
    },
  };
}

export type ChainCheck = { ok: true; entries: number } | { ok: false; seq: number; reason: string };

/** Walks a workstation's chain from the start; reports the first entry that does not hold. */
export async function verifyAuditChain(
  db: Kysely<Database>,
  key: Buffer,
  deviceId: string,
  anchor: ChainHead | 'tampered' | null,
): Promise<ChainCheck> {
  if (anchor === 'tampered') return { ok: false, seq: 0, reason: 'The chain anchor outside the database was altered' };
  const rows = await db.selectFrom('auditLog').selectAll().where('deviceId', '=', deviceId).orderBy('seq').execute();
  let prevHash = GENESIS_HASH;
  let previousSeq = 0;
  for (const row of rows) {
    if (row.prevHash !== prevHash) return { ok: false, seq: row.seq, reason: 'An entry before this one was removed or changed' };
    if (entryHash(key, row) !== row.hash) return { ok: false, seq: row.seq, reason: 'This entry was changed' };
    if (row.seq <= previousSeq) return { ok: false, seq: row.seq, reason: 'Entries are out of order' };
    prevHash = row.hash;
    previousSeq = row.seq;
  }
  if (anchor && anchor.deviceId === deviceId) {
    const last = rows.at(-1);
    if (!last || last.seq < anchor.seq) {
      return { ok: false, seq: (last?.seq ?? 0) + 1, reason: `Entries after ${last?.seq ?? 0} were removed (the chain was cut short)` };
    }
    const anchored = rows.find((r) => r.seq === anchor.seq);
    if (!anchored || anchored.hash !== anchor.hash) return { ok: false, seq: anchor.seq, reason: 'The chain was rewritten' };
  }
  return { ok: true, entries: rows.length };
}
