import type { auditMethods } from '../../../src-shared/audit/contract';
import type { Handlers } from '../../rpc/router';
import { recordClientEvent } from './client-events';
import { breakGlassReport } from './report';

export const auditHandlers: Pick<Handlers, 'audit.breakGlassReport' | keyof typeof auditMethods> = {
  'audit.breakGlassReport': async (input, { db }) => ({ items: await breakGlassReport(db, input) }),
  'audit.recordClientEvent': (input, ctx) => recordClientEvent(ctx, input),
};
