import type { Kysely, Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Patient } from '../../../src-shared/patients/schema';
import type { ParsedInput } from '../../../src-shared/rpc/contract';
import { AppError } from '../../../src-shared/rpc/errors';
import {
  ACCOUNTING_YEARS,
  daysUntil,
  dueDateFor,
  effectiveDueOn,
  extendedDueDateFor,
  isAccountable,
  PURPOSES,
  REQUEST_STATUS_LABELS,
  yearsBefore,
  type Purpose,
  type ReleaseMethod,
  type RequesterKind,
} from '../../../src-shared/record-requests/rules';
import type { Accounting, OpenRecordRequest, RecordRequest } from '../../../src-shared/record-requests/schema';
import { localIsoDate } from '../../../src-shared/validation/dates';
import type { Clock } from '../../clock';
import type { Database, RecordRequestsTable } from '../../db/schema';
import { isChartDocument } from '../documents/service';

type Db = Kysely<Database>;
type RequestRow = Selectable<RecordRequestsTable> & { releasedByName: string | null };

const ACCOUNTABLE_PURPOSES = PURPOSES.filter(isAccountable);

/** Today's calendar date where this workstation is: what "due" and "overdue" are counted from. */
export function localToday(clock: Clock): string {
  return localIsoDate(clock.now());
}

/** A refusal of one field, shaped like the router's own validation errors. */
function fieldError(field: string, message: string): AppError {
  return new AppError('VALIDATION', `Please check: ${field}`, { fields: { [field]: message } });
}

function dueState(row: Pick<RequestRow, 'dueOn' | 'extendedDueOn'>, open: boolean, today: string) {
  const due = effectiveDueOn(row);
  const daysLeft = open ? daysUntil(today, due) : null;
  return { effectiveDueOn: due, daysLeft, overdue: daysLeft !== null && daysLeft < 0 };
}

function toRecordRequest(row: RequestRow, today: string): RecordRequest {
  return {
    id: row.id,
    patientId: row.patientId,
    requesterName: row.requesterName,
    requesterKind: row.requesterKind as RequesterKind,
    requesterContact: row.requesterContact,
    purpose: row.purpose as Purpose,
    recordsRequested: row.recordsRequested,
    authorizationOnFile: row.authorizationOnFile === 1,
    authorizationDocumentId: row.authorizationDocumentId,
    receivedOn: row.receivedOn,
    dueOn: row.dueOn,
    extendedDueOn: row.extendedDueOn,
    extensionReason: row.extensionReason,
    status: row.status,
    releasedOn: row.releasedOn,
    releasedWhat: row.releasedWhat,
    releasedVia: row.releasedVia as ReleaseMethod | null,
    releasedBy: row.releasedBy,
    releasedByName: row.releasedByName,
    closingNote: row.closingNote,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...dueState(row, row.status === 'open', today),
  };
}

function selectRequests(db: Db) {
  return db
    .selectFrom('recordRequests as r')
    .leftJoin('users as u', 'u.id', 'r.releasedBy')
    .selectAll('r')
    .select('u.displayName as releasedByName')
    .where('r.deletedAt', 'is', null);
}

async function findRequest(db: Db, id: string): Promise<RequestRow> {
  const row = await selectRequests(db).where('r.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No record request with that id');
  return row;
}

/** The patient a request belongs to, for the handlers' chart-access check before anything else. */
export async function patientIdOfRequest(db: Db, id: string): Promise<string> {
  return (await findRequest(db, id)).patientId;
}

export async function getRecordRequest(db: Db, clock: Clock, id: string): Promise<RecordRequest> {
  return toRecordRequest(await findRequest(db, id), localToday(clock));
}

function checkReceivedOn(receivedOn: string, today: string): void {
  if (receivedOn > today) throw fieldError('receivedOn', 'Cannot be in the future');
  if (receivedOn < yearsBefore(today)) throw fieldError('receivedOn', `Must be within the last ${ACCOUNTING_YEARS} years`);
}

/** A request as it is logged: open, not extended, nothing released or closed yet. */
export const LOGGED_REQUEST_STATE = {
  extendedDueOn: null,
  extensionReason: null,
  status: 'open',
  releasedOn: null,
  releasedWhat: null,
  releasedVia: null,
  releasedBy: null,
  closingNote: null,
} as const;

