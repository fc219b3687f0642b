/**
 * Server administration (openapi_3.12_administration.txt, monitoring_*.txt, security.txt):
 * version, engine, status, time, echo, statistics, metrics, log, server id/role/mode/
 * availability, license, compact, routing reload, tls, support info, shutdown progress.
 */
import { flag } from '../http/params.js';
import os from 'node:os';
import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { httpError } from '../errors.js';
import { ARANGO_VERSION, LOG_LEVELS, type Histogram, type ServerNode, type ServerState } from '../store/server-state.js';

const ok = (body: Record<string, unknown>, status = 200): EmuResponse => ({ status, body: { error: false, code: status, ...body } });

export function versionBody(req: EmuRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { server: 'arango', license: 'community', version: ARANGO_VERSION };
  // RestVersionHandler gives version and details to whoever `canUseHardenedAction` allows: every
  // authenticated user unless the server runs with --server.harden, which the emulator never does
  // (the docs say "admin users", the source wins). The API versions follow (3.12.9+, RestVersionHandler::getVersion).
  if (flag(req, 'details')) body.details = versionDetails(req.ctx.server);
  body.apiVersions = ['v0'];
  body.deprecatedApiVersions = [];
  body.requestedApiVersion = 'v0';
  return body;
}

function versionDetails(node: ServerNode): Record<string, string> {
  return {
    architecture: '64bit', arm: String(process.arch.startsWith('arm')), asan: 'false', assertions: 'false',
    'build-date': '2024-01-01 00:00:00', 'build-repository': `tags/v${ARANGO_VERSION}`, compiler: 'emulator',
    cplusplus: '202002', debug: 'false', endianness: os.endianness() === 'LE' ? 'little' : 'big',
    'failure-tests': 'false', 'fd-client-event-handler': 'poll', 'full-version-string': `ArangoDB ${ARANGO_VERSION} [emulator]`,
    jemalloc: 'false', license: 'community', 'maintainer-mode': 'false', ndebug: 'true',
    platform: process.platform, 'reactor-type': 'epoll', 'server-version': ARANGO_VERSION,
    'sizeof int': '4', 'sizeof long': '8', 'sizeof void*': '8', tsan: 'false', 'unaligned-access': 'true',
    'vpack-version': 'emulated', 'zlib-version': process.versions.zlib ?? 'unknown',
    mode: 'server', role: node.role, host: os.hostname(),
  };
}

export function engineBody(): Record<string, unknown> {
  return {
    name: 'rocksdb',
    // As the 3.12.10 transcripts show it: `zkd` is an alias of `mdi`, no `dfdb`. `vector` stays
    // listed because the emulator creates vector indexes without the experimental startup option.
    supports: {
      indexes: ['primary', 'edge', 'hash', 'skiplist', 'ttl', 'persistent', 'geo', 'fulltext', 'mdi', 'mdi-prefixed', 'inverted', 'vector'],
      aliases: { indexes: { hash: 'persistent', skiplist: 'persistent', zkd: 'mdi' } },
    },
    endianness: os.endianness() === 'LE' ? 'little' : 'big',
  };
}

/** `/_admin/statistics` of a node, from its request counters. */
export function statisticsBody(node: ServerNode): Record<string, unknown> {
  const s = node.stats;
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  const dist = (sum: number, count: number, buckets: number): Record<string, unknown> => ({
    sum, count, counts: [count, ...Array.from({ length: buckets - 1 }, () => 0)],
  });
  const measured = (h: Histogram): Record<string, unknown> => ({ sum: h.sum, count: h.count, counts: [...h.counts] });
  const client = {
    httpConnections: s.openConnections,
    connectionTime: dist(0, 0, 4),
    totalTime: measured(s.totalTime),
    requestTime: measured(s.requestTime),
    queueTime: measured(s.queueTime),
    ioTime: dist(0, s.requestsTotal, 10),
    bytesSent: dist(s.bytesSent, s.requestsTotal, 6),
    bytesReceived: dist(s.bytesReceived, s.requestsTotal, 6),
  };
  const m = s.byMethod;
  return {
    time: Date.now() / 1000,
    enabled: true,
    system: {
      minorPageFaults: 0, majorPageFaults: 0, userTime: cpu.user / 1e6, systemTime: cpu.system / 1e6,
      numberOfThreads: 1, residentSize: mem.rss, residentSizePercent: mem.rss / os.totalmem(), virtualSize: mem.rss + mem.external,
    },
    client,
    clientUser: client,
    http: {
      requestsTotal: s.requestsTotal, requestsSuperuser: s.requestsSuperuser, requestsUser: s.requestsUser,
      requestsAsync: s.requestsAsync, requestsGet: m.GET ?? 0, requestsHead: m.HEAD ?? 0, requestsPost: m.POST ?? 0,
      requestsPut: m.PUT ?? 0, requestsPatch: m.PATCH ?? 0, requestsDelete: m.DELETE ?? 0,
      requestsOptions: m.OPTIONS ?? 0, requestsOther: m.other ?? 0,
    },
    server: {
      uptime: (Date.now() - node.startTime) / 1000,
      physicalMemory: os.totalmem(),
      transactions: { started: 0, aborted: 0, committed: 0, intermediateCommits: 0, readOnly: 0, dirtyReadOnly: 0 },
      v8Context: { available: 0, busy: 0, dirty: 0, free: 0, max: 0, min: 0, memory: [] },
      threads: {
        'scheduler-threads': 1, blocked: 0, queued: 0, 'in-progress': 0, 'direct-exec': 0,
      },
    },
    error: false,
    code: 200,
  };
}

