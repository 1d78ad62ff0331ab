import type { providerMethods } from '../../../src-shared/providers/contract';
import type { Handlers } from '../../rpc/router';

export const providerHandlers: Pick<Handlers, keyof typeof providerMethods> = {};
