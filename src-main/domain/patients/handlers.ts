import { AppError } from '../../../src-shared/rpc/errors';
import type { Handlers, HandlerContext } from '../../rpc/router';
import { findDuplicateCandidates } from './duplicates';
import { searchPatients } from './search';
import { createPatient, getPatient, mayOpen, restrictedChartError, setRestriction, updatePatient } from './service';

/** Loads a chart the session may open; a refusal is audited by the router. */
async function openChart(id: string, { db, session }: HandlerContext) {
  const patient = await getPatient(db, id);
  if (mayOpen(patient, session)) return patient;
  throw restrictedChartError(id, session.userId);
}

export const patientHandlers: Pick<
  Handlers,
  'patients.create' | 'patients.findDuplicates' | 'patients.update' | 'patients.get' | 'patients.search' | 'patients.setRestriction'
> = {
  'patients.create': async (input, { db, clock }) => {
    if (!input.confirmNewPatient) {
      const duplicates = await findDuplicateCandidates(db, input);
      // The message goes to logs and banners: no patient data in it, the candidates travel in details only.
      if (duplicates.length > 0) throw new AppError('CONFLICT', 'This may be a patient already registered', { details: { duplicates } });
    }
    return createPatient(db, clock, input);
  },
  'patients.findDuplicates': async (input, { db }) => ({ items: await findDuplicateCandidates(db, input) }),
  'patients.update': async (input, ctx) => {
    await openChart(input.id, ctx);
    return updatePatient(ctx.db, ctx.clock, input);
  },
  'patients.get': ({ id }, ctx) => openChart(id, ctx),
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