const STAT_GROUPS = [
  { group: 'system', name: 'Process Statistics', description: 'Statistics about the ArangoDB process' },
  { group: 'client', name: 'Client Connection Statistics', description: 'Statistics about the connections.' },
  { group: 'clientUser', name: 'Client User Connection Statistics', description: 'Statistics about the connections, only user traffic (ignoring superuser JWT traffic).' },
  { group: 'http', name: 'HTTP Request Statistics', description: 'Statistics about the HTTP requests.' },
  { group: 'server', name: 'Server Statistics', description: 'Statistics about the ArangoDB server' },
];

const STAT_FIGURES: Array<[string, string, string, string, string]> = [
  ['system', 'userTime', 'User Time', 'accumulated', 'seconds'],
  ['system', 'systemTime', 'System Time', 'accumulated', 'seconds'],
  ['system', 'numberOfThreads', 'Number of Threads', 'current', 'number'],
  ['system', 'residentSize', 'Resident Set Size', 'current', 'bytes'],
  ['system', 'residentSizePercent', 'Resident Set Size', 'current', 'percent'],
  ['system', 'virtualSize', 'Virtual Memory Size', 'current', 'bytes'],
  ['system', 'minorPageFaults', 'Minor Page Faults', 'accumulated', 'number'],
  ['system', 'majorPageFaults', 'Major Page Faults', 'accumulated', 'number'],
  ['client', 'httpConnections', 'Client Connections', 'current', 'number'],
  ['client', 'totalTime', 'Total Time', 'distribution', 'seconds'],
  ['client', 'requestTime', 'Request Time', 'distribution', 'seconds'],
  ['client', 'queueTime', 'Queue Time', 'distribution', 'seconds'],
  ['client', 'bytesSent', 'Bytes Sent', 'distribution', 'bytes'],
  ['client', 'bytesReceived', 'Bytes Received', 'distribution', 'bytes'],
  ['client', 'connectionTime', 'Connection Time', 'distribution', 'seconds'],
  ['http', 'requestsTotal', 'Total requests', 'accumulated', 'number'],
  ['http', 'requestsAsync', 'Async requests', 'accumulated', 'number'],
  ['http', 'requestsGet', 'HTTP GET requests', 'accumulated', 'number'],
  ['http', 'requestsHead', 'HTTP HEAD requests', 'accumulated', 'number'],
  ['http', 'requestsPost', 'HTTP POST requests', 'accumulated', 'number'],
  ['http', 'requestsPut', 'HTTP PUT requests', 'accumulated', 'number'],
  ['http', 'requestsPatch', 'HTTP PATCH requests', 'accumulated', 'number'],
  ['http', 'requestsDelete', 'HTTP DELETE requests', 'accumulated', 'number'],
  ['http', 'requestsOptions', 'HTTP OPTIONS requests', 'accumulated', 'number'],
  ['http', 'requestsOther', 'other HTTP requests', 'accumulated', 'number'],
  ['server', 'uptime', 'Server Uptime', 'current', 'seconds'],
  ['server', 'physicalMemory', 'Physical Memory', 'current', 'bytes'],
];

/**
 * Bucket boundaries of the distribution figures (the `counts` of /_admin/statistics have one more
 * entry): ArangoDB's request-time, bytes and connection-time cuts, as the 3.12.10 transcript lists them.
 */
function distributionCuts(identifier: string, units: string): number[] {
  if (identifier === 'connectionTime') return [0.1, 1, 60];
  return units === 'bytes' ? [250, 1000, 2000, 5000, 10000] : [0.01, 0.05, 0.1, 0.2, 0.5, 1, 5, 15, 30];
}

