import type { auditMethods } from '../../../src-shared/audit/contract';
import type { Handlers } from '../../rpc/router';
import { recordClientEvent } from './client-events';
import { auditUsers, patientAccessReport, searchAuditLog } from './entries';
import { breakGlassReport } from './report';

export const auditHandlers: Pick<Handlers, 'audit.breakGlassReport' | keyof typeof auditMethods> = {
  'audit.breakGlassReport': async (input, { db }) => ({ items: await breakGlassReport(db, input) }),
  'audit.recordClientEvent': (input, ctx) => recordClientEvent(ctx, input),
  'audit.search': (input, { db }) => searchAuditLog(db, input),
  'audit.patientAccess': (input, { db }) => patientAccessReport(db, input),
  'audit.users': async (_input, { db }) => ({ items: await auditUsers(db) }),
};
