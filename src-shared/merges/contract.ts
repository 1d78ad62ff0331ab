/** RPC methods of merging two charts and undoing it. Spread into the one contract (src-shared/rpc/contract.ts). */
export const mergeMethods = {} as const;