function roleLabel(node: ServerNode): string {
  return node.role === 'PRIMARY' ? 'DBSERVER' : node.role;
}

/** Prometheus text of a node's counters, with ArangoDB's metric names. */
export function metricsText(state: ServerState, node: ServerNode): string {
  const s = node.stats;
  const label = `{role="${roleLabel(node)}",shortname="${node.shortName}"}`;
  const lines: string[] = [];
  const metric = (name: string, type: 'counter' | 'gauge', help: string, value: number): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name}${label} ${value}`);
  };
  metric('arangodb_http_request_statistics_total_requests_total', 'counter', 'Total number of HTTP requests', s.requestsTotal);
  metric('arangodb_http_request_statistics_async_requests_total', 'counter', 'Number of asynchronously executed HTTP requests', s.requestsAsync);
  metric('arangodb_http_request_statistics_superuser_requests_total', 'counter', 'Total number of HTTP requests executed by superuser/JWT', s.requestsSuperuser);
  metric('arangodb_http_request_statistics_user_requests_total', 'counter', 'Total number of HTTP requests executed by clients', s.requestsUser);
  for (const [m, n] of Object.entries(s.byMethod)) {
    const name = m === 'other' ? 'other' : `http_${m.toLowerCase()}`;
    metric(`arangodb_http_request_statistics_${name}_requests_total`, 'counter', `Number of HTTP ${m} requests`, n);
  }
  metric('arangodb_client_connection_statistics_client_connections', 'gauge', 'The number of client connections that are currently open', s.openConnections);
  const hist = (name: string, help: string, sum: number, count: number): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`,
      `${name}_bucket{role="${roleLabel(node)}",shortname="${node.shortName}",le="+Inf"} ${count}`,
      `${name}_count${label} ${count}`, `${name}_sum${label} ${sum}`);
  };
  hist('arangodb_client_connection_statistics_bytes_received', 'Bytes received for requests', s.bytesReceived, s.requestsTotal);
  hist('arangodb_client_connection_statistics_bytes_sent', 'Bytes sent for responses', s.bytesSent, s.requestsTotal);
  const timeHist = (name: string, help: string, h: Histogram): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
    let cumulative = 0;
    h.cuts.forEach((cut, i) => {
      cumulative += h.counts[i] ?? 0;
      lines.push(`${name}_bucket{role="${roleLabel(node)}",shortname="${node.shortName}",le="${cut}"} ${cumulative}`);
    });
    lines.push(`${name}_bucket{role="${roleLabel(node)}",shortname="${node.shortName}",le="+Inf"} ${h.count}`, `${name}_count${label} ${h.count}`, `${name}_sum${label} ${h.sum}`);
  };
  timeHist('arangodb_client_connection_statistics_total_time', 'Total time needed to answer a request [s]', s.totalTime);
  timeHist('arangodb_client_connection_statistics_request_time', 'Request time needed to answer a request [s]', s.requestTime);
  timeHist('arangodb_client_connection_statistics_queue_time', 'Queue time needed to answer a request [s]', s.queueTime);
  metric('arangodb_scheduler_queue_time_violations_total', 'counter', 'Tasks dropped because the client-requested queue time restriction would be violated', s.queueTimeViolations);
  metric('arangodb_scheduler_low_prio_queue_last_dequeue_time', 'gauge', 'Last recorded dequeue time for a low priority queue item [ms]', s.lastQueueTimeMs);
  metric('arangodb_server_statistics_server_uptime_total', 'counter', 'Number of seconds elapsed since server start', Math.floor((Date.now() - node.startTime) / 1000));
  metric('arangodb_server_statistics_physical_memory', 'gauge', 'Physical memory in bytes', os.totalmem());
  metric('arangodb_server_statistics_cpu_cores', 'gauge', 'Number of CPU cores visible to the arangod process', os.cpus().length);
  metric('arangodb_process_statistics_resident_set_size', 'gauge', 'Resident set size of the arangod process [bytes]', process.memoryUsage().rss);
  const jobs = state.jobs.countByOwner(node.id);
  metric('arangodb_scheduler_queue_length', 'gauge', 'Server\'s internal queue length', 0);
  metric('arangodb_async_jobs_pending', 'gauge', 'Async jobs pending on this server', jobs.pending);
  metric('arangodb_async_jobs_done', 'gauge', 'Async job results stored on this server', jobs.done);
  metric('arangodb_databases_total', 'gauge', 'Number of databases', state.databaseNames().length);
  return `${lines.join('\n')}\n`;
}

