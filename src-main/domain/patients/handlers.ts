import type { Handlers, HandlerContext } from '../../rpc/router';
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
  'patients.create' | 'patients.update' | 'patients.get' | 'patients.search' | 'patients.setRestriction'
> = {
  'patients.create': (input, { db, clock }) => createPatient(db, clock, input),
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
