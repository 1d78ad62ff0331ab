import type { Patient } from '../../../src-shared/patients/schema';
import { AppError } from '../../../src-shared/rpc/errors';
import type { Handlers, HandlerContext } from '../../rpc/router';
import { recordChartView } from '../audit/chart-views';
import { mergedChartError } from '../merges/service';
import { findDuplicateCandidates } from './duplicates';
import { searchPatients } from './search';
import { createPatient, getPatient, mayOpen, restrictedChartError, setRestriction, updatePatient } from './service';

/** Loads a chart the session may open; a refusal is audited by the router. A merged chart's refusal says where it went. */
async function openChart(id: string, { db, session }: HandlerContext) {
  const patient = await getPatient(db, id).catch(async (error: unknown) => {
    throw (await mergedChartError(db, id)) ?? error;
  });
  if (mayOpen(patient, session)) return patient;
  throw restrictedChartError(id, session.userId);
}

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
  'patients.create': async (input, { db, clock, session, services }) => {
    if (!input.confirmNewPatient) {
      const duplicates = await findDuplicateCandidates(db, input);
      // The message goes to logs and banners: no patient data in it, the candidates travel in details only.
      if (duplicates.length > 0) throw new AppError('CONFLICT', 'This may be a patient already registered', { details: { duplicates } });
    }
    const patient = await createPatient(db, clock, input);
    await services.audit.record(db, {
      action: 'patient.create',
      userId: session.userId,
      entityType: 'patient',
      entityId: patient.id,
      detail: { afterDuplicateWarning: input.confirmNewPatient === true },
    });
    return patient;
  },
  'patients.findDuplicates': async (input, { db }) => ({ items: await findDuplicateCandidates(db, input) }),
  'patients.update': async (input, ctx) => {
    const before = await openChart(input.id, ctx);
    const after = await updatePatient(ctx.db, ctx.clock, input);
    const fields = changedFields(before, after);
    // Saving an unchanged form changes nothing, so it is no change of the chart either.
    if (fields.length > 0) {
      await ctx.services.audit.record(ctx.db, {
        action: 'patient.update',
        userId: ctx.session.userId,
        entityType: 'patient',
        entityId: after.id,
        detail: { fields: fields.join(',') },
      });
    }
    return after;
  },
  'patients.get': async ({ id }, ctx) => {
    const patient = await openChart(id, ctx);
    await recordChartView(ctx, patient.id);
    return patient;
  },
  'patients.search': async (input, { db }) => ({ items: await searchPatients(db, input) }),
  'patients.setRestriction': async (input, { db, clock, session, services }) => {
    const patient = await setRestriction(db, clock, input);
    await services.audit.record(db, {
      action: 'patient.restrict',
      userId: session.userId,
      entityType: 'patient',
      entityId: patient.id,
      detail: { restriction: input.restriction },
    });
    return patient;
  },
};
