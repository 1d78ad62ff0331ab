import type { Handlers, HandlerContext } from '../../rpc/router';
import { searchPatients } from './search';
import { createPatient, getPatient, mayOpen, restrictedChartError, setRestriction, updatePatient } from './service';

/** Loads a chart the session may open; a refusal is written to the audit log. */
async function openChart(id: string, { db, session, services }: HandlerContext) {
  const patient = await getPatient(db, id);
  if (mayOpen(patient, session)) return patient;
  await db.transaction().execute((trx) =>
    services.audit.record(trx, { action: 'auth.refused', userId: session.userId, entityType: 'patient', entityId: id, detail: { reason: 'restricted' }, flagged: true }),
  );
  throw restrictedChartError(id);
}

export const patientHandlers: Pick<
  Handlers,
  'patients.create' | 'patients.update' | 'patients.get' | 'patients.search' | 'patients.setRestriction'
> = {
  'patients.create': (input, { db, clock }) => createPatient(db, clock, input),
  'patients.update': async (input, ctx) => {
    const patient = await getPatient(ctx.db, input.id);
    if (!mayOpen(patient, ctx.session)) throw restrictedChartError(input.id);
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
