import type { recordRequestMethods } from '../../../src-shared/record-requests/contract';
import type { Handlers } from '../../rpc/router';

export const recordRequestHandlers: Pick<Handlers, keyof typeof recordRequestMethods> = {};
