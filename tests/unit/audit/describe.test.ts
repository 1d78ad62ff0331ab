import { describe, expect, it } from 'vitest';
import type { AuditEntryView } from '../../../src-shared/audit/schema';
import { describeDetail, describeRecord, entriesToCsv } from '../../../src-renderer/features/audit/describe';

const entry = (fields: Partial<AuditEntryView>): AuditEntryView => ({
  id: 'e1',
  at: '2026-03-02T15:04:05.000Z',
  action: 'patient.view',
  actionLabel: 'Chart viewed',
  userId: 'u1',
  userName: 'Dana Whitfield',
  workstation: 'LBU',
  record: { type: 'patient', id: 'p1', label: 'Lopez, Maria', mrn: 'LBU-000001-2' },
  detail: {},
  flagged: false,
  ...fields,
});

describe('audit entries in words', () => {
  it('says what each kind of detail means', () => {
    expect(describeDetail(entry({ action: 'patient.update', detail: { fields: 'familyName,phone,addressLine1' } }))).toBe('Changed: family name, phone, address line1');
    expect(describeDetail(entry({ action: 'patient.search', detail: { query: 'lop', resultCount: 1 } }))).toBe('“lop”, 1 result; led to this chart');
    expect(describeDetail(entry({ action: 'patient.search', record: null, detail: { query: 'lop', resultCount: 12 } }))).toBe('“lop”, 12 results');
    expect(describeDetail(entry({ action: 'export', detail: { what: 'audit_report', format: 'csv', count: 120 } }))).toBe('Audit log as CSV, 120 entries');
    expect(describeDetail(entry({ action: 'print', detail: { what: 'access_report' } }))).toBe('Access report');
    expect(describeDetail(entry({ action: 'patient.merge', detail: { role: 'survivor', otherPatientId: 'p2', movedRecords: 3 } }))).toBe(
      'Another chart merged into this one; 3 records moved',
    );
    expect(describeDetail(entry({ action: 'auth.refused', detail: { method: 'audit.search', permission: 'audit.read', extra: null } }))).toBe(
      'method: audit.search; permission: audit.read',
    );
  });

  it('names the record: a patient with the MRN, a user, another kind by its type', () => {
    expect(describeRecord(entry({}))).toBe('Lopez, Maria (LBU-000001-2)');
    expect(describeRecord(entry({ record: { type: 'user', id: 'u2', label: 'Rita', mrn: null } }))).toBe('User: Rita');
    expect(describeRecord(entry({ record: { type: 'record_request', id: 'r1', label: null, mrn: null } }))).toBe('Record request');
    expect(describeRecord(entry({ record: null }))).toBe('');
  });

  it('exports CSV a spreadsheet cannot run: quotes, commas and formula-like cells are made plain text', () => {
    const csv = entriesToCsv([
      entry({ action: 'patient.search', record: null, detail: { query: '=HYPERLINK("x"),"y"', resultCount: 0 } }),
      entry({ userName: '+Mallory, Eve' }),
    ]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Time,User,Action,Record,Details,Workstation,Flagged');
    expect(lines[1]).toContain(',"“=HYPERLINK(""x""),""y""”, 0 results",');
    expect(lines[2]).toContain(`"'+Mallory, Eve"`);
    expect(lines).toHaveLength(3);
  });
});
