/**
 * Server administration (openapi_3.12_administration.txt, security.txt): version, engine,
 * status, time, echo, server id/role/mode/availability, options, license, compact, routing
 * reload, tls, support info, shutdown progress. The monitoring APIs are beside it: statistics.ts,
 * metrics.ts, log.ts.
 */
import { flag } from '../http/params.js';
import os from 'node:os';
import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { httpError } from '../errors.js';
import { ARANGO_VERSION, type ServerNode, type ServerState } from '../store/server-state.js';

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