/** The node a `serverId` query parameter names (404 / 400 as ArangoDB for unknown ones). */
function targetNode(req: EmuRequest): ServerNode {
  const id = req.query.get('serverId');
  if (id === null || id === '' || id === req.ctx.server.id) return req.ctx.server;
  if (req.ctx.server.role !== 'COORDINATOR') return req.ctx.server;
  const node = req.ctx.state.nodes.get(id);
  if (!node) throw httpError(404, 'ERROR_HTTP_BAD_PARAMETER', `unknown serverId ${id}`);
  return node;
}

function levelIndex(v: string | null, name: string): number | undefined {
  if (v === null || v === '') return undefined;
  const byName = LOG_LEVELS.indexOf(v.toUpperCase() as (typeof LOG_LEVELS)[number]);
  if (byName >= 0) return byName;
  const n = Number(v);
  if (Number.isInteger(n) && n >= 0 && n < LOG_LEVELS.length) return n;
  throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', `bad ${name} parameter`);
}

/** Filters the server log as `/_admin/log/entries` and `/_admin/log` describe. */
function filteredLog(req: EmuRequest): { total: number; entries: ServerState['log'] } {
  const upto = levelIndex(req.query.get('upto'), 'upto');
  const level = levelIndex(req.query.get('level'), 'level');
  if (upto !== undefined && level !== undefined) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'only one of upto and level allowed');
  const start = Number(req.query.get('start') ?? 0) || 0;
  const search = req.query.get('search');
  let entries = req.ctx.state.log.filter((e) => {
    const li = LOG_LEVELS.indexOf(e.level);
    if (level !== undefined ? li !== level : li > (upto ?? 3)) return false;
    if (e.id < start) return false;
    return search === null || e.message.includes(search);
  });
  if (req.query.get('sort') === 'desc') entries = [...entries].reverse();
  const total = entries.length;
  const offset = Math.max(0, Number(req.query.get('offset') ?? 0) || 0);
  const sizeRaw = req.query.get('size');
  const size = sizeRaw === null ? undefined : Math.max(0, Number(sizeRaw) || 0);
  entries = entries.slice(offset, size === undefined ? undefined : offset + size);
  return { total, entries };
}

/**
 * Log levels are a process setting (ArangoDB's Logger): every server has its own, starting from
 * the deployment's defaults in `state.logLevels`. Keyed by state, then server id.
 */
const nodeLogLevels = new WeakMap<ServerState, Map<string, Map<string, string>>>();

function levelsOf(state: ServerState, node: ServerNode): Map<string, string> {
  let byNode = nodeLogLevels.get(state);
  if (!byNode) {
    byNode = new Map();
    nodeLogLevels.set(state, byNode);
  }
  let levels = byNode.get(node.id);
  if (!levels) {
    levels = new Map(state.logLevels);
    byNode.set(node.id, levels);
  }
  return levels;
}

/** Structured-log parameters, per server (Logger::structuredLogParams is process-wide). */
const nodeStructured = new WeakMap<ServerState, Map<string, Set<string>>>();
const STRUCTURED_PARAMS = ['database', 'username', 'url'];

function structuredOf(state: ServerState, node: ServerNode): Set<string> {
  let byNode = nodeStructured.get(state);
  if (!byNode) {
    byNode = new Map();
    nodeStructured.set(state, byNode);
  }
  let s = byNode.get(node.id);
  if (!s) {
    s = new Set();
    byNode.set(node.id, s);
  }
  return s;
}

