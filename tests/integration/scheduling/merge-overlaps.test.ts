import { expect, it } from 'vitest';
import type { MergePreview } from '../../../src-shared/merges/schema';
import { clinicPerTest, TUESDAY } from './support';

const clinic = clinicPerTest();

it('the merge preview lists the visits still to come that would book one patient twice at once, and only those', async () => {
  const c = clinic();
  const maria = await c.book({ time: '09:00' });
  const samSameTime = await c.book({ patientId: c.sam, providerId: c.lovelace, time: '09:15' });
  await c.book({ patientId: c.sam, providerId: c.lovelace, time: '10:00' });
  const samCancelled = await c.book({ patientId: c.sam, providerId: c.lovelace, date: '2026-03-11', time: '09:00' });
  await c.book({ date: '2026-03-11', time: '09:00' });
  await c.ok('appointments.cancel', { id: samCancelled.id, cancelledBy: 'patient', reason: 'Away' });

  const preview = await c.ok<MergePreview>('patients.mergePreview', { survivorId: c.maria, mergedId: c.sam });
  expect(preview.overlapping).toEqual([
    {
      date: TUESDAY,
      survivor: { appointmentId: maria.id, start: '09:00', end: '09:30', providerName: 'Grace Hopper, MD' },
      merged: { appointmentId: samSameTime.id, start: '09:15', end: '09:45', providerName: 'Ada Lovelace, MD' },
    },
  ]);

  // Visits already over are history, not a double booking to fix.
  c.clock.set('2026-03-10T20:00:00.000Z');
  expect((await c.ok<MergePreview>('patients.mergePreview', { survivorId: c.maria, mergedId: c.sam })).overlapping).toEqual([]);
});
