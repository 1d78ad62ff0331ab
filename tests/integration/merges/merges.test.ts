import { format } from 'date-fns';
import { beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { ChartMerge, MergePreview, UnmergeConflictDetails } from '../../../src-shared/merges/schema';
import type { Patient, PatientSummary } from '../../../src-shared/patients/schema';
import type { RpcError, RpcResult } from '../../../src-shared/rpc/errors';
import { PATIENT_INSERT_ONLY_TABLES, PATIENT_LINKED_TABLES } from '../../../src-main/domain/patients/linked-tables';
import { sqlTableName } from '../../../src-main/domain/merges/linked-rows';
import { addUser, auditRows, freshAdminAppPerTest, TEST_NOW, valueOf, validPatient, type TestAdmin, type TestClock, type TestApp } from '../../support/test-app';
import { addLinkedRecord, addOneOfEach, ownerOf, snapshotLinkedRows, type LinkedRecord } from './linked-records';

let app: TestApp;
let clock: TestClock;
let admin: TestAdmin;
/** A records clerk: may merge, may not open restricted charts without break-glass. */
let clerk: { sessionId: string; user: { id: string; displayName: string } };

freshAdminAppPerTest((opened) => ({ app, clock, admin } = opened));
beforeEach(async () => {
  clerk = await addUser(app, admin.sessionId, 'records_clerk');
});

const MINUTE = 60_000;
const now = () => clock.now().toISOString();
const db = () => app.database.db;

function asClerk(method: string, input: unknown): Promise<RpcResult<unknown>> {
  return app.dispatch(method, input, clerk.sessionId);
}

async function register(givenName: string, extra: Partial<Record<keyof typeof validPatient, string>> = {}): Promise<Patient> {
  return valueOf<Patient>(await app.dispatch('patients.create', { ...validPatient, givenName, ...extra, confirmNewPatient: true }, admin.sessionId));
}

async function merge(survivorId: string, mergedId: string): Promise<ChartMerge> {
  return valueOf<ChartMerge>(await asClerk('patients.merge', { survivorId, mergedId }), 'patients.merge');
}

async function unmerge(mergeId: string): Promise<ChartMerge> {
  return valueOf<ChartMerge>(await asClerk('patients.unmerge', { mergeId }), 'patients.unmerge');
}

async function mergesOf(patientId: string): Promise<ChartMerge[]> {
  return valueOf<{ items: ChartMerge[] }>(await asClerk('patients.merges', { patientId })).items;
}

function errorOf(result: RpcResult<unknown>): RpcError {
  if (result.ok) throw new Error('expected the call to be refused');
  return result.error;
}

const opsHead = () => app.database.sqlite.prepare('SELECT coalesce(max(seq), 0) FROM sync_ops').pluck().get() as number;
const opsAfter = (seq: number) =>
  app.database.sqlite.prepare('SELECT tbl, row_id, col, value, author_id FROM sync_ops WHERE seq > ? ORDER BY seq').all(seq) as {
    tbl: string;
    row_id: string;
    col: string;
    value: string;
    author_id: string | null;
  }[];

const patientRow = (id: string) => db().selectFrom('patients').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const mergeCount = async () => (await db().selectFrom('patientMerges').select('id').execute()).length;

/** A refusal that must leave every synced table as it was (no op recorded) and no merge row. */
async function expectRefusedWithoutWrites(attempt: () => Promise<RpcResult<unknown>>): Promise<RpcError> {
  const head = opsHead();
  const merges = await mergeCount();
  const linked = await snapshotLinkedRows(db());
  const error = errorOf(await attempt());
  expect(opsAfter(head)).toEqual([]);
  expect(await mergeCount()).toBe(merges);
  expect(await snapshotLinkedRows(db())).toEqual(linked);
  return error;
}

async function search(query: string): Promise<PatientSummary[]> {
  return valueOf<{ items: PatientSummary[] }>(await asClerk('patients.search', { query })).items;
}

describe('the tables a merge handles', () => {
  it('are every table that names a patient: moved by the merge, or insert-only and read through the merged charts', () => {
    const sqlite = app.database.sqlite;
    const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
    const naming = tables.flatMap((table) =>
      (sqlite.prepare('SELECT "table" AS parent, "from" AS col FROM pragma_foreign_key_list(?)').all(table) as { parent: string; col: string }[])
        .filter((key) => key.parent === 'patients')
        .map((key) => `${table}.${key.col}`),
    );
    // The chart itself (merged_into_id) and the merge record (both charts) name patients by design.
    const byDesign = ['patients.merged_into_id', 'patient_merges.survivor_id', 'patient_merges.merged_id'];
    const moved = PATIENT_LINKED_TABLES.map(({ table, column }) => `${sqlTableName(table)}.${sqlTableName(column)}`);
    const readThrough = PATIENT_INSERT_ONLY_TABLES.map((table) => `${table}.patient_id`);
    expect(naming.filter((ref) => !byDesign.includes(ref)).sort()).toEqual([...moved, ...readThrough].sort());
    // Insert-only tables really refuse the UPDATE a merge would make.
    for (const table of PATIENT_INSERT_ONLY_TABLES) {
      const triggers = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name LIKE '%insert_only_update'`).pluck().all(table);
      expect(triggers, table).toHaveLength(1);
    }
  });
});

describe('patients.merge', () => {
  it('moves every record of every linked table (removed ones too) to the survivor and closes the duplicate', async () => {
    const survivor = await register('Maria');
    const duplicate = await register('Mariah');
    const survivorsOwn = await addLinkedRecord(db(), 'coverages', survivor.id, TEST_NOW);
    const moving = await addOneOfEach(db(), duplicate.id, TEST_NOW);
    expect(new Set(moving.map((r) => r.table))).toEqual(new Set(PATIENT_LINKED_TABLES.map((t) => t.table)));

    clock.advance(MINUTE);
    const result = await merge(survivor.id, duplicate.id);

    for (const record of moving) expect(await ownerOf(db(), record), record.table).toEqual({ patientId: survivor.id, updatedAt: now() });
    expect(await ownerOf(db(), survivorsOwn)).toEqual({ patientId: survivor.id, updatedAt: TEST_NOW });
    expect(result).toMatchObject({
      survivor: { id: survivor.id, mrn: survivor.mrn },
      merged: { id: duplicate.id, mrn: duplicate.mrn },
      mergedAt: now(),
      mergedBy: { id: clerk.user.id, displayName: clerk.user.displayName },
      unmergedAt: null,
      unmergedBy: null,
      undo: { possible: true, reason: null },
    });
    expect(result.moved).toEqual(
      PATIENT_LINKED_TABLES.map(({ table }) => ({ table: sqlTableName(table), kind: expect.any(String), count: 2 })),
    );

    const stored = await db().selectFrom('patientMerges').selectAll().where('id', '=', result.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ survivorId: survivor.id, mergedId: duplicate.id, mergedAt: now(), mergedBy: clerk.user.id });
    const recorded = JSON.parse(stored.moved) as { table: string; id: string; updatedAt: string }[];
    expect(recorded.map((r) => `${r.table}/${r.id}`).sort()).toEqual(moving.map((r) => `${sqlTableName(r.table)}/${r.id}`).sort());
    expect(recorded.every((r) => r.updatedAt === TEST_NOW)).toBe(true);

    expect(await patientRow(duplicate.id)).toMatchObject({ mergedIntoId: survivor.id, deletedAt: now() });
    // The survivor's own details are untouched.
    const survivorAfter = await patientRow(survivor.id);
    expect(survivorAfter).toMatchObject({ givenName: 'Maria', updatedAt: survivor.updatedAt, deletedAt: null, mergedIntoId: null });
  });

  it('hides the merged chart from search and duplicate checks; its address says where it went', async () => {
    const survivor = await register('Maria');
    const duplicate = await register('Marja', { email: 'other@example.org' });
    expect((await search('marja lopez')).map((p) => p.id)).toEqual([duplicate.id]);
    await merge(survivor.id, duplicate.id);

    expect(await search('marja lopez')).toEqual([]);
    expect(await search(duplicate.mrn)).toEqual([]);
    expect((await search('lopez')).map((p) => p.id)).toEqual([survivor.id]);
    const duplicates = valueOf<{ items: { id: string }[] }>(
      await asClerk('patients.findDuplicates', { givenName: 'Marja', familyName: 'Lopez', dateOfBirth: validPatient.dateOfBirth, email: 'other@example.org' }),
    ).items;
    expect(duplicates.map((d) => d.id)).toEqual([survivor.id]);

    for (const attempt of [asClerk('patients.get', { id: duplicate.id }), asClerk('patients.update', { id: duplicate.id, givenName: 'X' })]) {
      const error = errorOf(await attempt);
      expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'This chart was merged into another chart', details: { mergedInto: survivor.id, mergedIntoMrn: survivor.mrn } });
    }
    // An id that never existed is still plainly not found.
    expect(errorOf(await asClerk('patients.get', { id: uuidv7() }))).toEqual({ code: 'NOT_FOUND', message: 'No patient with that id' });
  });

  it('writes one audit entry per chart, naming the merge and the user', async () => {
    const survivor = await register('Maria');
    const duplicate = await register('Mariah');
    await addOneOfEach(db(), duplicate.id, TEST_NOW);
    const result = await merge(survivor.id, duplicate.id);
    const entries = (await auditRows(app)).filter((row) => row.action === 'patient.merge');
    expect(entries.map((e) => ({ userId: e.userId, entityType: e.entityType, entityId: e.entityId, detail: JSON.parse(e.detail) as unknown }))).toEqual([
      { userId: clerk.user.id, entityType: 'patient', entityId: survivor.id, detail: { mergeId: result.id, role: 'survivor', otherPatientId: duplicate.id, movedRecords: 2 * PATIENT_LINKED_TABLES.length } },
      { userId: clerk.user.id, entityType: 'patient', entityId: duplicate.id, detail: { mergeId: result.id, role: 'merged', otherPatientId: survivor.id, movedRecords: 2 * PATIENT_LINKED_TABLES.length } },
    ]);
  });

  it('records a sync op for every moved row, the closed chart and the merge, authored by the user', async () => {
    const survivor = await register('Maria');
    const duplicate = await register('Mariah');
    const moving = await addOneOfEach(db(), duplicate.id, TEST_NOW);
    const head = opsHead();
    clock.advance(MINUTE);
    const result = await merge(survivor.id, duplicate.id);
    const ops = opsAfter(head);
    expect(ops.every((op) => op.author_id === clerk.user.id)).toBe(true);
    for (const record of moving) {
      const rowOps = ops.filter((op) => op.row_id === record.id);
      expect(rowOps.map((op) => [op.tbl, op.col, JSON.parse(op.value)]).sort()).toEqual(
        [
          [sqlTableName(record.table), 'patient_id', survivor.id],
          [sqlTableName(record.table), 'updated_at', now()],
        ].sort(),
      );
    }
    const patientOps = ops.filter((op) => op.row_id === duplicate.id).map((op) => [op.col, JSON.parse(op.value)]);
    expect(patientOps).toEqual(expect.arrayContaining([['merged_into_id', survivor.id], ['deleted_at', now()]]));
    expect(ops.some((op) => op.tbl === 'patient_merges' && op.row_id === result.id && op.col === 'moved')).toBe(true);
  });

  describe('refused with a specific error, nothing written', () => {
    it('a chart merged with itself', async () => {
      const patient = await register('Maria');
      const error = await expectRefusedWithoutWrites(() => asClerk('patients.merge', { survivorId: patient.id, mergedId: patient.id }));
      expect(error).toMatchObject({ code: 'VALIDATION', message: 'A chart cannot be merged with itself: choose the duplicate chart', fields: { mergedId: expect.any(String) } });
    });

    it('unknown ids, and ids that are not ids', async () => {
      const patient = await register('Maria');
      const unknownDuplicate = await expectRefusedWithoutWrites(() => asClerk('patients.merge', { survivorId: patient.id, mergedId: uuidv7() }));
      expect(unknownDuplicate).toMatchObject({ code: 'NOT_FOUND', message: 'The duplicate chart does not exist', fields: { mergedId: 'No patient with this id' } });
      const unknownSurvivor = await expectRefusedWithoutWrites(() => asClerk('patients.merge', { survivorId: uuidv7(), mergedId: patient.id }));
      expect(unknownSurvivor).toMatchObject({ code: 'NOT_FOUND', message: 'The chart to keep does not exist', fields: { survivorId: 'No patient with this id' } });
      const malformed = await expectRefusedWithoutWrites(() => asClerk('patients.merge', { survivorId: 'nope', mergedId: patient.id }));
      expect(malformed).toMatchObject({ code: 'VALIDATION', fields: { survivorId: 'Not a valid patient id' } });
    });

    it('a chart already merged, on either side', async () => {
      const [a, b, c] = [await register('Ann'), await register('Bea'), await register('Cai')];
      await merge(a.id, b.id);
      const again = await expectRefusedWithoutWrites(() => asClerk('patients.merge', { survivorId: c.id, mergedId: b.id }));
      expect(again).toMatchObject({ code: 'CONFLICT', message: 'The duplicate chart was already merged into another chart', details: { mergedInto: a.id } });
      const into = await expectRefusedWithoutWrites(() => asClerk('patients.merge', { survivorId: b.id, mergedId: c.id }));
      expect(into).toMatchObject({ code: 'CONFLICT', message: 'The chart to keep was already merged into another chart' });
    });

    it('a restricted chart the user may not open (audited, flagged, with break-glass offered)', async () => {
      const open = await register('Maria');
      const restricted = await register('Mariah');
      valueOf(await app.dispatch('patients.setRestriction', { id: restricted.id, restriction: 'vip' }, admin.sessionId));
      for (const input of [{ survivorId: restricted.id, mergedId: open.id }, { survivorId: open.id, mergedId: restricted.id }]) {
        const error = await expectRefusedWithoutWrites(() => asClerk('patients.merge', input));
        expect(error).toMatchObject({ code: 'FORBIDDEN', details: { breakGlass: { patientId: restricted.id } } });
      }
      const refusals = (await auditRows(app)).filter((row) => row.action === 'auth.refused' && row.entityId === restricted.id);
      expect(refusals).toHaveLength(2);
      expect(refusals.every((row) => row.flagged === 1 && row.userId === clerk.user.id)).toBe(true);
    });

    it('a restricted duplicate into an unrestricted chart (its records would lose their protection)', async () => {
      const open = await register('Maria');
      const restricted = await register('Mariah');
      valueOf(await app.dispatch('patients.setRestriction', { id: restricted.id, restriction: 'sensitive' }, admin.sessionId));
      const error = await expectRefusedWithoutWrites(() => app.dispatch('patients.merge', { survivorId: open.id, mergedId: restricted.id }, admin.sessionId));
      expect(error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('restrict the chart to keep first') });
      // The other way round keeps the records protected.
      valueOf(await app.dispatch('patients.merge', { survivorId: restricted.id, mergedId: open.id }, admin.sessionId));
    });

    it('a user without patients.merge', async () => {
      const front = await addUser(app, admin.sessionId, 'front_desk');
      const [a, b] = [await register('Ann'), await register('Bea')];
      const error = await expectRefusedWithoutWrites(() => app.dispatch('patients.merge', { survivorId: a.id, mergedId: b.id }, front.sessionId));
      expect(error.code).toBe('FORBIDDEN');
    });
  });
});

describe('patients.mergePreview', () => {
  it('shows both charts with their record counts and refuses what the merge would refuse', async () => {
    const survivor = await register('Maria');
    const duplicate = await register('Mariah');
    await addOneOfEach(db(), duplicate.id, TEST_NOW);
    await addLinkedRecord(db(), 'documents', survivor.id, TEST_NOW);
    const preview = valueOf<MergePreview>(await asClerk('patients.mergePreview', { survivorId: survivor.id, mergedId: duplicate.id }));
    expect(preview.survivor).toMatchObject({ id: survivor.id, mrn: survivor.mrn, givenName: 'Maria' });
    expect(preview.merged).toMatchObject({ id: duplicate.id, mrn: duplicate.mrn, givenName: 'Mariah' });
    expect(preview.merged.linked.map(({ table, count, removed }) => [table, count, removed])).toEqual(
      PATIENT_LINKED_TABLES.map(({ table }) => [sqlTableName(table), 1, 1]),
    );
    expect(preview.survivor.linked.find((l) => l.table === 'documents')).toEqual({ table: 'documents', kind: 'document', count: 1, removed: 0 });
    expect(preview.merged.linked.find((l) => l.table === 'record_requests')?.kind).toBe('record request');
    expect(errorOf(await asClerk('patients.mergePreview', { survivorId: survivor.id, mergedId: survivor.id })).code).toBe('VALIDATION');
  });
});

describe('patients.unmerge', () => {
  it('moves exactly the recorded rows back, as they were, and reopens the duplicate', async () => {
    const survivor = await register('Maria');
    const duplicate = await register('Mariah');
    await addOneOfEach(db(), duplicate.id, TEST_NOW);
    await addOneOfEach(db(), survivor.id, TEST_NOW);
    const before = await snapshotLinkedRows(db());
    clock.advance(MINUTE);
    const result = await merge(survivor.id, duplicate.id);
    // Added to the survivor after the merge: stays with it.
    clock.advance(MINUTE);
    const later = await addLinkedRecord(db(), 'patientContacts', survivor.id, now());

    clock.advance(MINUTE);
    const head = opsHead();
    const undone = await unmerge(result.id);

    expect(undone).toMatchObject({ id: result.id, unmergedAt: now(), unmergedBy: { id: clerk.user.id }, undo: null });
    const after = await snapshotLinkedRows(db());
    after.patientContacts = (after.patientContacts as { id: string }[]).filter((row) => row.id !== later.id);
    expect(after).toEqual(before);
    expect(await ownerOf(db(), later)).toMatchObject({ patientId: survivor.id });
    expect(await patientRow(duplicate.id)).toMatchObject({ mergedIntoId: null, deletedAt: null, updatedAt: now() });
    expect(valueOf<Patient>(await asClerk('patients.get', { id: duplicate.id })).id).toBe(duplicate.id);
    expect((await search('mariah lopez')).map((p) => p.id)).toEqual([duplicate.id]);
    expect(opsAfter(head).some((op) => op.tbl === 'patient_merges' && op.col === 'unmerged_at')).toBe(true);

    const entries = (await auditRows(app)).filter((row) => row.action === 'patient.unmerge');
    expect(entries.map((e) => [e.entityId, e.userId])).toEqual([
      [survivor.id, clerk.user.id],
      [duplicate.id, clerk.user.id],
    ]);
    // The same two charts can be merged again.
    expect((await merge(survivor.id, duplicate.id)).undo).toEqual({ possible: true, reason: null });
  });

  async function mergedPair(): Promise<{ survivor: Patient; duplicate: Patient; records: LinkedRecord[]; merged: ChartMerge }> {
    const survivor = await register('Maria');
    const duplicate = await register('Mariah');
    const records = await addOneOfEach(db(), duplicate.id, TEST_NOW);
    clock.advance(MINUTE);
    return { survivor, duplicate, records, merged: await merge(survivor.id, duplicate.id) };
  }

  /** The refusal, with nothing written, and the same reason shown on the chart's merge list. */
  async function expectUndoRefused(mergeId: string, patientId: string): Promise<RpcError & { details: UnmergeConflictDetails }> {
    const error = await expectRefusedWithoutWrites(() => asClerk('patients.unmerge', { mergeId }));
    expect(error.code).toBe('CONFLICT');
    const listed = (await mergesOf(patientId)).find((m) => m.id === mergeId);
    expect(listed?.undo).toEqual({ possible: false, reason: error.message });
    return error as RpcError & { details: UnmergeConflictDetails };
  }

  it('is refused when a moved record was changed after the merge, saying which kind and when', async () => {
    const { survivor, records, merged } = await mergedPair();
    const coverage = records.find((r) => r.table === 'coverages')!;
    clock.set('2026-03-02T15:06:30.000Z');
    await db().updateTable('coverages').set({ memberId: 'CHANGED', updatedAt: now() }).where('id', '=', coverage.id).execute();
    const error = await expectUndoRefused(merged.id, survivor.id);
    // In this computer's local time (the service runs on the workstation whose screen shows it).
    const when = format(new Date('2026-03-02T15:06:30.000Z'), "MM/dd/yyyy 'at' h:mm a");
    expect(error.message).toBe(`This merge cannot be undone: a coverage it moved was changed after the merge, on ${when}`);
    expect(error.details).toEqual({
      reason: 'record_changed',
      records: [{ table: 'coverages', kind: 'coverage', id: coverage.id, changedAt: '2026-03-02T15:06:30.000Z' }],
    });
  });

  it('is refused when a moved record was removed after the merge, and lists every record in the way', async () => {
    const { survivor, records, merged } = await mergedPair();
    clock.advance(MINUTE);
    const current = records.filter((r) => r.table === 'documents' || r.table === 'patientContacts').slice(0, 2);
    for (const record of current) await db().updateTable(record.table).set({ deletedAt: now(), updatedAt: now() }).where('id', '=', record.id).execute();
    const error = await expectUndoRefused(merged.id, survivor.id);
    expect(error.message).toMatch(/^This merge cannot be undone: a patient contact it moved was changed after the merge, on .+ \(and 1 more record\)$/);
    expect(error.details.records?.map((r) => r.id).sort()).toEqual(current.map((r) => r.id).sort());
  });

  it('is refused when a moved record now belongs to another chart', async () => {
    const { survivor, records, merged } = await mergedPair();
    const third = await register('Tess');
    const request = records.find((r) => r.table === 'recordRequests')!;
    await db().updateTable('recordRequests').set({ patientId: third.id }).where('id', '=', request.id).execute();
    const error = await expectUndoRefused(merged.id, survivor.id);
    expect(error.message).toBe('This merge cannot be undone: a record request it moved now belongs to another chart');
    expect(error.details).toMatchObject({ reason: 'record_moved', records: [{ table: 'record_requests', id: request.id }] });
  });

  it('is refused when a moved record is of a kind this version does not know', async () => {
    const { survivor, merged } = await mergedPair();
    const stored = await db().selectFrom('patientMerges').select('moved').where('id', '=', merged.id).executeTakeFirstOrThrow();
    const future = [...(JSON.parse(stored.moved) as object[]), { table: 'claims', id: 'c1', updatedAt: TEST_NOW }];
    await db().updateTable('patientMerges').set({ moved: JSON.stringify(future) }).where('id', '=', merged.id).execute();
    const error = await expectUndoRefused(merged.id, survivor.id);
    expect(error.details).toEqual({ reason: 'record_missing', records: [{ table: 'claims', kind: 'claim', id: 'c1', changedAt: null }] });
  });

  it('is refused when the duplicate was reopened elsewhere (e.g. through sync)', async () => {
    const { survivor, duplicate, merged } = await mergedPair();
    await db().updateTable('patients').set({ mergedIntoId: null, deletedAt: null }).where('id', '=', duplicate.id).execute();
    const error = await expectUndoRefused(merged.id, survivor.id);
    expect(error.details).toEqual({ reason: 'chart_changed' });
  });

  it('is refused once undone, and for an unknown merge', async () => {
    const { merged } = await mergedPair();
    await unmerge(merged.id);
    const again = await expectRefusedWithoutWrites(() => asClerk('patients.unmerge', { mergeId: merged.id }));
    expect(again).toMatchObject({ code: 'CONFLICT', message: 'This merge was already undone' });
    const unknown = await expectRefusedWithoutWrites(() => asClerk('patients.unmerge', { mergeId: uuidv7() }));
    expect(unknown).toMatchObject({ code: 'NOT_FOUND', message: 'No merge with that id' });
  });

  it('is refused for a restricted chart the user may not open', async () => {
    const { survivor, merged } = await mergedPair();
    valueOf(await app.dispatch('patients.setRestriction', { id: survivor.id, restriction: 'staff' }, admin.sessionId));
    const error = await expectRefusedWithoutWrites(() => asClerk('patients.unmerge', { mergeId: merged.id }));
    expect(error).toMatchObject({ code: 'FORBIDDEN', details: { breakGlass: { patientId: survivor.id } } });
  });

  it('undoes a chain only from its end: A into B, then B into C', async () => {
    const [a, b, c] = [await register('Ann'), await register('Bea'), await register('Cai')];
    const aRecords = await addOneOfEach(db(), a.id, TEST_NOW);
    const bRecords = await addOneOfEach(db(), b.id, TEST_NOW);
    const before = await snapshotLinkedRows(db());
    clock.advance(MINUTE);
    const aIntoB = await merge(b.id, a.id);
    clock.advance(MINUTE);
    const bIntoC = await merge(c.id, b.id);
    for (const record of [...aRecords, ...bRecords]) expect((await ownerOf(db(), record)).patientId).toBe(c.id);
    // Opening A's old address leads to where its records are now.
    expect(errorOf(await asClerk('patients.get', { id: a.id })).details).toEqual({ mergedInto: c.id, mergedIntoMrn: c.mrn });

    const error = await expectUndoRefused(aIntoB.id, a.id);
    expect(error.message).toBe('This merge cannot be undone: one of its charts was merged again later; undo that later merge first');
    expect(error.details).toEqual({ reason: 'later_merge', blockingMergeId: bIntoC.id });

    clock.advance(MINUTE);
    await unmerge(bIntoC.id);
    for (const record of [...aRecords, ...bRecords]) expect((await ownerOf(db(), record)).patientId).toBe(b.id);
    expect((await mergesOf(a.id))[0]?.undo).toEqual({ possible: true, reason: null });
    clock.advance(MINUTE);
    await unmerge(aIntoB.id);
    expect(await snapshotLinkedRows(db())).toEqual(before);
  });
});

describe('patients.merges', () => {
  it('lists the merges a chart took part in, newest first, with who, what moved and whether undo is possible', async () => {
    const [a, b, c] = [await register('Ann'), await register('Bea'), await register('Cai')];
    await addLinkedRecord(db(), 'documents', b.id, TEST_NOW);
    await addLinkedRecord(db(), 'documents', b.id, TEST_NOW);
    clock.advance(MINUTE);
    const first = await merge(a.id, b.id);
    clock.advance(MINUTE);
    const second = await merge(a.id, c.id);
    clock.advance(MINUTE);
    await unmerge(second.id);

    const listed = await mergesOf(a.id);
    expect(listed.map((m) => m.id)).toEqual([second.id, first.id]);
    expect(listed[1]).toMatchObject({
      survivor: { id: a.id, mrn: a.mrn },
      merged: { id: b.id, mrn: b.mrn },
      mergedBy: { displayName: clerk.user.displayName },
      moved: [{ table: 'documents', kind: 'document', count: 2 }],
      undo: { possible: true },
    });
    expect(listed[0]).toMatchObject({ moved: [], unmergedAt: now(), unmergedBy: { id: clerk.user.id }, undo: null });
    // The merged chart's own list (its address is closed, its history is not).
    expect((await mergesOf(b.id)).map((m) => m.id)).toEqual([first.id]);
    expect(errorOf(await asClerk('patients.merges', { patientId: uuidv7() })).code).toBe('NOT_FOUND');
  });
});
