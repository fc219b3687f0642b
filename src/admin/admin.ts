/**
 * Server administration: the calls `Database` offers directly (`db.version()`, `db.metrics()`, …).
 * Each is one documented endpoint; answers keep ArangoDB's attribute names.
 *
 * Not offered: `POST /_admin/execute` runs JavaScript on the server, is disabled by default
 * (`--javascript.allow-admin-execute`) and deprecated — a driver should not invite it.
 */
import { expectOk, expectShape, unexpected, withShape } from '../shape.js';
import type { ArangoResponse } from '../transport/request.js';
import type { Connection } from '../connection.js';
import { ArangoClientError } from '../errors.js';
import type { CallOptions, QueryValue } from '../transport/request.js';
import { attribute, callOptions, objectBody, withoutEnvelope } from './envelope.js';
import { parseMetrics, type Metric } from './metrics.js';
import type {
  Availability,
  CompactOptions,
  EchoResponse,
  EngineInfo,
  JwtSecrets,
  LicenseInfo,
  LogEntries,
  LogEntriesOptions,
  LogLevelOptions,
  ServerMode,
  ServerStatistics,
  ServerStatus,
  StatisticsDescription,
  SupportInfo,
  TlsData,
  VersionInfo,
} from './types.js';
import { describeHandle, inspectable, type HandleDescription } from '../describe.js';

/** Call options (signal, timeout, retryOnConflict) travel in the same bag but are never query parameters. */
const CALL_KEYS: ReadonlySet<string> = new Set(['signal', 'timeout', 'retryOnConflict']);

function setQuery(options: object | undefined): Record<string, QueryValue> {
  const q: Record<string, QueryValue> = {};
  if (!options) return q;
  for (const [k, v] of Object.entries(options)) {
    if (CALL_KEYS.has(k)) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') q[k] = v;
  }
  return q;
}


