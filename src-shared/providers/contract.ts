import { defineMethod } from '../rpc/define';
import { providerCreateInput, providerListInput, providerListOutput, providerSchema, providerUpdateInput } from './schema';

/** RPC methods of providers (issue 4 point 2). Spread into the one contract (src-shared/rpc/contract.ts). */
export const providerMethods = {
  /** Active providers by family name (every provider with includeInactive): pickers and the admin list. */
  'providers.list': defineMethod({ input: providerListInput, output: providerListOutput, permission: 'patients.read', kind: 'read' }),
  /** Refused with CONFLICT (field npi) when another provider has the NPI. */
  'providers.create': defineMethod({ input: providerCreateInput, output: providerSchema, permission: 'providers.manage', kind: 'write' }),
  /** Changes the fields sent; `active` deactivates or reactivates. */
  'providers.update': defineMethod({ input: providerUpdateInput, output: providerSchema, permission: 'providers.manage', kind: 'write' }),
} as const;