/** Call inside a transaction; the patient's chart has been checked by the caller. */
export async function logRecordRequest(db: Db, clock: Clock, input: ParsedInput<'recordRequests.log'>): Promise<RecordRequest> {
  const today = localToday(clock);
  checkReceivedOn(input.receivedOn, today);
  if (input.authorizationDocumentId && !(await isChartDocument(db, input.patientId, input.authorizationDocumentId))) {
    throw fieldError('authorizationDocumentId', 'Not a document in this patient’s chart');
  }
  const now = clock.now().toISOString();
  const id = uuidv7();
  await db
    .insertInto('recordRequests')
    .values({
      id,
      patientId: input.patientId,
      requesterName: input.requesterName,
      requesterKind: input.requesterKind,
      requesterContact: input.requesterContact,
      purpose: input.purpose,
      recordsRequested: input.recordsRequested,
      authorizationOnFile: input.authorizationOnFile ? 1 : 0,
      authorizationDocumentId: input.authorizationDocumentId,
      receivedOn: input.receivedOn,
      dueOn: dueDateFor(input.receivedOn),
      ...LOGGED_REQUEST_STATE,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    })
    .execute();
  return getRecordRequest(db, clock, id);
}

type OpenRequestChange = Partial<
  Pick<RecordRequestsTable, 'extendedDueOn' | 'extensionReason' | 'status' | 'releasedOn' | 'releasedWhat' | 'releasedVia' | 'releasedBy' | 'closingNote'>
>;

/**
 * Applies a change to a request that must still be open; `change` may refuse it by throwing.
 * Call inside a transaction.
 */
async function changeOpenRequest(
  db: Db,
  clock: Clock,
  id: string,
  verb: string,
  change: (row: RequestRow, today: string) => OpenRequestChange,
): Promise<RecordRequest> {
  const row = await findRequest(db, id);
  if (row.status !== 'open') {
    throw new AppError('CONFLICT', `This request is already ${REQUEST_STATUS_LABELS[row.status].toLowerCase()}: only an open request can be ${verb}`);
  }
  const today = localToday(clock);
  await db
    .updateTable('recordRequests')
    .set({ ...change(row, today), updatedAt: clock.now().toISOString() })
    .where('id', '=', id)
    .execute();
  return getRecordRequest(db, clock, id);
}

/** The one 30-day extension: taken by the original due date (the requester must be told within the first 30 days). */
export function extendRecordRequest(db: Db, clock: Clock, input: ParsedInput<'recordRequests.extend'>): Promise<RecordRequest> {
  return changeOpenRequest(db, clock, input.id, 'extended', (row, today) => {
    if (row.extendedDueOn !== null) throw new AppError('CONFLICT', 'This request was already extended: the 30-day extension can be taken only once');
    if (today > row.dueOn) {
      throw new AppError('CONFLICT', 'This request is already overdue: the extension must be taken by the original due date');
    }
    return { extendedDueOn: extendedDueDateFor(row.dueOn), extensionReason: input.reason };
  });
}

export function releaseRecordRequest(
  db: Db,
  clock: Clock,
  input: ParsedInput<'recordRequests.release'>,
  releasedBy: string | null,
): Promise<RecordRequest> {
  return changeOpenRequest(db, clock, input.id, 'released', (row, today) => {
    if (input.releasedOn < row.receivedOn) throw fieldError('releasedOn', 'Cannot be before the day the request was received');
    if (input.releasedOn > today) throw fieldError('releasedOn', 'Cannot be in the future');
    return { status: 'released', releasedOn: input.releasedOn, releasedVia: input.releasedVia, releasedWhat: input.releasedWhat, releasedBy };
  });
}

export function denyRecordRequest(db: Db, clock: Clock, input: ParsedInput<'recordRequests.deny'>): Promise<RecordRequest> {
  return changeOpenRequest(db, clock, input.id, 'denied', () => ({ status: 'denied', closingNote: input.reason }));
}

export function withdrawRecordRequest(db: Db, clock: Clock, input: ParsedInput<'recordRequests.withdraw'>): Promise<RecordRequest> {
  return changeOpenRequest(db, clock, input.id, 'withdrawn', () => ({ status: 'withdrawn', closingNote: input.note }));
}