/** Prometheus text starts with a comment or a sample line (an HTML page or JSON does not). */
const PROMETHEUS_START = /^\s*(#|[a-zA-Z_:][a-zA-Z0-9_:]*[\s{])/;

/** `/_admin/log/level`: topic → level name, or with `withAppenders` the `global` and `appenders` objects. */
function logLevelAnswer(res: ArangoResponse, options: LogLevelOptions | undefined, what: string): Record<string, unknown> {
  const body = withoutEnvelope<Record<string, unknown>>(res, what);
  const ok = options?.withAppenders === true
    ? typeof body.global === 'object' && body.global !== null
    : Object.keys(body).length > 0 && Object.values(body).every((v) => typeof v === 'string');
  if (!ok) throw unexpected(res, options?.withAppenders === true ? `a JSON object with an object "global" (${what})` : `a JSON object of log topics and level names (${what})`);
  return body;
}

/** `/_admin/license` carries at least one of its documented attributes (Community before 3.12.5: only `license`). */
function licenseAnswer(res: ArangoResponse): ArangoResponse {
  const body = objectBody(res, 'license');
  if (typeof body.license !== 'string' && typeof body.features !== 'object' && typeof body.status !== 'string' && typeof body.diskUsage !== 'object') {
    throw unexpected(res, 'a JSON object with "license", "features", "status" or "diskUsage" (license)');
  }
  return res;
}

/**
 * Server administration calls (`/_api/version`, `/_admin/*`). Reached through the {@link Database}
 * methods of the same names (`db.version()`, `db.status()`, …). A request the server refuses rejects
 * with {@link ArangoServerError}; an answer that does not look like ArangoDB's rejects with
 * {@link UnexpectedResponseError}.
 */
export class ServerAdmin {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle('ServerAdmin', this.connection);
  }
  constructor(private readonly connection: Connection) {}

  /** Server name, edition and version; `details` adds build information. */
  async version(options: { details?: boolean } & CallOptions = {}): Promise<VersionInfo> {
    return this.connection.send(
      { operation: 'admin.version', method: 'GET', path: '/_api/version', query: setQuery(options), ...callOptions(options) },
      (res) => {
        const info = withoutEnvelope<VersionInfo>(res, 'version');
        if (typeof info.server !== 'string' || typeof info.version !== 'string') throw unexpected(res, 'ArangoDB\'s version answer: a JSON object with "server" and "version" strings');
        return info;
      },
    );
  }

  /** `GET /_api/engine`: the storage engine (always `rocksdb` in ArangoDB 3.12). */
  async engine(call?: CallOptions): Promise<EngineInfo> {
    return this.connection.send({ operation: 'admin.engine', method: 'GET', path: '/_api/engine', ...callOptions(call) }, (res) =>
      withoutEnvelope<EngineInfo>(withShape(res, { name: 'string' }, 'storage engine'), 'engine'),
    );
  }

  /** `GET /_admin/status` of the server that answers the request (in a cluster: one Coordinator). */
  async status(call?: CallOptions): Promise<ServerStatus> {
    return this.connection.send({ operation: 'admin.status', method: 'GET', path: '/_admin/status', ...callOptions(call) }, (res) =>
      withoutEnvelope<ServerStatus>(withShape(res, { server: 'string', version: 'string', serverInfo: 'object' }, 'server status'), 'status'),
    );
  }

  /** The server's clock as a Unix timestamp in seconds (microsecond precision). */
  async time(call?: CallOptions): Promise<number> {
    return this.connection.send({ operation: 'admin.time', method: 'GET', path: '/_admin/time', ...callOptions(call) }, (res) => {
      const t = attribute<unknown>(res, 'time', 'time');
      if (typeof t !== 'number') throw unexpected(res, 'a JSON object with a numeric "time"');
      return t;
    });
  }

  /**
   * Sends `body` to `POST /_admin/echo` and answers what the server saw of the request.
   *
   * @deprecated ArangoDB deprecates `/_admin/echo` (it belongs to the Actions feature, removed in v4.0).
   */
  async echo(body?: unknown, call?: CallOptions): Promise<EchoResponse> {
    return this.connection.send(
      { operation: 'admin.echo', method: 'POST', path: '/_admin/echo', ...(body === undefined ? {} : { body }), idempotent: true, ...callOptions(call) },
      (res) => withoutEnvelope<EchoResponse>(withShape(res, { requestType: 'string', headers: 'object' }, 'echo'), 'echo'),
    );
  }

  /**
   * `GET /_admin/statistics` of the server that answers.
   *
   * @deprecated Deprecated by ArangoDB since 3.8 and removed in v4.0: use {@link ServerAdmin.metrics}.
   */
  async statistics(call?: CallOptions): Promise<ServerStatistics> {
    return this.connection.send({ operation: 'admin.statistics', method: 'GET', path: '/_admin/statistics', ...callOptions(call) }, (res) =>
      withoutEnvelope<ServerStatistics>(withShape(res, { time: 'number', system: 'object' }, 'statistics'), 'statistics'),
    );
  }

  /**
   * `GET /_admin/statistics-description`: the groups, figures and bucket limits of {@link ServerAdmin.statistics}.
   *
   * @deprecated Deprecated by ArangoDB since 3.8 and removed in v4.0: use {@link ServerAdmin.metrics}.
   */
  async statisticsDescription(call?: CallOptions): Promise<StatisticsDescription> {
    return this.connection.send({ operation: 'admin.statisticsDescription', method: 'GET', path: '/_admin/statistics-description', ...callOptions(call) }, (res) =>
      withoutEnvelope<StatisticsDescription>(withShape(res, { groups: 'array', figures: 'array' }, 'statistics description'), 'statistics description'),
    );
  }

  /**
   * The server's metrics in Prometheus text format, or parsed into metric families with
   * `parse: true`. On a Coordinator, `serverId` reads another server's metrics.
   */
  async metrics(options: { serverId?: string; parse: true } & CallOptions): Promise<Metric[]>;
  async metrics(options?: { serverId?: string; parse?: false } & CallOptions): Promise<string>;
  async metrics(options: { serverId?: string; parse?: boolean } & CallOptions = {}): Promise<string | Metric[]> {
    const query: Record<string, QueryValue> = {};
    if (options.serverId !== undefined) query.serverId = options.serverId;
    const text = await this.connection.send(
      { operation: 'admin.metrics', method: 'GET', path: '/_admin/metrics', query, responseType: 'text', ...callOptions(options) },
      (res) => {
        if (typeof res.body !== 'string' || !PROMETHEUS_START.test(res.body)) throw unexpected(res, 'Prometheus text (metrics)');
        return res.body;
      },
    );
    return options.parse === true ? parseMetrics(text) : text;
  }

  /** Entries of the server's in-memory log (`/_admin/log/entries`). */
  async logEntries(options: LogEntriesOptions & CallOptions = {}): Promise<LogEntries> {
    if (options.upto !== undefined && options.level !== undefined) {
      throw new ArangoClientError('log entries: "upto" and "level" exclude each other');
    }
    return this.connection.send(
      { operation: 'admin.logEntries', method: 'GET', path: '/_admin/log/entries', query: setQuery(options), ...callOptions(options) },
      (res) => {
        const body = objectBody(res, 'log entries');
        if (!Array.isArray(body.messages)) throw unexpected(res, 'a JSON object with a "messages" array (log entries)');
        return { total: typeof body.total === 'number' ? body.total : body.messages.length, messages: body.messages as LogEntries['messages'] };
      },
    );
  }

  /** Log level by topic (or the appender structure with `withAppenders`). */
  async logLevels(options: LogLevelOptions & CallOptions = {}): Promise<Record<string, unknown>> {
    return this.connection.send(
      { operation: 'admin.logLevels', method: 'GET', path: '/_admin/log/level', query: setQuery(options), ...callOptions(options) },
      (res) => logLevelAnswer(res, options, 'log levels'),
    );
  }

  /**
   * Sets log levels: an object `{ topic: level }` (the pseudo-topic `all` sets every topic), or a
   * single level string, which ArangoDB applies to the `general` topic. Answers all levels.
   */
  async setLogLevels(
    levels: Record<string, string> | string,
    options: LogLevelOptions & CallOptions = {},
  ): Promise<Record<string, unknown>> {
    if (typeof levels !== 'string' && (typeof levels !== 'object' || levels === null || Array.isArray(levels))) {
      throw new ArangoClientError('set log levels: expected a level string or an object of topic → level');
    }
    return this.connection.send(
      { operation: 'admin.setLogLevels', method: 'PUT', path: '/_admin/log/level', query: setQuery(options), body: levels, idempotent: true, ...callOptions(options) },
      (res) => logLevelAnswer(res, options, 'set log levels'),
    );
  }

  /** Back to the levels the server started with. */
  async resetLogLevels(options: { serverId?: string } & CallOptions = {}): Promise<Record<string, unknown>> {
    return this.connection.send(
      { operation: 'admin.resetLogLevels', method: 'DELETE', path: '/_admin/log/level', query: setQuery(options), idempotent: true, ...callOptions(options) },
      (res) => logLevelAnswer(res, options, 'reset log levels'),
    );
  }

  /** `readonly` or `default`. */
  async serverMode(call?: CallOptions): Promise<ServerMode> {
    return this.connection.send({ operation: 'admin.serverMode', method: 'GET', path: '/_admin/server/mode', ...callOptions(call) }, (res) =>
      attribute<ServerMode>(res, 'mode', 'server mode'),
    );
  }

  /** Switches the server (the whole cluster, on a Coordinator) to read-only or back. */
  async setServerMode(mode: ServerMode, call?: CallOptions): Promise<ServerMode> {
    if (mode !== 'default' && mode !== 'readonly') {
      throw new ArangoClientError(`set server mode: mode must be "default" or "readonly", got ${JSON.stringify(mode)}`);
    }
    return this.connection.send(
      { operation: 'admin.setServerMode', method: 'PUT', path: '/_admin/server/mode', body: { mode }, idempotent: true, ...callOptions(call) },
      (res) => attribute<ServerMode>(res, 'mode', 'set server mode'),
    );
  }

  /**
   * Whether the server takes arbitrary operations. ArangoDB answers 503 (without a mode) while
   * starting, stopping, read-only or overloaded; that is an answer here, not an error.
   */
  async availability(call?: CallOptions): Promise<Availability> {
    return this.connection.send(
      { operation: 'admin.availability', method: 'GET', path: '/_admin/server/availability', allowStatus: [503], ...callOptions(call) },
      (res) => {
        if (res.status === 503) return { available: false };
        const body = objectBody(res, 'availability');
        if (body.mode !== 'default' && body.mode !== 'readonly') throw unexpected(res, 'a JSON object with "mode" "default" or "readonly" (availability)');
        return { available: true, mode: body.mode };
      },
    );
  }

  /** `GET /_admin/license`: license status, expiry and (Community Edition) the dataset size limit. */
  async license(call?: CallOptions): Promise<LicenseInfo> {
    return this.connection.send({ operation: 'admin.license', method: 'GET', path: '/_admin/license', ...callOptions(call) }, (res) =>
      withoutEnvelope<LicenseInfo>(licenseAnswer(res), 'license'),
    );
  }

  /** Installs a license key (a Base64 string, sent as a JSON string as ArangoDB requires). */
  async setLicense(license: string, force?: boolean, call?: CallOptions): Promise<Record<string, unknown>> {
    if (typeof license !== 'string' || license === '') throw new ArangoClientError('set license: expected the license key string');
    const query: Record<string, QueryValue> = force === undefined ? {} : { force };
    return this.connection.send(
      { operation: 'admin.setLicense', method: 'PUT', path: '/_admin/license', query, body: license, ...callOptions(call) },
      (res) => {
        return expectShape(res, { result: 'object' }, 'set license').result as Record<string, unknown>;
      },
    );
  }

  /**
   * Reloads the routing table from `_routing`.
   *
   * @deprecated ArangoDB deprecates route reloading with the Actions and Foxx features, removed in v4.0.
   */
  async reloadRouting(call?: CallOptions): Promise<void> {
    await this.connection.send({ operation: 'admin.reloadRouting', method: 'POST', path: '/_admin/routing/reload', ...callOptions(call) }, (res) => expectOk(res, 'reload routing'));
  }

  /** Compacts the data of all databases (a long-running, server-wide operation). */
  async compact(options: CompactOptions & CallOptions = {}): Promise<Record<string, unknown>> {
    const body: Record<string, unknown> = {};
    if (options.changeLevel !== undefined) body.changeLevel = options.changeLevel;
    if (options.compactBottomMostLevel !== undefined) body.compactBottomMostLevel = options.compactBottomMostLevel;
    return this.connection.send({ operation: 'admin.compact', method: 'PUT', path: '/_admin/compact', body, ...callOptions(options) }, (res) =>
      withoutEnvelope<Record<string, unknown>>(res, 'compact'),
    );
  }

  /** `GET /_admin/server/tls`: hashes and certificates of the TLS key file, client CA and SNI files. */
  async tls(call?: CallOptions): Promise<TlsData> {
    return this.connection.send({ operation: 'admin.tls', method: 'GET', path: '/_admin/server/tls', ...callOptions(call) }, (res) =>
      attribute<TlsData>(res, 'result', 'tls'),
    );
  }

  /** Re-reads the TLS key and CA files (superuser only). */
  async reloadTls(call?: CallOptions): Promise<TlsData> {
    return this.connection.send({ operation: 'admin.reloadTls', method: 'POST', path: '/_admin/server/tls', ...callOptions(call) }, (res) =>
      attribute<TlsData>(res, 'result', 'reload tls'),
    );
  }

  /** SHA-256 hashes of the active and passive JWT secrets. */
  async jwtSecrets(call?: CallOptions): Promise<JwtSecrets> {
    return this.connection.send({ operation: 'admin.jwtSecrets', method: 'GET', path: '/_admin/server/jwt', ...callOptions(call) }, (res) =>
      attribute<JwtSecrets>(res, 'result', 'jwt secrets'),
    );
  }

  /** Re-reads the JWT secret files (superuser only). */
  async reloadJwtSecrets(call?: CallOptions): Promise<JwtSecrets> {
    return this.connection.send({ operation: 'admin.reloadJwtSecrets', method: 'POST', path: '/_admin/server/jwt', ...callOptions(call) }, (res) =>
      attribute<JwtSecrets>(res, 'result', 'reload jwt secrets'),
    );
  }

  /** Rotates the encryption-at-rest key (Enterprise Edition, superuser only). */
  async encryption(call?: CallOptions): Promise<Record<string, unknown>> {
    return this.connection.send({ operation: 'admin.encryption', method: 'POST', path: '/_admin/server/encryption', ...callOptions(call) }, (res) =>
      attribute<Record<string, unknown>>(res, 'result', 'encryption'),
    );
  }

  /** The deployment's id (a UUID). */
  async deploymentId(call?: CallOptions): Promise<string> {
    return this.connection.send({ operation: 'admin.deploymentId', method: 'GET', path: '/_admin/deployment/id', ...callOptions(call) }, (res) =>
      attribute<string>(res, 'id', 'deployment id'),
    );
  }

  /** Deployment and host information for support; ArangoDB documents it on `_system` only. */
  async supportInfo(call?: CallOptions): Promise<SupportInfo> {
    return this.connection
      .forDatabase('_system')
      .send({ operation: 'admin.supportInfo', method: 'GET', path: '/_admin/support-info', ...callOptions(call) }, (res) =>
        withoutEnvelope<SupportInfo>(withShape(res, { date: 'string', deployment: 'object' }, 'support info'), 'support info'),
      );
  }
}

inspectable(ServerAdmin);
