import type { Handlers } from '../../rpc/router';
import { breakGlassReport } from './report';

export const auditHandlers: Pick<Handlers, 'audit.breakGlassReport'> = {
  'audit.breakGlassReport': async (input, { db }) => ({ items: await breakGlassReport(db, input) }),
};
