import { describe, expect, it } from 'vitest';
import { openPdf, pdfLines } from '../../support/pdf-read';
import { addUser, auditRows, dispatchOk, signIn, TEST_ADMIN, validPatient } from '../../support/test-app';
import { clinicPerTest, expectRefusedUnchanged, TUESDAY, type Clinic } from './support';

const clinic = clinicPerTest();

interface DayPdf {
  fileName: string;
  contentType: string;
  base64: string;
}

const bytesOf = (pdf: DayPdf) => new Uint8Array(Buffer.from(pdf.base64, 'base64'));

/** A day for both providers: an overbook, an X-ray in its room, a cancelled and a rescheduled visit. */
async function bookDay(c: Clinic): Promise<void> {
  await c.book({ time: '09:00' });
  await c.book({ patientId: c.sam, appointmentTypeId: c.newPatient.id, time: '09:00', overbookReason: 'Urgent referral' });
  await c.book({ appointmentTypeId: c.xray.id, time: '15:00' });
  await c.book({ patientId: c.sam, providerId: c.lovelace, time: '10:00' });
  const cancelled = await c.book({ providerId: c.lovelace, time: '11:00' });
  await c.ok('appointments.cancel', { id: cancelled.id, cancelledBy: 'patient', reason: 'Feeling better' });
  const early = await c.book({ providerId: c.lovelace, time: '13:00' });
  await c.ok('appointments.reschedule', { id: early.id, date: TUESDAY, time: '14:00' });
}