function logLevelsBody(levels: Map<string, string>): Record<string, string> {
  return Object.fromEntries([...levels.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

function applyLogLevels(levels: Map<string, string>, body: unknown): void {
  const set = (topic: string, level: unknown): void => {
    if (typeof level !== 'string' || !LOG_LEVELS.includes(level.toUpperCase() as (typeof LOG_LEVELS)[number])) {
      throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', `invalid log level for topic '${topic}'`);
    }
    const lv = level.toUpperCase();
    if (topic === 'all') for (const t of levels.keys()) levels.set(t, lv);
    else if (levels.has(topic)) levels.set(topic, lv);
    // ArangoDB ignores unknown topics.
  };
  if (typeof body === 'string') set('general', body);
  else if (body && typeof body === 'object' && !Array.isArray(body)) for (const [k, v] of Object.entries(body)) set(k, v);
  else throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'expecting a JSON string or object with log levels');
}

const DEFAULT_LOG_LEVEL = 'INFO';

function supportInfoServer(state: ServerState, node: ServerNode): Record<string, unknown> {
  const mem = process.memoryUsage();
  // id, alias and endpoint identify cluster members; a single server's `host` has none of them
  const identity = state.isCluster ? { id: node.id, alias: node.shortName, endpoint: node.endpoint } : {};
  return {
    ...identity,
    role: node.role,
    maintenance: (state.serverMaintenance.get(node.id) ?? 0) > Date.now(),
    readOnly: state.mode === 'readonly',
    version: ARANGO_VERSION,
    build: `tags/v${ARANGO_VERSION}`,
    license: 'community',
    os: `${os.type()} ${os.release()}`,
    platform: process.platform,
    physicalMemory: { value: os.totalmem(), overridden: false },
    numberOfCores: { value: os.cpus().length, overridden: false },
    // `fileDescrtors` is spelled as the 3.12.10 server spells it (support-info transcripts)
    processStats: {
      processUptime: (Date.now() - node.startTime) / 1000, numberOfThreads: 1, virtualSize: mem.rss + mem.external, residentSetSize: mem.rss,
      fileDescrtors: 0, fileDescrtorsLimit: 0,
    },
    cpuStats: { userPercent: 0, systemPercent: 0, idlePercent: 100, iowaitPercent: 0 },
    engineStats: {
      'cache.limit': 0, 'cache.allocated': 0, 'rocksdb.estimate-num-keys': documentCount(state), 'rocksdb.estimate-live-data-size': 0,
      'rocksdb.live-sst-files-size': 0, 'rocksdb.block-cache-capacity': 0, 'rocksdb.block-cache-usage': 0,
      'rocksdb.free-disk-space': 0, 'rocksdb.total-disk-space': 0,
    },
  };
}

function documentCount(state: ServerState): number {
  let n = 0;
  for (const name of state.databaseNames()) for (const coll of state.database(name).collections.values()) n += coll.count();
  return n;
}

export function register(router: Router): void {
  // The version handler answers any method (the 3.9 transcripts use PUT with x-arango-async).
  for (const path of ['/_api/version', '/_admin/version']) {
    router.get(path, (req) => ({ status: 200, body: versionBody(req) }));
    router.put(path, (req) => ({ status: 200, body: versionBody(req) }));
    router.post(path, (req) => ({ status: 200, body: versionBody(req) }));
  }
  router.get('/_api/engine', () => ({ status: 200, body: engineBody() }));
  router.get('/_api/engine/stats', (req) => {
    const dbs = req.ctx.state.databaseNames();
    return {
      status: 200,
      body: {
        'cache.limit': 0, 'cache.allocated': 0,
        'rocksdb.estimate-num-keys': dbs.reduce((n, name) => {
          const db = req.ctx.state.database(name);
          let c = 0;
          for (const coll of db.collections.values()) c += coll.count();
          return n + c;
        }, 0),
        'rocksdb.free-disk-space': 0, 'rocksdb.total-disk-space': 0,
      },
    };
  });
  router.get('/_admin/time', () => ok({ time: Date.now() / 1000 }));

  router.get('/_admin/status', (req) => {
    const { state, server } = req.ctx;
    const body: Record<string, unknown> = {
      server: 'arango', license: 'community', version: ARANGO_VERSION, mode: 'server', operationMode: 'server',
      foxxApi: true, host: os.hostname(), hostname: os.hostname(), pid: process.pid,
      serverInfo: {
        progress: { phase: 'in wait', feature: '', recoveryTick: 0 },
        role: server.role, writeOpsEnabled: state.mode !== 'readonly', readOnly: state.mode === 'readonly',
        maintenance: state.supervisionMaintenance, persistedId: server.id, rebootId: 1, state: 'SERVING',
        address: server.endpoint, serverId: server.id,
      },
    };
    if (state.isCluster) {
      const coords = state.nodesByRole('COORDINATOR');
      body.agency = { agencyComm: { endpoints: state.nodesByRole('AGENT').map((a) => a.endpoint) } };
      body.coordinator = { foxxmaster: coords[0]?.id ?? '', isFoxxmaster: coords[0]?.id === server.id };
    }
    return { status: 200, body };
  });

  const echo = (req: EmuRequest): EmuResponse => {
    const raw = req.body.toString('utf8');
    const host = req.ctx.server.endpoint.replace(/^tcp:\/\//, '');
    const colon = host.lastIndexOf(':');
    const headers = { ...req.headers };
    delete headers.authorization;
    return {
      status: 200,
      body: {
        authorized: true, user: req.user, isAdminUser: req.ctx.isAdmin(), database: req.dbName, url: req.path + (req.query.size ? `?${req.query.toString()}` : ''),
        protocol: 'http', portType: 'tcp/ip',
        server: { address: host.slice(0, colon), port: Number(host.slice(colon + 1)), endpoint: req.ctx.server.endpoint },
        client: { address: '127.0.0.1', port: 0, id: '' }, internals: {}, prefix: '/',
        headers, requestType: req.method, requestBody: raw, rawRequestBody: [...req.body],
        parameters: Object.fromEntries(req.query.entries()), cookies: {}, suffix: [], rawSuffix: [], path: req.path,
      },
    };
  };
  for (const m of ['get', 'post', 'put', 'patch', 'delete'] as const) router[m]('/_admin/echo', echo);

  router.get('/_admin/statistics', (req) => ({ status: 200, body: statisticsBody(req.ctx.server) }));
  router.get('/_admin/statistics-description', () => ({
    status: 200,
    body: {
      groups: STAT_GROUPS,
      figures: STAT_FIGURES.map(([group, identifier, name, type, units]) => ({
        group, identifier, name, description: name, type, ...(type === 'distribution' ? { cuts: distributionCuts(identifier, units) } : {}), units,
      })),
      error: false, code: 200,
    },
  }));

  const metrics = (req: EmuRequest): EmuResponse => ({
    status: 200,
    rawBody: metricsText(req.ctx.state, targetNode(req)),
    headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' },
  });
  router.get('/_admin/metrics', metrics);
  router.get('/_admin/metrics/v2', metrics);
  router.get('/_admin/usage-metrics', () => ({
    status: 200, rawBody: '', headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' },
  }));

  // Logs need admin rights (`--log.api-enabled true` default: admin users).
  router.get('/_admin/log/entries', (req) => {
    req.ctx.requireAdmin();
    targetNode(req);
    const { total, entries } = filteredLog(req);
    return {
      status: 200,
      body: { total, messages: entries.map((e) => ({ id: e.id, topic: e.topic, level: e.level, date: e.date, message: e.message })) },
    };
  });
  router.get('/_admin/log', (req) => {
    req.ctx.requireAdmin();
    targetNode(req);
    const { total, entries } = filteredLog(req);
    return {
      status: 200,
      body: {
        totalAmount: total,
        lid: entries.map((e) => e.id),
        topic: entries.map((e) => e.topic),
        level: entries.map((e) => LOG_LEVELS.indexOf(e.level)),
        timestamp: entries.map((e) => Math.floor(Date.parse(e.date) / 1000)),
        text: entries.map((e) => e.message),
      },
    };
  });
  const levelsAnswer = (req: EmuRequest): EmuResponse => {
    const levels = logLevelsBody(levelsOf(req.ctx.state, targetNode(req)));
    if (flag(req, 'withAppenders')) return { status: 200, body: { global: levels, appenders: { '-': levels } } };
    return { status: 200, body: levels };
  };
  router.get('/_admin/log/level', (req) => {
    req.ctx.requireAdmin();
    targetNode(req);
    return levelsAnswer(req);
  });
  router.put('/_admin/log/level', (req) => {
    req.ctx.requireAdmin();
    targetNode(req);
    let body = req.json();
    if (flag(req, 'withAppenders') && body && typeof body === 'object' && 'global' in body) {
      body = (body as { global: unknown }).global;
    }
    applyLogLevels(levelsOf(req.ctx.state, targetNode(req)), body);
    return levelsAnswer(req);
  });
  router.delete('/_admin/log/level', (req) => {
    req.ctx.requireAdmin();
    targetNode(req);
    const levels = levelsOf(req.ctx.state, targetNode(req));
    for (const t of levels.keys()) levels.set(t, DEFAULT_LOG_LEVEL);
    return levelsAnswer(req);
  });
  // RestAdminLogHandler::handleLogStructuredParams answers the enabled parameters only, each
  // `true` (the docs describe true/false for every parameter; the source wins).
  const structuredAnswer = (enabled: Set<string>): EmuResponse => ({
    status: 200, body: Object.fromEntries(STRUCTURED_PARAMS.filter((p) => enabled.has(p)).map((p) => [p, true])),
  });
  router.get('/_admin/log/structured', (req) => {
    req.ctx.requireAdmin();
    return structuredAnswer(structuredOf(req.ctx.state, req.ctx.server));
  });
  router.put('/_admin/log/structured', (req) => {
    req.ctx.requireAdmin();
    const body = req.json<Record<string, unknown>>();
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'expecting an object');
    const enabled = structuredOf(req.ctx.state, req.ctx.server);
    for (const k of STRUCTURED_PARAMS) {
      if (body[k] === true) enabled.add(k);
      else if (body[k] === false) enabled.delete(k);
    }
    return structuredAnswer(enabled);
  });

  // ---- server identity and mode --------------------------------------------------------
  router.get('/_admin/server/id', (req) => {
    // ArangoDB: only in cluster mode; a single server answers 500.
    if (!req.ctx.state.isCluster) throw httpError(500, 'ERROR_HTTP_SERVER_ERROR', 'not running in cluster mode');
    return ok({ id: req.ctx.server.id });
  });
  router.get('/_admin/server/role', (req) => ok({ role: req.ctx.server.role, mode: 'default' }));
  router.get('/_admin/server/mode', (req) => ok({ mode: req.ctx.state.mode }));
  router.put('/_admin/server/mode', (req) => {
    req.ctx.requireAdmin();
    const body = req.json<{ mode?: unknown }>();
    const mode = body && typeof body === 'object' ? body.mode : undefined;
    if (mode !== 'readonly' && mode !== 'default') {
      throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'mode must be "readonly" or "default"');
    }
    req.ctx.state.mode = mode;
    req.ctx.state.addLog('general', 'INFO', `server mode set to ${mode}`);
    return ok({ mode });
  });
  // Follows the documentation: 503 while the server cannot take arbitrary operations, which
  // includes read-only mode and a soft shutdown. (The 3.12 source answers 200 with mode
  // "readonly" instead; the docs are our contract.)
  router.get('/_admin/server/availability', (req) => {
    if (req.ctx.state.mode === 'readonly' || req.ctx.server.softShutdownOngoing === true) {
      throw httpError(503, 'ERROR_HTTP_SERVICE_UNAVAILABLE', 'service unavailable');
    }
    return ok({ mode: req.ctx.state.mode });
  }, { open: true });
  router.get('/_admin/database/target-version', () => ok({ version: ARANGO_VERSION.split('.').slice(0, 2).join('') + '00' }));
  router.get('/_admin/options-public', (req) => ({
    status: 200,
    body: {
      'database.extended-names': true,
      'cluster.min-replication-factor': 1,
      'cluster.max-replication-factor': Math.max(1, req.ctx.state.nodesByRole('PRIMARY').length),
      'cluster.max-number-of-shards': 1000,
      'cluster.api-jwt-policy': 'jwt-compat',
      'server.session-timeout': 3600,
    },
  }));
  // `--server.options-api jwt` (the default): only a superuser JWT may read the options.
  const superuserOnly = (req: EmuRequest): void => {
    if (req.ctx.state.authentication && req.ctx.identity.kind !== 'superuser') {
      throw httpError(401, 'ERROR_FORBIDDEN', 'not authorized to execute this request');
    }
  };
  router.get('/_admin/options', (req) => {
    superuserOnly(req);
    return {
      status: 200,
      body: {
        'server.authentication': req.ctx.state.authentication, 'server.endpoint': [req.ctx.server.endpoint],
        'cluster.my-role': req.ctx.server.role, 'database.extended-names': true, 'server.session-timeout': 3600,
        // Never the secret itself.
        'server.jwt-secret': '(hidden)',
      },
    };
  }, { systemOnly: true });
  router.get('/_admin/options-description', (req) => {
    superuserOnly(req);
    const opt = (section: string, description: string, type: string): Record<string, unknown> => ({ section, description, category: 'option', type, hidden: false });
    return {
      status: 200,
      body: {
        'server.authentication': opt('server', 'enable authentication for ALL client requests', 'boolean'),
        'server.endpoint': opt('server', 'endpoint for client requests', 'string...'),
        'server.session-timeout': opt('server', 'timeout of web interface server sessions (in seconds)', 'double'),
        'database.extended-names': opt('database', 'allow extended characters in database names', 'boolean'),
      },
    };
  }, { systemOnly: true });
  router.get('/_admin/server/api-calls', (req) => {
    req.ctx.requireAdmin();
    return ok({ result: { calls: [...req.ctx.server.stats.recentCalls].reverse() } });
  });
  router.get('/_admin/server/aql-queries', (req) => {
    req.ctx.requireAdmin();
    return ok({ result: { queries: [...req.ctx.server.stats.recentQueries].reverse() } });
  });
  // The emulator never crashes into a dump directory: the list is empty.
  router.get('/_admin/crashes', (req) => {
    req.ctx.requireAdmin();
    return { status: 200, body: { result: [] } };
  });
  const noCrash = (req: EmuRequest): EmuResponse => {
    req.ctx.requireAdmin();
    throw httpError(404, 'ERROR_HTTP_NOT_FOUND', `crash dump '${req.params.id ?? ''}' not found`);
  };
  router.get('/_admin/crashes/:id', noCrash);
  router.delete('/_admin/crashes/:id', noCrash);
  router.get('/_admin/server/databaseDefaults', (req) => {
    const o = req.ctx.state.databaseOptions(req.dbName);
    return ok({ result: { sharding: o.sharding, replicationFactor: o.replicationFactor, writeConcern: o.writeConcern } });
  });
  router.get('/_admin/deployment/id', (req) => ({ status: 200, body: { id: req.ctx.state.deploymentId } }));

  // The Community Edition's RestLicenseHandler (built without USE_ENTERPRISE): GET answers exactly
  // `{"license":"none"}`, PUT 501 / ERROR_ONLY_ENTERPRISE "The community edition cannot be licensed."
  router.get('/_admin/license', () => ({ status: 200, body: { license: 'none' } }));
  router.put('/_admin/license', (req) => {
    req.ctx.requireAdmin();
    throw httpError(501, 'ERROR_ONLY_ENTERPRISE', 'The community edition cannot be licensed.');
  });

  router.put('/_admin/compact', (req) => {
    req.ctx.requireAdmin();
    const raw = req.body.length > 0 ? req.json() : {};
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'expecting an object');
    return { status: 200, body: {} };
  });
  router.post('/_admin/routing/reload', () => ok({}));

  router.get('/_admin/server/tls', (req) => {
    req.ctx.requireAdmin();
    // Plain-HTTP emulator: no keyfile, no SNI entries.
    return ok({ result: { keyfile: {}, clientCA: {}, SNI: {} } });
  });
  router.post('/_admin/server/tls', (req) => {
    req.ctx.requireAdmin();
    return ok({ result: { keyfile: {}, clientCA: {}, SNI: {} } });
  });
  // JWT secret rotation and encryption at rest are Enterprise features: 404 in Community.
  for (const p of ['/_admin/server/jwt', '/_admin/server/encryption']) {
    const gone = (): EmuResponse => { throw httpError(404, 'ERROR_HTTP_NOT_FOUND', `unknown path '${p}'`); };
    router.get(p, gone);
    router.post(p, gone);
  }

  router.get('/_admin/support-info', (req) => {
    req.ctx.requireAdmin();
    const { state, server } = req.ctx;
    const date = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    if (!state.isCluster) {
      return { status: 200, body: { deployment: { type: 'single' }, host: supportInfoServer(state, server), date } };
    }
    const servers: Record<string, unknown> = {};
    for (const n of state.nodes.values()) if (n.role !== 'AGENT') servers[n.id] = supportInfoServer(state, n);
    let shards = 0;
    let collections = 0;
    let leaders = 0;
    let followers = 0;
    for (const dbName of state.databaseNames()) {
      for (const coll of state.database(dbName).collections.keys()) {
        collections++;
        for (const s of state.shards.shardsOf(dbName, coll)) {
          shards++;
          if (s.leader) leaders++;
          followers += s.followers.length;
        }
      }
    }
    return {
      status: 200,
      body: {
        deployment: {
          type: 'cluster', servers,
          agents: state.nodesByRole('AGENT').length,
          coordinators: state.nodesByRole('COORDINATOR').length,
          dbServers: state.nodesByRole('PRIMARY').length,
          shards: { databases: state.databaseNames().length, collections, shards, leaders, realLeaders: leaders, followers, servers: state.nodesByRole('PRIMARY').length },
        },
        date,
      },
    };
  }, { systemOnly: true });

  router.delete('/_admin/shutdown', (req) => {
    req.ctx.requireAdmin();
    const soft = flag(req, 'soft');
    // Soft shutdown only exists on coordinators.
    if (soft) req.ctx.requireCoordinator();
    req.ctx.state.addLog('general', 'INFO', `${req.ctx.server.shortName}: ${soft ? 'soft ' : ''}shutdown requested`);
    req.ctx.server.shutdown?.(soft);
    return { status: 200, body: 'OK' };
  });
  router.get('/_admin/shutdown', (req) => {
    req.ctx.requireAdmin();
    req.ctx.requireCoordinator();
    const jobs = req.ctx.state.jobs.countByOwner(req.ctx.server.id);
    return {
      status: 200,
      body: {
        softShutdownOngoing: req.ctx.server.softShutdownOngoing === true, AQLcursors: 0, transactions: 0, pendingJobs: jobs.pending, doneJobs: jobs.done,
        pregelConductors: 0, lowPrioOngoingRequests: 0, lowPrioQueuedRequests: 0, allClear: jobs.pending === 0,
      },
    };
  });

  router.get('/_api/endpoint', (req) => {
    const nodes = req.ctx.state.isCluster ? req.ctx.state.nodesByRole('COORDINATOR') : [req.ctx.server];
    return { status: 200, body: nodes.filter((n) => n.running).map((n) => ({ endpoint: n.endpoint })) };
  }, { systemOnly: true });
}
