/** The two IPC channels between the preload and the main process; there are no others. */
export const RPC_CHANNEL = 'rpc';
export const CHANGES_CHANNEL = 'changes';
