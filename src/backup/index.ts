export { Backups } from './backup.js';
export type { BackupCreated, BackupInfo, BackupList, BackupTransferOptions, BackupTransferStatus, CreateBackupOptions } from './backup.js';
