import type { mergeMethods } from '../../../src-shared/merges/contract';
import type { Handlers } from '../../rpc/router';

export const mergeHandlers: Pick<Handlers, keyof typeof mergeMethods> = {};
