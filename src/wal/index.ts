export { Wal } from './wal.js';
export type { WalEntry, WalLastTick, WalProperties, WalTailOptions, WalTailResult, WalTickRange, WalTransactions } from './wal.js';
