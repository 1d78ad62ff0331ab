/** RPC methods of payers and patients' coverages. Spread into the one contract (src-shared/rpc/contract.ts). */
export const insuranceMethods = {} as const;
