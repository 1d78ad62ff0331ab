import type { insuranceMethods } from '../../../src-shared/insurance/contract';
import type { Handlers } from '../../rpc/router';

export const insuranceHandlers: Pick<Handlers, keyof typeof insuranceMethods> = {};
