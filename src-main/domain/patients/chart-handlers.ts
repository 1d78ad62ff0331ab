import type { chartMethods } from '../../../src-shared/patients/chart-contract';
import type { Handlers } from '../../rpc/router';

export const chartHandlers: Pick<Handlers, keyof typeof chartMethods> = {};
