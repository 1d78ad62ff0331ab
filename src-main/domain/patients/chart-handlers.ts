import type { chartMethods } from '../../../src-shared/patients/chart-contract';
import type { ContactRole } from '../../../src-shared/patients/codes';
import type { HandlerContext, Handlers } from '../../rpc/router';
import { recordChartEntry } from '../audit/chart-entries';
import { listContacts, removeContact, saveContact } from './contacts';
import { patientHistory } from './history';
import { openChart } from './open-chart';

/** A change of a chart's contacts is a change of the chart: audited as `patient.update`, naming the contact's role and what happened. */
function auditContactChange(ctx: HandlerContext, patientId: string, contact: ContactRole, change: 'add' | 'edit' | 'remove'): Promise<void> {
  return recordChartEntry(ctx, 'patient.update', patientId, { contact, change });
}

export const chartHandlers: Pick<Handlers, keyof typeof chartMethods> = {
  'patients.contacts.list': async ({ patientId }, ctx) => {
    await openChart(ctx, patientId);
    return { items: await listContacts(ctx.db, patientId) };
  },
  'patients.contacts.save': async (input, ctx) => {
    await openChart(ctx, input.patientId);
    const { contact, change } = await saveContact(ctx.db, ctx.clock, input);
    if (change !== 'unchanged') await auditContactChange(ctx, input.patientId, contact.role, change);
    return contact;
  },
  'patients.contacts.remove': async (input, ctx) => {
    await openChart(ctx, input.patientId);
    const contact = await removeContact(ctx.db, ctx.clock, input);
    await auditContactChange(ctx, input.patientId, contact.role, 'remove');
    return contact;
  },
  'patients.history': async (input, ctx) => {
    await openChart(ctx, input.patientId);
    return patientHistory(ctx.db, input);
  },
};
