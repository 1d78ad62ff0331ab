/** RPC methods of providers (issue 4 point 2). Spread into the one contract (src-shared/rpc/contract.ts). */
export const providerMethods = {} as const;
