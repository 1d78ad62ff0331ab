import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { LedgerEntry } from '../../../src-shared/ledger/schema';
import { pdfLines } from '../../support/pdf-read';
import { addUser, auditRows, TEST_ADMIN, validPatient } from '../../support/test-app';
import { cashPayment, deskPerTest, expectDeskRefusedUnchanged, selfPayCheckIn, type Desk, type Posted } from './support';

const desk = deskPerTest();

interface Pdf {
  fileName: string;
  contentType: string;
  base64: string;
}

const bytesOf = (pdf: Pdf) => new Uint8Array(Buffer.from(pdf.base64, 'base64'));
const receipt = (d: Desk, entryId: string) => d.desk<Pdf>('frontDesk.receipt', { entryId });
const mrnOf = (d: Desk, patientId: string) => d.app.database.sqlite.prepare('SELECT mrn FROM patients WHERE id = ?').pluck().get(patientId) as string;

describe('frontDesk.receipt', () => {
  it('prints a check-in copay’s receipt that pdf.js reads back: clinic, number, patient, date, amount, method, reference, visit; audited as a print', async () => {
    const d = desk();
    const visit = await d.bookToday();
    const { copay } = await d.desk<{ copay: LedgerEntry }>('frontDesk.checkIn', selfPayCheckIn(visit.id, { copay: { amountCents: 2550, method: 'card', reference: 'AUTH 004211' } }));
    const before = (await auditRows(d.app)).length;
    const pdf = await receipt(d, copay.id);
    expect(pdf).toMatchObject({ fileName: `receipt-${copay.receiptNumber}.pdf`, contentType: 'application/pdf' });
    const [page, ...more] = await pdfLines(bytesOf(pdf));
    expect(more).toEqual([]);
    expect(page).toEqual([
      TEST_ADMIN.clinicName,
      'Payment receipt',
      `Receipt no. ${copay.receiptNumber}`,
      `Patient | Maria Lopez (MRN ${mrnOf(d, d.maria)})`,
      'Date | 03/02/2026 10:04 AM',
      'Amount paid | $25.50',
      'Method | Card',
      'Card reference | AUTH 004211',
      'For the visit | 03/02/2026 11:00 AM · Follow-up with Grace Hopper, MD',
      `Received by | ${d.deskUser.displayName}`,
      'Thank you. Please keep this receipt for your records.',
    ]);
    const printed = (await auditRows(d.app)).slice(before);
    expect(printed.map((row) => [row.action, row.userId, row.entityType, row.entityId, JSON.parse(row.detail)])).toEqual([
      ['print', d.deskUser.id, 'patient', d.maria, { what: 'receipt', entryId: copay.id }],
    ]);
  });

  it('names a check by its number, folds letters Helvetica lacks, and marks a reversed payment void', async () => {
    const d = desk();
    const nguyen = (await d.ok<{ id: string }>('patients.create', { ...validPatient, givenName: 'Thị', familyName: 'Nguyễn', confirmNewPatient: true })).id;
    const { entry } = await d.desk<Posted>('ledger.postPayment', cashPayment(nguyen, { amountCents: 123456, method: 'check', reference: '1042' }));
    d.clock.advance(3 * 60_000);
    await d.dispatch('ledger.reverse', { entryId: entry.id, reason: 'Check returned unpaid' }, d.sessions.billing);
    const [page] = await pdfLines(bytesOf(await receipt(d, entry.id)));
    expect(page).toEqual(
      expect.arrayContaining([
        `Patient | Thi Nguyen (MRN ${mrnOf(d, nguyen)})`,
        'Amount paid | $1,234.56',
        'Method | Check',
        'Check number | 1042',
        'VOID: this payment was reversed on 03/02/2026 10:07 AM.',
      ]),
    );
    expect(page!.some((line) => line.startsWith('For the visit'))).toBe(false);
  });

  it('prints an entry of a chart merged since (it shows in the survivor’s ledger)', async () => {
    const d = desk();
    const { entry } = await d.desk<Posted>('ledger.postPayment', cashPayment(d.maria));
    await d.ok('patients.merge', { survivorId: d.sam, mergedId: d.maria });
    const [page] = await pdfLines(bytesOf(await receipt(d, entry.id)));
    expect(page).toContain('Method | Cash');
  });

  it('is refused for a reversal, an unknown entry, a restricted chart without break-glass and a role without ledger.read', async () => {
    const d = desk();
    const { entry } = await d.desk<Posted>('ledger.postPayment', cashPayment(d.maria));
    const reversed = await d.dispatch('ledger.reverse', { entryId: entry.id, reason: 'Mistake' }, d.sessions.billing);
    const reversalId = reversed.ok ? (reversed.value as { reversal: LedgerEntry }).reversal.id : '';
    expect(await expectDeskRefusedUnchanged(d, 'frontDesk.receipt', { entryId: reversalId })).toMatchObject({
      code: 'VALIDATION',
      fields: { entryId: 'This entry is a reversal: print the receipt of the payment it reverses' },
    });
    expect(await expectDeskRefusedUnchanged(d, 'frontDesk.receipt', { entryId: uuidv7() })).toMatchObject({ code: 'NOT_FOUND' });

    const vip = (await d.ok<{ id: string }>('patients.create', { ...validPatient, givenName: 'Vera', confirmNewPatient: true })).id;
    const vipPayment = (await d.ok<Posted>('ledger.postPayment', cashPayment(vip))).entry;
    await d.ok('patients.setRestriction', { id: vip, restriction: 'vip' });
    expect(await d.deskRefused('frontDesk.receipt', { entryId: vipPayment.id })).toMatchObject({ code: 'FORBIDDEN', details: { breakGlass: { patientId: vip } } });

    const clerk = await addUser(d.app, d.sessions.admin, 'records_clerk');
    expect(await d.dispatch('frontDesk.receipt', { entryId: entry.id }, clerk.sessionId)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await auditRows(d.app)).filter((row) => row.action === 'print')).toEqual([]);
  });
});