describe('appointments.dayPdf', () => {
  it('writes the day by provider as a landscape PDF that pdf.js reads back, and audits the export in the same call', async () => {
    const c = clinic();
    await bookDay(c);
    const before = (await auditRows(c.app)).length;
    const pdf = await c.ok<DayPdf>('appointments.dayPdf', { date: TUESDAY });
    expect(pdf).toMatchObject({ fileName: `day-schedule-${TUESDAY}.pdf`, contentType: 'application/pdf' });
    expect(Buffer.from(bytesOf(pdf).subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const document = await openPdf(bytesOf(pdf));
    const [, , width, height] = (await document.getPage(1)).view;
    expect(width).toBeGreaterThan(height!);
    await document.destroy();

    const [lines] = await pdfLines(bytesOf(pdf));
    expect(lines!.slice(0, 3)).toEqual([TEST_ADMIN.clinicName, 'Day schedule · Tuesday, March 10, 2026', expect.stringMatching(/^By provider · 5 appointments · Times in America\/New_York/)]);
    const from = (heading: string) => lines!.indexOf(heading);
    expect(from('Grace Hopper, MD')).toBeGreaterThan(0);
    expect(from('Ada Lovelace, MD')).toBeGreaterThan(from('Grace Hopper, MD'));
    expect(lines!.slice(from('Grace Hopper, MD') + 1, from('Ada Lovelace, MD'))).toEqual([
      'Time | Patient | Type | Status | Room',
      '09:00–09:30 | Lopez, Maria | Follow-up | Booked',
      '09:00–10:00 | Okafor, Sam | New patient | Booked (overbooked)',
      '15:00–15:20 | Lopez, Maria | X-ray | Booked | X-ray room',
    ]);
    // Cancelled (11:00) and rescheduled (13:00) visits are left out; the moved one is at its new time.
    expect(lines!.slice(from('Ada Lovelace, MD') + 1, from('Ada Lovelace, MD') + 4)).toEqual([
      'Time | Patient | Type | Status | Room',
      '10:00–10:30 | Okafor, Sam | Follow-up | Booked',
      '14:00–14:30 | Lopez, Maria | Follow-up | Booked',
    ]);
    expect(lines!.at(-1)).toMatch(/^Maple Street Clinic · Day schedule · Tuesday, March 10, 2026 \| Page 1 of 1$/);

    const written = (await auditRows(c.app)).slice(before);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ action: 'export', entityType: null, entityId: null });
    expect(JSON.parse(written[0]!.detail)).toEqual({ what: 'day_schedule', format: 'pdf', date: TUESDAY, by: 'providers', count: 5 });
    expect(written[0]!.detail).not.toMatch(/Lopez|Okafor|Maria/);
  });

  it('by room: one table per room with its provider, and the visits in no room last', async () => {
    const c = clinic();
    await bookDay(c);
    const pdf = await c.ok<DayPdf>('appointments.dayPdf', { date: TUESDAY, by: 'rooms' });
    expect(pdf.fileName).toBe(`day-schedule-${TUESDAY}-by-room.pdf`);
    const [lines] = await pdfLines(bytesOf(pdf));
    const from = (heading: string) => lines!.indexOf(heading);
    expect(from('Exam room 1')).toBeGreaterThan(0);
    expect(from('X-ray room')).toBeGreaterThan(from('Exam room 1'));
    expect(from('No room')).toBeGreaterThan(from('X-ray room'));
    expect(lines!.slice(from('Exam room 1') + 1, from('X-ray room'))).toEqual(['Time | Patient | Type | Status | Provider', 'No appointments.']);
    expect(lines!.slice(from('X-ray room') + 1, from('No room'))).toEqual(['Time | Patient | Type | Status | Provider', '15:00–15:20 | Lopez, Maria | X-ray | Booked | Grace Hopper, MD']);
    expect(lines!.slice(from('No room') + 1, from('No room') + 3)).toEqual(['Time | Patient | Type | Status | Provider', '09:00–09:30 | Lopez, Maria | Follow-up | Booked | Grace Hopper, MD']);
    const entry = (await auditRows(c.app)).at(-1)!;
    expect(JSON.parse(entry.detail)).toMatchObject({ what: 'day_schedule', format: 'pdf', by: 'rooms', count: 5 });
  });

  it('a table that runs onto the next page is titled again there, and every page is numbered', async () => {
    const c = clinic();
    for (const hour of ['08', '09', '10', '11', '13', '14']) {
      for (const minute of ['00', '30']) {
        await c.book({ time: `${hour}:${minute}` });
        await c.book({ patientId: c.sam, providerId: c.lovelace, time: `${hour}:${minute}` });
      }
    }
    const pages = await pdfLines(bytesOf(await c.ok<DayPdf>('appointments.dayPdf', { date: TUESDAY })));
    expect(pages).toHaveLength(2);
    expect(pages[1]!.slice(0, 3)).toEqual(['Ada Lovelace, MD (continued)', 'Time | Patient | Type | Status | Room', expect.stringMatching(/^\d\d:\d\d–\d\d:\d\d \| Okafor, Sam \| Follow-up \| Booked$/)]);
    expect(pages.map((lines) => lines.at(-1))).toEqual([expect.stringMatching(/Page 1 of 2$/), expect.stringMatching(/Page 2 of 2$/)]);
    expect(pages.flat().filter((line) => line.includes('| Okafor, Sam |'))).toHaveLength(12);
  });

  it('names what Helvetica cannot show in plain letters, and leaves restricted charts unnamed for a user who may not open them', async () => {
    const c = clinic();
    const nguyen = (await c.ok<{ id: string }>('patients.create', { ...validPatient, givenName: 'Thị', familyName: 'Nguyễn', confirmNewPatient: true })).id;
    await c.book({ patientId: nguyen, time: '09:00' });
    await c.book({ patientId: c.sam, time: '10:00' });
    await c.ok('patients.setRestriction', { id: c.sam, restriction: 'vip' });
    const admin = await signIn(c.app, TEST_ADMIN.username, TEST_ADMIN.password);
    const frontDesk = await addUser(c.app, admin, 'front_desk');
    const pdf = await dispatchOk<DayPdf>(c.app, 'appointments.dayPdf', { date: TUESDAY }, frontDesk.sessionId);
    const text = (await pdfLines(bytesOf(pdf))).flat().join('\n');
    expect(text).toContain('09:00–09:30 | Nguyen, Thi | Follow-up | Booked');
    expect(text).toContain('10:00–10:30 | Restricted patient | Follow-up | Booked');
    expect(text).not.toMatch(/Okafor|Sam/);
  });

  it('refuses a date that is not a date or an unknown grouping, and writes nothing', async () => {
    const c = clinic();
    const before = (await auditRows(c.app)).length;
    const notADate = await expectRefusedUnchanged(c, 'appointments.dayPdf', { date: '2026-02-30' });
    expect(notADate).toMatchObject({ code: 'VALIDATION', fields: { date: expect.stringMatching(/^Not a date/) } });
    const grouping = await expectRefusedUnchanged(c, 'appointments.dayPdf', { date: TUESDAY, by: 'walls' });
    expect(grouping.fields).toEqual({ by: 'Choose providers or rooms' });
    expect(await auditRows(c.app)).toHaveLength(before);
  });
});