export async function listRecordRequestsForPatient(db: Db, clock: Clock, patientId: string): Promise<RecordRequest[]> {
  const rows = await selectRequests(db)
    .where('r.patientId', '=', patientId)
    .orderBy('r.receivedOn', 'desc')
    .orderBy('r.createdAt', 'desc')
    .execute();
  const today = localToday(clock);
  return rows.map((row) => toRecordRequest(row, today));
}

/**
 * Every open request of the clinic, the most overdue first. `mayShow` says whether the user may
 * see who a request is about (restricted charts): if not, the patient and the requester stay hidden.
 */
export async function listOpenRecordRequests(
  db: Db,
  clock: Clock,
  options: { overdueOnly: boolean; mayShow(patient: Pick<Patient, 'id' | 'restricted'>): boolean },
): Promise<{ today: string; items: OpenRecordRequest[] }> {
  const rows = await db
    .selectFrom('recordRequests as r')
    .innerJoin('patients as p', 'p.id', 'r.patientId')
    .select(['r.id', 'r.patientId', 'r.requesterName', 'r.requesterKind', 'r.purpose', 'r.receivedOn', 'r.dueOn', 'r.extendedDueOn', 'r.createdAt'])
    .select(['p.mrn', 'p.givenName', 'p.familyName', 'p.dateOfBirth', 'p.restricted'])
    .where('r.status', '=', 'open')
    .where('r.deletedAt', 'is', null)
    .orderBy('r.dueOn')
    .execute();
  const today = localToday(clock);
  const items = rows.map((row): OpenRecordRequest => {
    const shown = options.mayShow({ id: row.patientId, restricted: row.restricted });
    const state = dueState(row, true, today);
    return {
      id: row.id,
      patientId: row.patientId,
      patient: shown ? { mrn: row.mrn, givenName: row.givenName, familyName: row.familyName, dateOfBirth: row.dateOfBirth } : null,
      restricted: row.restricted !== null,
      requesterName: shown ? row.requesterName : null,
      requesterKind: row.requesterKind as RequesterKind,
      purpose: row.purpose as Purpose,
      receivedOn: row.receivedOn,
      extended: row.extendedDueOn !== null,
      ...state,
      daysLeft: state.daysLeft ?? 0,
    };
  });
  const listed = options.overdueOnly ? items.filter((item) => item.overdue) : items;
  // An extension moves a request's date: order by the date that counts (sort is stable).
  return { today, items: listed.sort((a, b) => a.daysLeft - b.daysLeft) };
}

/**
 * The accounting of disclosures (45 CFR 164.528): every release for a purpose other than
 * treatment, payment, operations or the patient's own access, in the period (by default the six
 * years up to today), oldest first.
 */
export async function accountingOfDisclosures(db: Db, clock: Clock, input: ParsedInput<'recordRequests.accounting'>): Promise<Accounting> {
  const to = input.to ?? localToday(clock);
  const from = input.from ?? yearsBefore(to);
  if (from > to) throw fieldError('from', 'Must be on or before the end date');
  const rows = await db
    .selectFrom('recordRequests')
    .select(['id', 'releasedOn', 'requesterName', 'requesterKind', 'requesterContact', 'purpose', 'releasedWhat', 'releasedVia', 'authorizationOnFile'])
    .where('patientId', '=', input.patientId)
    .where('status', '=', 'released')
    .where('deletedAt', 'is', null)
    .where('purpose', 'in', ACCOUNTABLE_PURPOSES)
    .where('releasedOn', '>=', from)
    .where('releasedOn', '<=', to)
    .orderBy('releasedOn')
    .orderBy('createdAt')
    .execute();
  return {
    patientId: input.patientId,
    from,
    to,
    items: rows.map((row) => ({
      requestId: row.id,
      // A released request always has these: the service sets them together with the status.
      releasedOn: row.releasedOn ?? '',
      recipientName: row.requesterName,
      recipientKind: row.requesterKind as RequesterKind,
      recipientContact: row.requesterContact,
      purpose: row.purpose as Purpose,
      releasedWhat: row.releasedWhat ?? '',
      releasedVia: row.releasedVia as ReleaseMethod,
      authorizationOnFile: row.authorizationOnFile === 1,
    })),
  };
}
