export { Replication } from './replication.js';
export type {
  ApplierConfig,
  ApplierState,
  DumpBatch,
  DumpEntry,
  DumpOptions,
  DumpResult,
  InventoryOptions,
  LoggerState,
  ReplicationInventory,
} from './replication.js';
export type { ReplicationHeaders } from './dump-lines.js';
