import type { chartMethods } from '../../../src-shared/patients/chart-contract';
import type { ContactRole } from '../../../src-shared/patients/codes';
import type { HandlerContext, Handlers } from '../../rpc/router';
import { listContacts, removeContact, saveContact } from './contacts';
import { patientHistory } from './history';
import { openChart } from './service';

/** A change of a chart's contacts is a change of the chart: audited as `patient.update`, naming the contact's role and what happened. */
async function auditContactChange(
  { db, session, services }: HandlerContext,
  patientId: string,
  contact: ContactRole,
  change: 'add' | 'edit' | 'remove',
): Promise<void> {
  await services.audit.record(db, {
    action: 'patient.update',
    userId: session.userId,
    entityType: 'patient',
    entityId: patientId,
    detail: { contact, change },
  });
}

export const chartHandlers: Pick<Handlers, keyof typeof chartMethods> = {
  'patients.contacts.list': async ({ patientId }, ctx) => {
    await openChart(ctx.db, patientId, ctx.session);
    return { items: await listContacts(ctx.db, patientId) };
  },
  'patients.contacts.save': async (input, ctx) => {
    await openChart(ctx.db, input.patientId, ctx.session);
    const { contact, change } = await saveContact(ctx.db, ctx.clock, input);
    if (change !== 'unchanged') await auditContactChange(ctx, input.patientId, contact.role, change);
    return contact;
  },
  'patients.contacts.remove': async (input, ctx) => {
    await openChart(ctx.db, input.patientId, ctx.session);
    const contact = await removeContact(ctx.db, ctx.clock, input);
    await auditContactChange(ctx, input.patientId, contact.role, 'remove');
    return contact;
  },
  'patients.history': async (input, ctx) => {
    await openChart(ctx.db, input.patientId, ctx.session);
    return patientHistory(ctx.db, input);
  },
};
