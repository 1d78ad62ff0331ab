import SqliteDatabase from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { MEMBER_KEY_SQL, memberKey } from '../../../src-main/domain/coverages/member-key';
import { coverageStatus } from '../../../src-main/domain/coverages/service';
import { matchingPayers } from '../../../src-renderer/features/insurance/payer-matching';
import { coverageAddInput, payerSchema, type Payer } from '../../../src-shared/insurance/schema';

describe('member ids', () => {
  it('fold the same in JavaScript and in the SQL of the coverages_member_key index', () => {
    const sqlite = new SqliteDatabase(':memory:');
    const fold = sqlite.prepare(`SELECT ${MEMBER_KEY_SQL} FROM (SELECT ? AS member_id)`).pluck();
    const typed = ['abc 123-45', 'ABC12345', ' js.0011/1223 ', 'W123\t456\u00a0789', 'xyz-9876-5432-01', 'ñandú 12'];
    for (const text of typed) {
      // As stored: the add schema tidies spaces first.
      const stored = coverageAddInput.shape.memberId.parse(text);
      expect(fold.get(stored), JSON.stringify(text)).toBe(memberKey(text));
    }
    sqlite.close();
  });
});

describe('coverage status on a given day', () => {
  const today = '2026-03-02';
  it.each([
    [null, null, 'active'],
    ['2026-03-02', null, 'active'],
    [null, '2026-03-02', 'active'],
    ['2026-03-03', null, 'future'],
    [null, '2026-03-01', 'ended'],
    ['2020-01-01', '2025-12-31', 'ended'],
  ] as const)('from %s to %s is %s', (effectiveFrom, effectiveTo, status) => {
    expect(coverageStatus({ effectiveFrom, effectiveTo }, today)).toBe(status);
  });
});

describe('payer picker matching', () => {
  const payer = (name: string, ediPayerId: string | null): Payer =>
    payerSchema.parse({ id: name, name, ediPayerId, addressLine1: null, addressLine2: null, city: null, region: null, postalCode: null, country: null, phone: null, active: true, createdAt: '', updatedAt: '' });
  const payers = [payer('Aetna', '60054'), payer('Blue Cross Blue Shield', null), payer('Medicare Part B Maryland', 'C12345'), payer('Medicaid', null)];

  it('matches every typed word in the name or payer id, names starting with the first word first', () => {
    expect(matchingPayers(payers, 'medic').map((p) => p.name)).toEqual(['Medicare Part B Maryland', 'Medicaid']);
    expect(matchingPayers(payers, 'part b').map((p) => p.name)).toEqual(['Medicare Part B Maryland']);
    expect(matchingPayers(payers, 'c123').map((p) => p.name)).toEqual(['Medicare Part B Maryland']);
    expect(matchingPayers(payers, 'cross').map((p) => p.name)).toEqual(['Blue Cross Blue Shield']);
    expect(matchingPayers(payers, '').map((p) => p.name)).toEqual(['Aetna', 'Blue Cross Blue Shield', 'Medicare Part B Maryland', 'Medicaid']);
    expect(matchingPayers(payers, 'cigna')).toEqual([]);
  });
});
