/** RPC methods of record requests (release of information) and the accounting of disclosures. Spread into the one contract (src-shared/rpc/contract.ts). */
export const recordRequestMethods = {} as const;
