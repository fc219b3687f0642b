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

/** Options of {@link Backups.create} (`POST /_admin/backup/create`). */
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

/**
 * What `create()` answers: the new backup's id (`<datetime>_<label>`), whether it may be
 * inconsistent (taken with `allowInconsistent` without the global lock), its size in bytes, ISO
 * 8601 creation time, and the numbers of DB-Servers and files it covers.
 */
export interface BackupCreated {
  id: string;
  potentiallyInconsistent: boolean;
  sizeInBytes: number;
  datetime: string;
  nrDBServers: number;
  nrFiles: number;
}

/**
 * One local backup as `POST /_admin/backup/list` describes it: id, the ArangoDB version that took it,
 * creation time (ISO 8601), size in bytes, files and DB-Servers, whether it is `available` (all
 * pieces present: `nrPiecesPresent` of `nrDBServers`) and whether it may be inconsistent.
 */
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

/** What `list()` answers: the backups by id (`list`) and, in a cluster, the answering server. */
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

/**
 * Progress of an upload or download (the `Timestamp`, `BackupId` and `Cancelled` flag), per DB-Server
 * in `DBServers`: its `Status` (e.g. `STARTED`, `COMPLETED`, `FAILED`), `Progress` and, on failure,
 * `Error`/`ErrorMessage`. Attribute names are ArangoDB's (capitalized).
 */
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

/**
 * Hot backups (`/_admin/backup/*`), `db.backup`: consistent snapshots of the whole deployment taken
 * under a global write lock, stored next to the data until uploaded. Enterprise Edition; other
 * servers answer with an {@link ArangoServerError}. A missing or malformed answer rejects with
 * {@link UnexpectedResponseError}; an empty id is refused with an {@link ArangoClientError}.
 */
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

  /**
   * Takes a backup as soon as a global write lock can be had within `lockTimeout` seconds.
   *
   * @throws {@link ArangoServerError} 408 when no lock could be had in time (unless `allowInconsistent`).
   */
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

  /** `POST /_admin/backup/delete`: deletes the local backup `id` (404 when there is none). */
  async delete(id: string, call?: CallOptions): Promise<void> {
    await this.post<unknown>('delete', { id: checkId(id, 'delete backup') }, call, 'delete backup', 'backup.delete');
  }

  /** Starts uploading a backup to a remote repository; answers the id to poll with `uploadStatus`. */
  async upload(options: BackupTransferOptions & CallOptions): Promise<{ uploadId: string }> {
    return this.post<{ uploadId: string }>('upload', checkTransfer(options, 'upload backup'), options, 'upload backup', 'backup.upload');
  }

  /** Status of the upload `uploadId` (from `upload()`). */
  async uploadStatus(uploadId: string, call?: CallOptions): Promise<BackupTransferStatus> {
    return this.post<BackupTransferStatus>('upload', { uploadId: checkId(uploadId, 'upload status') }, call, 'upload status', 'backup.uploadStatus');
  }

  /** Aborts the upload `uploadId`; answers its status. */
  async abortUpload(uploadId: string, call?: CallOptions): Promise<BackupTransferStatus> {
    return this.post<BackupTransferStatus>('upload', { uploadId: checkId(uploadId, 'abort upload'), abort: true }, call, 'abort upload', 'backup.abortUpload');
  }

  /** Starts downloading a backup from a remote repository; poll with `downloadStatus`. */
  async download(options: BackupTransferOptions & CallOptions): Promise<{ downloadId: string }> {
    return this.post<{ downloadId: string }>('download', checkTransfer(options, 'download backup'), options, 'download backup', 'backup.download');
  }

  /** Status of the download `downloadId` (from `download()`). */
  async downloadStatus(downloadId: string, call?: CallOptions): Promise<BackupTransferStatus> {
    return this.post<BackupTransferStatus>('download', { downloadId: checkId(downloadId, 'download status') }, call, 'download status', 'backup.downloadStatus');
  }

  /** Aborts the download `downloadId`; answers its status. */
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
