import type { Kysely } from 'kysely';
import { actionLabel, actionsOfGroup, type AuditActionGroup } from '../../../src-shared/audit/actions';
import {
  MAX_ACCESS_REPORT_ENTRIES,
  type AuditCursor,
  type AuditEntryView,
  type AuditUser,
} from '../../../src-shared/audit/schema';
import type { ParsedInput } from '../../../src-shared/rpc/contract';
import { AppError } from '../../../src-shared/rpc/errors';
import type { Database } from '../../db/schema';
import { localDayBounds } from './local-days';
import { AUDIT_ACTIONS } from './log';

interface EntryFilter {
  patientId?: string | undefined;
  userId?: string | undefined;
  /** Any of these actions (none given: every action). */
  actions?: readonly string[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Only entries older than this one. */
  after?: AuditCursor | undefined;
}

/**
 * Entries newest first, with who did it and what it was about named as they are now (a patient's
 * current name and MRN, a user's display name). Each filter reads one index of migration 0006.
 */
function entriesQuery(db: Kysely<Database>, filter: EntryFilter) {
  let query = db
    .selectFrom('auditLog')
    .leftJoin('users as actor', 'actor.id', 'auditLog.userId')
    .leftJoin('workstation', 'workstation.deviceId', 'auditLog.deviceId')
    .leftJoin('patients', (join) => join.onRef('patients.id', '=', 'auditLog.entityId').on('auditLog.entityType', '=', 'patient'))
    .leftJoin('users as subject', (join) => join.onRef('subject.id', '=', 'auditLog.entityId').on('auditLog.entityType', '=', 'user'))
    .leftJoin('providers', (join) => join.onRef('providers.id', '=', 'auditLog.entityId').on('auditLog.entityType', '=', 'provider'))
    .leftJoin('payers', (join) => join.onRef('payers.id', '=', 'auditLog.entityId').on('auditLog.entityType', '=', 'payer'))
    .select([
      'auditLog.seq',
      'auditLog.id',
      'auditLog.at',
      'auditLog.action',
      'auditLog.userId',
      'actor.displayName as userName',
      'auditLog.deviceId',
      'workstation.code as workstationCode',
      'auditLog.entityType',
      'auditLog.entityId',
      'patients.givenName',
      'patients.familyName',
      'patients.mrn',
      'subject.displayName as subjectName',
      'providers.givenName as providerGivenName',
      'providers.familyName as providerFamilyName',
      'payers.name as payerName',
      'auditLog.detail',
      'auditLog.flagged',
    ]);
  if (filter.patientId) query = query.where('auditLog.entityType', '=', 'patient').where('auditLog.entityId', '=', filter.patientId);
  if (filter.userId) query = query.where('auditLog.userId', '=', filter.userId);
  if (filter.actions) query = query.where('auditLog.action', 'in', filter.actions);
  const { since, before } = localDayBounds(filter);
  if (since) query = query.where('auditLog.at', '>=', since);
  if (before) query = query.where('auditLog.at', '<', before);
  const after = filter.after;
  if (after) {
    // `at <=` bounds the index range; the rest breaks ties between entries of the same instant.
    query = query
      .where('auditLog.at', '<=', after.at)
      .where((eb) => eb.or([eb('auditLog.at', '<', after.at), eb('auditLog.seq', '<', after.seq)]));
  }
  return query.orderBy('auditLog.at', 'desc').orderBy('auditLog.seq', 'desc');
}

type EntryRow = Awaited<ReturnType<ReturnType<typeof entriesQuery>['execute']>>[number];

/** Only the scalars of a stored detail (they are all scalars; anything else would not be shown). */
function scalarDetail(text: string): AuditEntryView['detail'] {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null) return {};
  return Object.fromEntries(
    Object.entries(parsed).filter(([, value]) => value === null || ['string', 'number', 'boolean'].includes(typeof value)),
  ) as AuditEntryView['detail'];
}

const fullName = (family: string | null, given: string | null) => (family !== null && given !== null ? `${family}, ${given}` : null);

/** The record's name as it is now: a patient's or provider's name, a user's display name, a payer's name. */
function labelOf(row: EntryRow): string | null {
  switch (row.entityType) {
    case 'patient':
      return fullName(row.familyName, row.givenName);
    case 'provider':
      return fullName(row.providerFamilyName, row.providerGivenName);
    case 'user':
      return row.subjectName;
    case 'payer':
      return row.payerName;
    default:
      return null;
  }
}

function recordOf(row: EntryRow): AuditEntryView['record'] {
  if (row.entityType === null || row.entityId === null) return null;
  return { type: row.entityType, id: row.entityId, label: labelOf(row), mrn: row.mrn };
}

function toView(row: EntryRow): AuditEntryView {
  return {
    id: row.id,
    at: row.at,
    action: row.action,
    actionLabel: actionLabel(row.action),
    userId: row.userId,
    userName: row.userName,
    workstation: row.workstationCode ?? row.deviceId,
    record: recordOf(row),
    detail: scalarDetail(row.detail),
    flagged: row.flagged === 1,
  };
}

/** The actions a search asks for: a group's, one known action, or all (undefined). */
function requestedActions(input: { group?: AuditActionGroup | undefined; action?: string | undefined }): readonly string[] | undefined {
  if (input.group) return actionsOfGroup(input.group, AUDIT_ACTIONS);
  if (input.action === undefined) return undefined;
  if (!(AUDIT_ACTIONS as readonly string[]).includes(input.action)) {
    throw new AppError('VALIDATION', 'Please check: action', { fields: { action: 'Not an action of the audit log' } });
  }
  return [input.action];
}

/** One page of the audit screen, newest first; `nextCursor` continues after its last entry. */
export async function searchAuditLog(db: Kysely<Database>, input: ParsedInput<'audit.search'>) {
  const rows = await entriesQuery(db, { ...input, actions: requestedActions(input), after: input.cursor })
    .limit(input.limit + 1)
    .execute();
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(toView),
    nextCursor: rows.length > input.limit && last ? { at: last.at, seq: last.seq } : null,
  };
}

/** Who viewed or changed one chart: every entry about the patient in the period, newest first. */
export async function patientAccessReport(db: Kysely<Database>, input: ParsedInput<'audit.patientAccess'>) {
  const rows = await entriesQuery(db, input)
    .limit(MAX_ACCESS_REPORT_ENTRIES + 1)
    .execute();
  return { items: rows.slice(0, MAX_ACCESS_REPORT_ENTRIES).map(toView), truncated: rows.length > MAX_ACCESS_REPORT_ENTRIES };
}

/** Every user, for filtering the audit log by who acted (disabled users still have entries). */
export async function auditUsers(db: Kysely<Database>): Promise<AuditUser[]> {
  const rows = await db.selectFrom('users').select(['id', 'displayName', 'username', 'disabledAt']).orderBy('displayName').execute();
  return rows.map((row) => ({ id: row.id, displayName: row.displayName, username: row.username, disabled: row.disabledAt !== null }));
}
