import { defineMethod } from '../rpc/define';
import { providerListInput, providerListOutput } from './schema';

/** RPC methods of providers (issue 4 point 2). Spread into the one contract (src-shared/rpc/contract.ts). */
export const providerMethods = {
  /** Active providers by family name (every provider with includeInactive): pickers and the admin list. */
  'providers.list': defineMethod({ input: providerListInput, output: providerListOutput, permission: 'patients.read', kind: 'read' }),
} as const;
