import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { httpError } from '../errors.js';
import { ARANGO_VERSION } from '../store/server-state.js';
import { backupTimestamp, backupsOf, type Backup } from '../store/backups.js';

/**
 * `/_admin/backup/*` (hot backups). create, list, delete and restore are real: they snapshot
 * and restore the deployment's in-memory state (store/backups.ts). upload and download move
 * backups to and from a remote repository with rclone on a real server; the emulator has no
 * remote repositories, so a transfer is accepted (202 with its id, as ArangoDB schedules it)
 * and its progress then reports every DB-server as FAILED with
 * ERROR_FAILED_TO_UPLOAD_BACKUP / ERROR_FAILED_TO_DOWNLOAD_BACKUP — what a server reports when
 * the transfer cannot reach the repository.
 */

function body(req: EmuRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  const b = req.json<unknown>();
  if (b === null || typeof b !== 'object' || Array.isArray(b)) {
    throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'expecting a JSON object as body');
  }
  return b as Record<string, unknown>;
}

function dbServerIds(req: EmuRequest): string[] {
  const state = req.ctx.state;
  if (!state.isCluster) return [req.ctx.server.id];
  return state.nodesByRole('PRIMARY').map((n) => n.id);
}

function ok(status: number, result: unknown): EmuResponse {
  return { status, body: { error: false, code: status, result } };
}

function requireId(b: Record<string, unknown>): string {
  if (typeof b.id !== 'string' || b.id === '') throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', "expecting 'id' to be a backup id");
  return b.id;
}

function create(req: EmuRequest): EmuResponse {
  req.ctx.requireAdmin();
  const b = body(req);
  let label: string | undefined;
  if (b.label !== undefined) {
    // The label becomes part of the backup id (and a directory name on a real server).
    if (typeof b.label !== 'string' || !/^[A-Za-z0-9_\-.]+$/.test(b.label)) {
      throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', "'label' must be a string of letters, digits, '_', '-' and '.'");
    }
    label = b.label;
  }
  for (const k of ['allowInconsistent', 'force'] as const) {
    if (b[k] !== undefined && typeof b[k] !== 'boolean') throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', `'${k}' must be a boolean`);
  }
  if (b.timeout !== undefined && (typeof b.timeout !== 'number' || !(b.timeout > 0))) {
    throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', "'timeout' must be a positive number of seconds");
  }
  const backup = backupsOf(req.ctx.state).create(label, ARANGO_VERSION, dbServerIds(req).length);
  return ok(201, {
    id: backup.id,
    potentiallyInconsistent: false,
    sizeInBytes: backup.sizeInBytes,
    datetime: backup.datetime,
    nrDBServers: backup.nrDBServers,
    nrFiles: backup.nrFiles,
  });
}

function describe(b: Backup): Record<string, unknown> {
  return {
    id: b.id,
    version: b.version,
    datetime: b.datetime,
    keys: [],
    sizeInBytes: b.sizeInBytes,
    nrFiles: b.nrFiles,
    nrDBServers: b.nrDBServers,
    available: true,
    nrPiecesPresent: b.nrDBServers,
    potentiallyInconsistent: false,
    countIncludesFilesOnly: true,
  };
}

function list(req: EmuRequest): EmuResponse {
  req.ctx.requireAdmin();
  const b = body(req);
  const store = backupsOf(req.ctx.state);
  let backups = store.list();
  if (b.id !== undefined) {
    const ids = Array.isArray(b.id) ? b.id : [b.id];
    if (!ids.every((i) => typeof i === 'string')) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', "'id' must be a string or an array of strings");
    backups = (ids as string[]).map((i) => store.get(i));
  }
  const result: Record<string, unknown> = {};
  // A single server names itself in the answer (`server`); the cluster answer has no such field.
  if (!req.ctx.state.isCluster) result.server = req.ctx.server.id;
  result.list = Object.fromEntries(backups.map((x) => [x.id, describe(x)]));
  return ok(200, result);
}

function remove(req: EmuRequest): EmuResponse {
  req.ctx.requireAdmin();
  backupsOf(req.ctx.state).delete(requireId(body(req)));
  return ok(200, {});
}

