/**
 * Hot backups (`/_admin/backup/*`, Enterprise Edition). Every call is a POST with a JSON body, as
 * ArangoDB documents; answers carry the payload under `result`.
 */
import { unexpected } from '../shape.js';
import type { Connection } from '../connection.js';
import { ArangoClientError } from '../errors.js';
import type { CallOptions } from '../transport/request.js';
import { attribute, callOptions, isJsonObject, UnexpectedResponseError } from '../admin/envelope.js';
import { describeHandle, inspectable, type HandleDescription } from '../describe.js';

export interface CreateBackupOptions {
  /** Appended to the generated id. */
  label?: string;
  /**
   * Seconds to try to get a consistent snapshot (server default 120), sent as ArangoDB's `timeout`.
   * Renamed because these options also carry the call options, whose `timeout` is the whole
   * call's limit in milliseconds, as everywhere else in the driver.
   */
  lockTimeout?: number;
  /** Take a possibly inconsistent backup when no global lock can be had. */
  allowInconsistent?: boolean;
  /** Abort running transactions to get the lock. */
  force?: boolean;
}

export interface BackupCreated {
  id: string;
  potentiallyInconsistent: boolean;
  sizeInBytes: number;
  datetime: string;
  nrDBServers: number;
  nrFiles: number;
}

export interface BackupInfo {
  id: string;
  version: string;
  datetime: string;
  keys?: unknown[];
  sizeInBytes: number;
  nrFiles: number;
  nrDBServers: number;
  available: boolean;
  nrPiecesPresent: number;
  potentiallyInconsistent: boolean;
  countIncludesFilesOnly?: boolean;
  [key: string]: unknown;
}

export interface BackupList {
  server?: string;
  list: Record<string, BackupInfo>;
}

/** Where to upload to / download from, in rclone's terms. */
export interface BackupTransferOptions {
  id: string;
  /** e.g. `"S3://bucket/path"` or `"local://tmp/backups"`. */
  remoteRepository: string;
  /** rclone configuration of the repository, e.g. `{ local: { type: 'local' } }`. */
  config: Record<string, unknown>;
}

export interface BackupTransferStatus {
  Timestamp: string;
  BackupId: string;
  Cancelled: boolean;
  UploadId?: string;
  DownloadId?: string;
  DBServers: Record<string, { Status: string; Progress?: Record<string, unknown>; Error?: number; ErrorMessage?: string }>;
  [key: string]: unknown;
}

function checkId(id: unknown, what: string): string {
  if (typeof id !== 'string' || id === '') throw new ArangoClientError(`${what}: expected a backup id`);
  return id;
}

function checkTransfer(options: BackupTransferOptions, what: string): Record<string, unknown> {
  checkId(options?.id, what);
  if (typeof options.remoteRepository !== 'string' || options.remoteRepository === '') {
    throw new ArangoClientError(`${what}: "remoteRepository" is required`);
  }
  if (!isJsonObject(options.config)) throw new ArangoClientError(`${what}: "config" must be an object`);
  return { id: options.id, remoteRepository: options.remoteRepository, config: options.config };
}

export class Backups {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle('Backups', this.connection);
  }
  constructor(private readonly connection: Connection) {}

  private post<T>(op: string, body: Record<string, unknown> | undefined, call: CallOptions | undefined, what: string, operation: string): Promise<T> {
    return this.connection.send({ operation, method: 'POST', path: `/_admin/backup/${op}`, ...(body === undefined ? {} : { body }), ...callOptions(call) }, (res) =>
      attribute<T>(res, 'result', what),
    );
  }

  async create(options: CreateBackupOptions & CallOptions = {}): Promise<BackupCreated> {
    const body: Record<string, unknown> = {};
    for (const k of ['label', 'allowInconsistent', 'force'] as const) {
      if (options[k] !== undefined) body[k] = options[k];
    }
    if (options.lockTimeout !== undefined) body.timeout = options.lockTimeout;
    return this.post<BackupCreated>('create', body, options, 'create backup', 'backup.create');
  }

  /** All backups, or only the given ids (unknown ids are a 404 error). */
  async list(ids?: string | readonly string[], call?: CallOptions): Promise<BackupList> {
    // openapi_3.12_hot-backups.txt: "The body can either be empty (in which case all available backups are listed)".
    const body =
      ids === undefined ? undefined : { id: typeof ids === 'string' ? checkId(ids, 'list backups') : ids.map((i) => checkId(i, 'list backups')) };
    return this.connection.send({ operation: 'backup.list', method: 'POST', path: '/_admin/backup/list', ...(body === undefined ? {} : { body }), ...callOptions(call) }, (res) => {
      const result = attribute<BackupList>(res, 'result', 'list backups');
      if (!isJsonObject(result) || !isJsonObject(result.list)) throw unexpected(res, 'a JSON object with a "result" holding the backup "list"');
      return result;
    });
  }

  /** One backup's description (python-arango's `backup.get(id)`). */
  async get(id: string, call?: CallOptions): Promise<BackupInfo> {
    const { list } = await this.list(checkId(id, 'get backup'), call);
    const info = list[id];
    if (info === undefined) throw new UnexpectedResponseError(`a backup list that includes ${JSON.stringify(id)} (get backup)`, { method: 'POST', path: '/_admin/backup/list' });
    return info;
  }

  /** Restores a backup; the server restarts its data in place. */
  async restore(id: string, call?: CallOptions): Promise<Record<string, unknown>> {
    return this.post<Record<string, unknown>>('restore', { id: checkId(id, 'restore backup') }, call, 'restore backup', 'backup.restore');
  }

  async delete(id: string, call?: CallOptions): Promise<void> {
    await this.post<unknown>('delete', { id: checkId(id, 'delete backup') }, call, 'delete backup', 'backup.delete');
  }

  /** Starts uploading a backup to a remote repository; answers the id to poll with `uploadStatus`. */
  async upload(options: BackupTransferOptions & CallOptions): Promise<{ uploadId: string }> {
    return this.post<{ uploadId: string }>('upload', checkTransfer(options, 'upload backup'), options, 'upload backup', 'backup.upload');
  }

  async uploadStatus(uploadId: string, call?: CallOptions): Promise<BackupTransferStatus> {
    return this.post<BackupTransferStatus>('upload', { uploadId: checkId(uploadId, 'upload status') }, call, 'upload status', 'backup.uploadStatus');
  }

  async abortUpload(uploadId: string, call?: CallOptions): Promise<BackupTransferStatus> {
    return this.post<BackupTransferStatus>('upload', { uploadId: checkId(uploadId, 'abort upload'), abort: true }, call, 'abort upload', 'backup.abortUpload');
  }

  /** Starts downloading a backup from a remote repository; poll with `downloadStatus`. */
  async download(options: BackupTransferOptions & CallOptions): Promise<{ downloadId: string }> {
    return this.post<{ downloadId: string }>('download', checkTransfer(options, 'download backup'), options, 'download backup', 'backup.download');
  }

  async downloadStatus(downloadId: string, call?: CallOptions): Promise<BackupTransferStatus> {
    return this.post<BackupTransferStatus>('download', { downloadId: checkId(downloadId, 'download status') }, call, 'download status', 'backup.downloadStatus');
  }

  async abortDownload(downloadId: string, call?: CallOptions): Promise<BackupTransferStatus> {
    return this.post<BackupTransferStatus>(
      'download',
      { downloadId: checkId(downloadId, 'abort download'), abort: true },
      call,
      'abort download', 'backup.abortDownload',
    );
  }
}

inspectable(Backups);
