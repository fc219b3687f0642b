/** Shapes of the server administration answers (ArangoDB 3.12 reference). */
import type { ServerMode } from '../cluster/types.js';

/**
 * What `GET /_api/version` answers: the server's name (always `"arango"` for ArangoDB), its edition
 * and version, and the HTTP API versions it serves.
 */
export interface VersionInfo {
  /** Always `"arango"` for ArangoDB (`client.db(…, { verify: true })` checks it). */
  server: string;
  /** Whether the build includes the Enterprise features. */
  license: 'community' | 'enterprise';
  /** The server version, `major.minor.sub` (e.g. `3.12.4`). */
  version: string;
  apiVersions?: string[];
  deprecatedApiVersions?: string[];
  requestedApiVersion?: string;
  /** Only with `details: true` (and administrate access to `_system`); all values are strings. */
  details?: Record<string, string>;
}

/**
 * `GET /_api/engine`: the storage engine. `name` is always `rocksdb` in 3.12; `supports` lists what
 * the engine supports (index types, aliases) and stays opaque here.
 */
export interface EngineInfo {
  name: string;
  supports?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * `GET /_admin/status` of the server that answers: version, process id, and in `serverInfo` its role,
 * read-only and maintenance flags and (in a cluster) its server id and reboot id. `mode`,
 * `operationMode` and `foxxApi` are deprecated by ArangoDB. On a Coordinator, `coordinator` names the
 * Foxx master; on an Agent, `agent` describes its leadership.
 */
export interface ServerStatus {
  server: string;
  license: string;
  version: string;
  mode?: string;
  operationMode?: string;
  foxxApi?: boolean;
  /** Host identifier from the server's `HOST` or `NODE_NAME` environment variable. */
  host: string;
  hostname?: string;
  /** Process id of `arangod`. */
  pid: number;
  serverInfo: {
    progress?: { phase: string; feature: string; recoveryTick: number };
    role: 'SINGLE' | 'COORDINATOR' | 'PRIMARY' | 'AGENT';
    writeOpsEnabled?: boolean;
    readOnly: boolean;
    maintenance: boolean;
    persistedId?: string;
    /** Changes on every restart of the server. */
    rebootId?: number;
    state?: 'STARTUP' | 'SERVING' | 'SHUTDOWN';
    address?: string;
    serverId?: string;
    [key: string]: unknown;
  };
  agency?: { agencyComm?: { endpoints?: string[] } };
  coordinator?: { foxxmaster?: string; isFoxxmaster?: boolean };
  agent?: Record<string, unknown>;
  [key: string]: unknown;
}

/** What `POST /_admin/echo` reflects back about the request. */
export interface EchoResponse {
  authorized: boolean;
  user: string;
  isAdminUser?: boolean;
  database: string;
  url: string;
  protocol: string;
  portType: string;
  server: { address: string; port: number; endpoint: string };
  client: { address: string; port: number; id: string };
  internals: Record<string, unknown>;
  prefix: unknown;
  headers: Record<string, string>;
  requestType: string;
  requestBody: string;
  rawRequestBody: unknown;
  parameters: Record<string, string>;
  cookies: Record<string, string>;
  suffix: string[];
  rawSuffix: string[];
  path: string;
}

/** `/_admin/statistics`: the same shape the cluster API reads from other servers. */
export type { ServerStatistics } from '../cluster/types.js';

/**
 * `GET /_admin/statistics-description`: the statistics groups and, per figure, its group, name,
 * description, kind (`current`, `accumulated` or `distribution`), unit and, for distributions, the
 * bucket limits (`cuts`).
 */
export interface StatisticsDescription {
  groups: { group: string; name: string; description: string }[];
  figures: {
    group: string;
    identifier: string;
    name: string;
    description: string;
    type: 'current' | 'accumulated' | 'distribution';
    units: string;
    cuts?: number[];
  }[];
}

/** A log level as `/_admin/log/level` reports and accepts it; `DEFAULT` resets a topic to its start-up level. */
export type LogLevelName = 'FATAL' | 'ERROR' | 'WARNING' | 'INFO' | 'DEBUG' | 'TRACE' | 'DEFAULT';

/**
 * Filters for `GET /_admin/log/entries`. The server keeps a limited number of entries in memory; the
 * options page through those.
 */
export interface LogEntriesOptions {
  /** Entries up to this level (`fatal`…`trace` or 0…5); excludes `level`. */
  upto?: 'fatal' | 'error' | 'warning' | 'info' | 'debug' | 'trace' | 0 | 1 | 2 | 3 | 4 | 5;
  /** Entries of exactly this level; excludes `upto`. */
  level?: 'fatal' | 'error' | 'warning' | 'info' | 'debug' | 'trace' | 0 | 1 | 2 | 3 | 4 | 5;
  /** Entries with an `id` at least this. */
  start?: number;
  /** At most this many entries. */
  size?: number;
  /** Skips this many entries (after `sort`). */
  offset?: number;
  /** Only entries whose message contains this text. */
  search?: string;
  /** By `id`, ascending (the default) or descending. */
  sort?: 'asc' | 'desc';
  /** Coordinators only: read another server's log. */
  serverId?: string;
}

/** One entry of the server's in-memory log: a sequential `id`, the log topic, the level name and the message. */
export interface LogEntry {
  id: number;
  topic: string;
  level: string;
  /** ISO 8601 time. */
  date: string;
  message: string;
}

/** The answer of `GET /_admin/log/entries`: `total` entries matched (before `size`/`offset`), `messages` the page. */
export interface LogEntries {
  total: number;
  messages: LogEntry[];
}

/** Options of the `/_admin/log/level` calls. */
export interface LogLevelOptions {
  /** Coordinators only: read or set another server's levels. */
  serverId?: string;
  /** Per-appender settings: `{ global: {...}, appenders: { name: {...} } }`. */
  withAppenders?: boolean;
}

export type { ServerMode } from '../cluster/types.js';

/** The answer of {@link ServerAdmin.availability} (`GET /_admin/server/availability`). */
export interface Availability {
  /** `false` when the server answers 503 (startup, shutdown, read-only, overload). */
  available: boolean;
  /** `readonly` or `default` when the server answered 200. */
  mode?: ServerMode;
}

/**
 * `GET /_admin/license`: the license and, in the Community Edition (3.12.5+), the dataset size limit.
 * `features.expires` is a Unix timestamp in seconds; `license` the Base64 license key; `status`
 * `good`, `expiring` or `read-only`. `diskUsage` (Community Edition): bytes used and the limit, and
 * the seconds left before the deployment turns read-only or shuts down. Before 3.12.5 the Community
 * Edition answers only `{ license: "none" }`.
 */
export interface LicenseInfo {
  features?: { expires: number };
  license?: string;
  hash?: string;
  version?: number;
  status?: 'good' | 'expiring' | 'read-only';
  upgrading?: boolean;
  diskUsage?: {
    bytesUsed: number;
    bytesLimit: number;
    limitReached: boolean;
    secondsUntilReadOnly: number;
    secondsUntilShutDown: number;
    status: 'good' | 'limit-reached' | 'read-only' | 'shutdown';
  };
  [key: string]: unknown;
}

/** Body of `PUT /_admin/compact`; both default to `false`. */
export interface CompactOptions {
  /** Move compacted data to the lowest possible level. */
  changeLevel?: boolean;
  /** Compact the bottommost level of data too. */
  compactBottomMostLevel?: boolean;
}

/**
 * What the server reports about one TLS file: the SHA-256 of the whole file, the public certificates
 * of the chain, and (key files only) the SHA-256 of the private key.
 */
export interface TlsFileInfo {
  sha256?: string;
  certificates?: string[];
  privateKeySha256?: string;
}

/**
 * `GET /_admin/server/tls` (`result`): the server's key file, the CA used to verify client
 * certificates and, with server name indication, one key file per server name in `SNI`.
 */
export interface TlsData {
  keyfile?: TlsFileInfo;
  clientCA?: TlsFileInfo;
  SNI?: Record<string, TlsFileInfo>;
}

/**
 * `GET /_admin/server/jwt` (`result`): SHA-256 hashes of the active JWT secret (used to sign) and of the
 * passive ones (still accepted to verify).
 */
export interface JwtSecrets {
  active: { sha256: string };
  passive: { sha256: string }[];
}

/**
 * `GET /_db/_system/_admin/support-info`: `date` (ISO 8601, when asked), `deployment` (at least a
 * `type`: the deployment mode, and in a cluster the other servers) and `host` (version, operating
 * system, CPU, storage, a few metrics). The server answers 404 when `--server.support-info-api`
 * turns the API off.
 */
export interface SupportInfo {
  date: string;
  deployment: { type: string; [key: string]: unknown };
  host?: Record<string, unknown>;
  [key: string]: unknown;
}