function restore(req: EmuRequest): EmuResponse {
  req.ctx.requireAdmin();
  const id = requireId(body(req));
  const store = backupsOf(req.ctx.state);
  store.get(id);
  // ArangoDB answers with where the replaced state went; here that is a fresh backup of it.
  const previous = store.create(`before-restore-${Date.now()}`, ARANGO_VERSION, dbServerIds(req).length);
  store.restore(id);
  return ok(200, { previous: previous.id });
}

// ---- upload / download ------------------------------------------------------------------------

interface Transfer {
  id: string;
  backupId: string;
  timestamp: string;
  cancelled: boolean;
  kind: 'upload' | 'download';
  /** Finished (only transfers to a `local` repository can finish in the emulator). */
  done: boolean;
}

const transfers = new WeakMap<object, Map<string, Transfer>>();

function transfersOf(state: object): Map<string, Transfer> {
  let m = transfers.get(state);
  if (!m) {
    m = new Map();
    transfers.set(state, m);
  }
  return m;
}

function transfer(kind: 'upload' | 'download') {
  const idField = kind === 'upload' ? 'uploadId' : 'downloadId';
  const idKey = kind === 'upload' ? 'UploadId' : 'DownloadId';
  return (req: EmuRequest): EmuResponse => {
    req.ctx.requireAdmin();
    const b = body(req);
    const all = transfersOf(req.ctx.state);
    const existing = b[idField];
    if (existing !== undefined) {
      const t = typeof existing === 'string' ? all.get(existing) : undefined;
      if (!t || t.kind !== kind) throw httpError(404, 'ERROR_HTTP_NOT_FOUND', `no ${kind} with id '${String(existing)}'`);
      if (b.abort === true) t.cancelled = true;
      // A single server reports itself as `SNGL` here (3.12.10 transcripts).
      const names = req.ctx.state.isCluster ? dbServerIds(req) : ['SNGL'];
      const servers = Object.fromEntries(
        names.map((s) => [
          s,
          t.done ? { Status: 'COMPLETED' } : {
            Status: 'FAILED',
            Error: kind === 'upload' ? 7005 : 7006,
            ErrorMessage: `${kind === 'upload' ? 'failed to upload hot backup set to remote target' : 'failed to download hot backup set from remote source'}: the emulator reaches no remote repositories but 'local' ones`,
          },
        ]),
      );
      return ok(200, { Timestamp: t.timestamp, [idKey]: t.id, Cancelled: t.cancelled, BackupId: t.backupId, DBServers: servers });
    }
    const id = requireId(b);
    if (kind === 'upload') backupsOf(req.ctx.state).get(id);
    if (typeof b.remoteRepository !== 'string' || b.remoteRepository === '') {
      throw httpError(400, 'ERROR_REMOTE_REPOSITORY_CONFIG_BAD', "'remoteRepository' is required");
    }
    if (b.config === null || typeof b.config !== 'object' || Array.isArray(b.config)) {
      throw httpError(400, 'ERROR_REMOTE_REPOSITORY_CONFIG_BAD', "'config' must be an object");
    }
    // `local` repositories (rclone type local: a directory of the server) are kept in memory;
    // transfers to any other kind fail, since the emulator reaches no remote storage.
    const repo = b.remoteRepository;
    const repoName = /^([\w-]+):/.exec(repo)?.[1] ?? '';
    const repoConfig = (b.config as Record<string, unknown>)[repoName] as Record<string, unknown> | undefined;
    const local = repoName === 'local' && repoConfig?.type === 'local';
    const store = backupsOf(req.ctx.state);
    let done = false;
    if (local) {
      if (kind === 'upload') {
        store.upload(id, repo);
        done = true;
      } else {
        done = store.download(id, repo);
      }
    }
    const t: Transfer = { id: req.ctx.newServerTick(), backupId: id, timestamp: backupTimestamp(), cancelled: false, kind, done };
    all.set(t.id, t);
    return ok(202, { [idField]: t.id });
  };
}

export function register(router: Router): void {
  router.post('/_admin/backup/create', create);
  router.post('/_admin/backup/list', list);
  router.post('/_admin/backup/delete', remove);
  router.post('/_admin/backup/restore', restore);
  router.post('/_admin/backup/upload', transfer('upload'));
  router.post('/_admin/backup/download', transfer('download'));
}
