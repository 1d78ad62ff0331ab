/** RPC methods of the rest of the chart: contacts, edit history. Spread into the one contract (src-shared/rpc/contract.ts). */
export const chartMethods = {} as const;
