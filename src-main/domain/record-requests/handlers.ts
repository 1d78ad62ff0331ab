import type { recordRequestMethods } from '../../../src-shared/record-requests/contract';
import type { RecordRequest } from '../../../src-shared/record-requests/schema';
import type { AuditAction, AuditDetail } from '../audit/log';
import type { HandlerContext, Handlers } from '../../rpc/router';
import { mayOpen, openChart } from '../patients/service';
import {
  accountingOfDisclosures,
  denyRecordRequest,
  extendRecordRequest,
  getRecordRequest,
  listOpenRecordRequests,
  listRecordRequestsForPatient,
  logRecordRequest,
  patientIdOfRequest,
  releaseRecordRequest,
  withdrawRecordRequest,
} from './service';

/** The same rule as opening the chart: a restricted chart needs the permission or break-glass (the refusal is audited). */
async function checkChartAccess(patientId: string, { db, session }: HandlerContext): Promise<void> {
  await openChart(db, patientId, session);
}

async function checkRequestAccess(requestId: string, ctx: HandlerContext): Promise<void> {
  await checkChartAccess(await patientIdOfRequest(ctx.db, requestId), ctx);
}

/** Recorded on the patient; the detail names the request and its purpose, never free text. */
async function audited(ctx: HandlerContext, action: AuditAction, request: RecordRequest, detail: AuditDetail = {}): Promise<RecordRequest> {
  await ctx.services.audit.record(ctx.db, {
    action,
    userId: ctx.session.userId,
    entityType: 'patient',
    entityId: request.patientId,
    detail: { requestId: request.id, purpose: request.purpose, ...detail },
  });
  return request;
}

export const recordRequestHandlers: Pick<Handlers, keyof typeof recordRequestMethods> = {
  'recordRequests.log': async (input, ctx) => {
    await checkChartAccess(input.patientId, ctx);
    return audited(ctx, 'record_request.create', await logRecordRequest(ctx.db, ctx.clock, input));
  },
  'recordRequests.extend': async (input, ctx) => {
    await checkRequestAccess(input.id, ctx);
    return audited(ctx, 'record_request.update', await extendRecordRequest(ctx.db, ctx.clock, input), { change: 'extend' });
  },
  'recordRequests.release': async (input, ctx) => {
    await checkRequestAccess(input.id, ctx);
    const released = await releaseRecordRequest(ctx.db, ctx.clock, input, ctx.session.userId);
    return audited(ctx, 'record_request.release', released, { via: input.releasedVia });
  },
  'recordRequests.deny': async (input, ctx) => {
    await checkRequestAccess(input.id, ctx);
    return audited(ctx, 'record_request.update', await denyRecordRequest(ctx.db, ctx.clock, input), { change: 'deny' });
  },
  'recordRequests.withdraw': async (input, ctx) => {
    await checkRequestAccess(input.id, ctx);
    return audited(ctx, 'record_request.update', await withdrawRecordRequest(ctx.db, ctx.clock, input), { change: 'withdraw' });
  },
  'recordRequests.get': async ({ id }, ctx) => {
    await checkRequestAccess(id, ctx);
    return getRecordRequest(ctx.db, ctx.clock, id);
  },
  'recordRequests.listForPatient': async ({ patientId }, ctx) => {
    await checkChartAccess(patientId, ctx);
    return { items: await listRecordRequestsForPatient(ctx.db, ctx.clock, patientId) };
  },
  'recordRequests.listOpen': (input, { db, clock, session }) =>
    listOpenRecordRequests(db, clock, { overdueOnly: input.overdueOnly, mayShow: (patient) => mayOpen(patient, session) }),
  'recordRequests.accounting': async (input, ctx) => {
    await checkChartAccess(input.patientId, ctx);
    return accountingOfDisclosures(ctx.db, ctx.clock, input);
  },
};
