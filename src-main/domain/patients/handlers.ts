import type { Patient } from '../../../src-shared/patients/schema';
import { AppError } from '../../../src-shared/rpc/errors';
import type { Handlers } from '../../rpc/router';
import { recordChartEntry } from '../audit/chart-entries';
import { recordChartView } from '../audit/chart-views';
import { findDuplicateCandidates } from './duplicates';
import { searchPatients } from './search';
import { openChart } from './open-chart';
import { createPatient, setRestriction, updatePatient } from './service';

/** The names of the fields an update changed (values stay out of the audit log). */
function changedFields(before: Patient, after: Patient): string[] {
  return Object.keys(after).filter(
    (field) => field !== 'updatedAt' && JSON.stringify(before[field as keyof Patient]) !== JSON.stringify(after[field as keyof Patient]),
  );
}

export const patientHandlers: Pick<
  Handlers,
  'patients.create' | 'patients.findDuplicates' | 'patients.update' | 'patients.get' | 'patients.search' | 'patients.setRestriction'
> = {
  'patients.create': async (input, ctx) => {
    if (!input.confirmNewPatient) {
      const duplicates = await findDuplicateCandidates(ctx.db, input);
      // The message goes to logs and banners: no patient data in it, the candidates travel in details only.
      if (duplicates.length > 0) throw new AppError('CONFLICT', 'This may be a patient already registered', { details: { duplicates } });
    }
    const patient = await createPatient(ctx.db, ctx.clock, input);
    await recordChartEntry(ctx, 'patient.create', patient.id, { afterDuplicateWarning: input.confirmNewPatient === true });
    return patient;
  },
  'patients.findDuplicates': async (input, { db }) => ({ items: await findDuplicateCandidates(db, input) }),
  'patients.update': async (input, ctx) => {
    const before = await openChart(ctx, input.id);
    const after = await updatePatient(ctx.db, ctx.clock, input);
    const fields = changedFields(before, after);
    // Saving an unchanged form changes nothing, so it is no change of the chart either.
    if (fields.length > 0) await recordChartEntry(ctx, 'patient.update', after.id, { fields: fields.join(',') });
    return after;
  },
  'patients.get': async ({ id }, ctx) => {
    const patient = await openChart(ctx, id);
    await recordChartView(ctx, patient.id);
    return patient;
  },
  'patients.search': async (input, { db }) => ({ items: await searchPatients(db, input) }),
  'patients.setRestriction': async (input, ctx) => {
    const patient = await setRestriction(ctx.db, ctx.clock, input);
    await recordChartEntry(ctx, 'patient.restrict', patient.id, { restriction: input.restriction });
    return patient;
  },
};
