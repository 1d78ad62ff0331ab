import { describe, expect, it } from 'vitest';
import { generatePatients } from '../../../scripts/synthetic/patients';
import { SYNTHETIC_PAYERS } from '../../../scripts/synthetic/coverages';
import type { Coverage } from '../../../src-shared/insurance/schema';
import type { DuplicateCandidate } from '../../../src-shared/patients/schema';
import { freshTestAppPerTest, valueOf, type TestApp } from '../../support/test-app';

let app: TestApp;
freshTestAppPerTest((opened) => (app = opened));

const PATIENTS = 3_000;

describe('synthetic patients get synthetic coverages', () => {
  it('most one coverage, some two or an ended earlier one, of a few payers, consistent with the app’s rules', async () => {
    const result = generatePatients(app.database, { patients: PATIENTS, seed: 9 });
    const sqlite = app.database.sqlite;
    const all = <T>(query: string) => sqlite.prepare(query).all() as T[];
    const one = (query: string) => sqlite.prepare(query).pluck().get();

    expect(result.coverages).toBe(one('SELECT count(*) FROM coverages'));
    const perPatient = all<{ n: number; patients: number }>(
      `SELECT n, count(*) AS patients FROM (SELECT p.id, count(c.id) AS n FROM patients p LEFT JOIN coverages c ON c.patient_id = p.id GROUP BY p.id) GROUP BY n ORDER BY n`,
    );
    const share = (n: number) => (perPatient.find((r) => r.n === n)?.patients ?? 0) / PATIENTS;
    expect(share(0)).toBeGreaterThan(0.04);
    expect(share(0)).toBeLessThan(0.12);
    expect(share(1)).toBeGreaterThan(0.6);
    expect(share(2)).toBeGreaterThan(0.1);
    expect(one(`SELECT count(*) FROM payers`)).toBe(SYNTHETIC_PAYERS.length);

    // References hold, the indexes were rebuilt, foreign keys are back on.
    expect(all('PRAGMA foreign_key_check')).toEqual([]);
    expect(one('PRAGMA foreign_keys')).toBe(1);
    expect(all<{ name: string }>(`SELECT name FROM sqlite_master WHERE tbl_name = 'coverages' AND type = 'index' AND sql IS NOT NULL ORDER BY name`).map((r) => r.name)).toEqual([
      'coverages_member_key',
      'coverages_patient',
    ]);
    expect(one(`SELECT count(*) FROM sqlite_master WHERE name = 'coverages_capture_insert'`)).toBe(1);

    // The services' rules: subscriber details exactly when the patient is not the subscriber, an end after the start, one coverage per rank at a time.
    expect(one(`SELECT count(*) FROM coverages WHERE (subscriber_relationship = 'self') = (subscriber_given_name IS NOT NULL OR subscriber_date_of_birth IS NOT NULL)`)).toBe(0);
    expect(one(`SELECT count(*) FROM coverages WHERE effective_to < effective_from`)).toBe(0);
    expect(
      one(`SELECT count(*) FROM coverages a JOIN coverages b ON a.patient_id = b.patient_id AND a.rank = b.rank AND a.id < b.id
           WHERE coalesce(a.effective_from, '0000') <= coalesce(b.effective_to, '9999') AND coalesce(b.effective_from, '0000') <= coalesce(a.effective_to, '9999')`),
    ).toBe(0);

    // Through the app: a generated patient's coverages list, and a member id typed with dashes finds them.
    const sample = sqlite.prepare(`SELECT patient_id AS patientId, member_id AS memberId FROM coverages WHERE effective_to IS NULL LIMIT 1`).get() as {
      patientId: string;
      memberId: string;
    };
    const listed = valueOf<{ items: Coverage[] }>(await app.call('coverages.list', { patientId: sample.patientId })).items;
    expect(listed.map((c) => c.memberId)).toContain(sample.memberId);
    const typed = `${sample.memberId.slice(0, 3)}-${sample.memberId.slice(3).toLowerCase()}`;
    const found = valueOf<{ items: DuplicateCandidate[] }>(await app.call('patients.findDuplicates', { memberId: typed })).items;
    expect(found.map((c) => c.id)).toContain(sample.patientId);
  });
});
