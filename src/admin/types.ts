/** Shapes of the server administration answers (ArangoDB 3.12 reference). */
import type { ServerMode } from '../cluster/types.js';

export interface VersionInfo {
  server: string;
  license: 'community' | 'enterprise';
  version: string;
  apiVersions?: string[];
  deprecatedApiVersions?: string[];
  requestedApiVersion?: string;
  /** Only with `details: true` (and administrate access to `_system`); all values are strings. */
  details?: Record<string, string>;
}

export interface EngineInfo {
  name: string;
  supports?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ServerStatus {
  server: string;
  license: string;
  version: string;
  mode?: string;
  operationMode?: string;
  foxxApi?: boolean;
  host: string;
  hostname?: string;
  pid: number;
  serverInfo: {
    progress?: { phase: string; feature: string; recoveryTick: number };
    role: 'SINGLE' | 'COORDINATOR' | 'PRIMARY' | 'AGENT';
    writeOpsEnabled?: boolean;
    readOnly: boolean;
    maintenance: boolean;
    persistedId?: string;
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

export type LogLevelName = 'FATAL' | 'ERROR' | 'WARNING' | 'INFO' | 'DEBUG' | 'TRACE' | 'DEFAULT';

export interface LogEntriesOptions {
  /** Entries up to this level (`fatal`…`trace` or 0…5); excludes `level`. */
  upto?: 'fatal' | 'error' | 'warning' | 'info' | 'debug' | 'trace' | 0 | 1 | 2 | 3 | 4 | 5;
  /** Entries of exactly this level; excludes `upto`. */
  level?: 'fatal' | 'error' | 'warning' | 'info' | 'debug' | 'trace' | 0 | 1 | 2 | 3 | 4 | 5;
  /** Entries with an `id` at least this. */
  start?: number;
  size?: number;
  offset?: number;
  search?: string;
  sort?: 'asc' | 'desc';
  /** Coordinators only: read another server's log. */
  serverId?: string;
}

export interface LogEntry {
  id: number;
  topic: string;
  level: string;
  /** ISO 8601 time. */
  date: string;
  message: string;
}

export interface LogEntries {
  total: number;
  messages: LogEntry[];
}

export interface LogLevelOptions {
  serverId?: string;
  /** Per-appender settings: `{ global: {...}, appenders: { name: {...} } }`. */
  withAppenders?: boolean;
}

export type { ServerMode } from '../cluster/types.js';

export interface Availability {
  /** `false` when the server answers 503 (startup, shutdown, read-only, overload). */
  available: boolean;
  mode?: ServerMode;
}

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

export interface CompactOptions {
  changeLevel?: boolean;
  compactBottomMostLevel?: boolean;
}

export interface TlsFileInfo {
  sha256?: string;
  certificates?: string[];
  privateKeySha256?: string;
}

export interface TlsData {
  keyfile?: TlsFileInfo;
  clientCA?: TlsFileInfo;
  SNI?: Record<string, TlsFileInfo>;
}

export interface JwtSecrets {
  active: { sha256: string };
  passive: { sha256: string }[];
}

export interface SupportInfo {
  date: string;
  deployment: { type: string; [key: string]: unknown };
  host?: Record<string, unknown>;
  [key: string]: unknown;
}
