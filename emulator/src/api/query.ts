/**
 * AQL query management: `/_api/explain`, `/_api/query` (parse), running and slow queries and
 * kill (`/_api/query/current|slow|{id}`), tracking properties, optimizer rules, the results
 * cache (`/_api/query-cache*`), the 3.12 plan cache (`/_api/query-plan-cache`) and user
 * functions (`/_api/aqlfunction`). Shapes follow openapi_3.12_queries_* and the 3.9 transcripts.
 */
import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { Script } from 'node:vm';
import { httpError } from '../errors.js';
import { flag } from '../http/params.js';
import { checkBindVars, checkUnusedBindVars, parseAql, QueryExecution } from '../aql/engine.js';
import { AqlError, queryErrorFor } from '../aql/errors.js';
import { checkQueryDataSources, queryAccess } from './query-access.js';
import type { Query } from '../aql/ast.js';
import { dataSourceName, planCollections, queryAstJson } from '../aql/explain.js';
import { planOf, type Plan } from '../aql/plan.js';
import { registeredRules, ruleRun } from '../aql/optimizer-rules.js';
import { isCacheableQuery, registryOf, type TrackedQuery, type TrackingProperties, type CacheProperties } from '../aql/registry.js';

function body(req: EmuRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  const b = req.json<unknown>();
  if (typeof b !== 'object' || b === null || Array.isArray(b)) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'expecting a JSON object body');
  return b as Record<string, unknown>;
}

function wantsAll(req: EmuRequest): boolean {
  const all = req.query.get('all');
  if (all !== 'true' && all !== '1') return false;
  if (req.dbName !== '_system') throw httpError(403, 'ERROR_HTTP_FORBIDDEN', 'only allowed in the _system database');
  if (!req.ctx.isAdmin()) throw httpError(403, 'ERROR_HTTP_FORBIDDEN', 'only allowed for superusers');
  return true;
}

function describe(q: TrackedQuery, slow: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: q.id, database: q.database, user: q.user, query: q.query, bindVars: q.bindVars, dataSources: q.dataSources,
    started: new Date(q.started).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    runTime: slow ? (q.runTime ?? 0) : (Date.now() - q.started) / 1000,
    peakMemoryUsage: q.exec?.stats.peakMemoryUsage ?? q.peakMemoryUsage,
    state: q.state, stream: q.stream, modificationQuery: q.modificationQuery,
    warnings: q.exec?.warnings.length ?? q.warnings,
  };
  if (slow) out['exitCode'] = q.exitCode ?? 0;
  return out;
}

const TRACKING_KEYS: (keyof TrackingProperties)[] = ['enabled', 'trackSlowQueries', 'trackBindVars', 'maxSlowQueries', 'slowQueryThreshold', 'slowStreamingQueryThreshold', 'maxQueryStringLength'];

export function register(router: Router): void {
  router.post('/_api/explain', explain);
  router.post('/_api/query', parseQuery);
  // On a coordinator, listing and clearing fan out to every coordinator unless `local=true`
  // (RestQueryHandler::readQuery / deleteQuerySlow: `fanout = isCoordinator && !local`); each
  // server answers for itself, with its own tracking properties.
  const serversOf = (req: EmuRequest): string[] =>
    req.ctx.server.role === 'COORDINATOR' && !flag(req, 'local')
      ? req.ctx.state.nodesByRole('COORDINATOR').map((n) => n.id)
      : [req.ctx.server.id];
  router.get('/_api/query/current', (req) => {
    const reg = registryOf(req.ctx.state);
    const all = wantsAll(req);
    const servers = serversOf(req).filter((id) => reg.tracking(req.dbName, id).enabled);
    const list = [...reg.queries.values()].filter((q) => servers.includes(q.nodeId) && (all || q.database === req.dbName));
    return { status: 200, body: list.map((q) => describe(q, false)) };
  });
  router.get('/_api/query/slow', (req) => {
    const reg = registryOf(req.ctx.state);
    const all = wantsAll(req);
    const list: TrackedQuery[] = [];
    for (const id of serversOf(req)) {
      const t = reg.tracking(req.dbName, id);
      if (!t.enabled || !t.trackSlowQueries) continue;
      list.push(...(reg.slow.get(id) ?? []).filter((q) => all || q.database === req.dbName));
    }
    return { status: 200, body: list.map((q) => describe(q, true)) };
  });
  router.delete('/_api/query/slow', (req) => {
    const reg = registryOf(req.ctx.state);
    const all = wantsAll(req);
    for (const id of serversOf(req)) {
      const list = reg.slow.get(id) ?? [];
      reg.slow.set(id, all ? [] : list.filter((q) => q.database !== req.dbName));
    }
    return { status: 200, body: { error: false, code: 200 } };
  });
  router.get('/_api/query/properties', (req) => ({ status: 200, body: { error: false, code: 200, ...registryOf(req.ctx.state).tracking(req.dbName, req.ctx.server.id) } }));
  router.put('/_api/query/properties', (req) => {
    const t = registryOf(req.ctx.state).tracking(req.dbName, req.ctx.server.id);
    const b = body(req);
    const next = { ...t };
    for (const k of TRACKING_KEYS) {
      const v = b[k];
      if (v === undefined) continue;
      const want = typeof t[k];
      if (typeof v !== want || (typeof v === 'number' && (!Number.isFinite(v) || v < 0))) {
        throw httpError(400, 'ERROR_BAD_PARAMETER', `invalid value for '${k}'`);
      }
      (next as Record<string, unknown>)[k] = v;
    }
    Object.assign(t, next);
    return { status: 200, body: { error: false, code: 200, ...t } };
  });
  router.get('/_api/query/rules', (req) => ({
    status: 200,
    body: registeredRules(req.ctx.server.role === 'COORDINATOR').map((r) => ({ name: r.name, description: r.description, flags: { ...r.flags } })),
  }));
  router.delete('/_api/query/:id', (req) => {
    const id = req.params['id'] as string;
    if (!/^\d+$/.test(id)) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'invalid query id');
    const all = wantsAll(req);
    req.ctx.checkOwner(id);
    const reg = registryOf(req.ctx.state);
    const q = reg.queries.get(id);
    if (!q || (!all && q.database !== req.dbName)) throw httpError(404, 'ERROR_QUERY_NOT_FOUND', `cannot kill query '${id}': query not found`);
    q.exec?.kill();
    q.state = 'killed';
    return { status: 200, body: { error: false, code: 200 } };
  });

  // results cache
  router.get('/_api/query-cache/properties', (req) => ({ status: 200, body: { ...registryOf(req.ctx.state).cacheProps(req.ctx.server.id) } }));
  router.put('/_api/query-cache/properties', (req) => {
    const reg = registryOf(req.ctx.state);
    const b = body(req);
    const next: CacheProperties = { ...reg.cacheProps(req.ctx.server.id) };
    if (b['mode'] !== undefined) {
      if (b['mode'] !== 'off' && b['mode'] !== 'on' && b['mode'] !== 'demand') throw httpError(400, 'ERROR_BAD_PARAMETER', "invalid value for 'mode'");
      next.mode = b['mode'];
    }
    for (const k of ['maxResults', 'maxResultsSize', 'maxEntrySize'] as const) {
      const v = b[k];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw httpError(400, 'ERROR_BAD_PARAMETER', `invalid value for '${k}'`);
      next[k] = v;
    }
    if (b['includeSystem'] !== undefined) {
      if (typeof b['includeSystem'] !== 'boolean') throw httpError(400, 'ERROR_BAD_PARAMETER', "invalid value for 'includeSystem'");
      next.includeSystem = b['includeSystem'];
    }
    // changing the properties invalidates the cache
    reg.cache.clear();
    reg.setCacheProps(req.ctx.server.id, next);
    return { status: 200, body: { ...next } };
  });
  router.get('/_api/query-cache/entries', (req) => {
    const reg = registryOf(req.ctx.state);
    const list = [...reg.cache.values()].filter((e) => e.database === req.dbName).map((e) => ({
      hash: e.hash, query: e.query, bindVars: e.bindVars, size: e.size, results: e.results.length,
      started: new Date(e.started).toISOString().replace(/\.\d{3}Z$/, 'Z'), hits: e.hits, runTime: e.runTime, dataSources: e.collections,
    }));
    return { status: 200, body: list };
  });
  router.delete('/_api/query-cache', (req) => {
    const reg = registryOf(req.ctx.state);
    for (const [k, e] of reg.cache) if (e.database === req.dbName) reg.cache.delete(k);
    return { status: 200, body: { error: false, code: 200 } };
  });
  // the plan cache: the emulator plans nothing worth caching, so the cache is always empty
  // Only plans whose collections and views the caller can read are listed (documented).
  router.get('/_api/query-plan-cache', (req) => {
    req.ctx.requireDatabaseAccess('ro');
    const entries = [...(registryOf(req.ctx.state).plans.get(req.dbName)?.values() ?? [])]
      .filter((e) => e.dataSources.every((c) => req.ctx.collectionLevel(c) !== 'none'))
      .map(({ database: _database, ...e }) => e);
    return { status: 200, body: entries };
  });
  router.delete('/_api/query-plan-cache', (req) => {
    req.ctx.requireDatabaseAccess('rw');
    registryOf(req.ctx.state).plans.delete(req.dbName);
    return { status: 200, body: { error: false, code: 200 } };
  });

  // user-defined functions (stored; executing them needs JavaScript)
  // The namespace comes from `?namespace=` or, as the 3.12.10 transcript shows
  // (GET /_api/aqlfunction/test), from the path.
  const listFunctions = (req: EmuRequest): EmuResponse => {
    const ns = req.params['namespace'] ?? req.query.get('namespace');
    const fns = [...registryOf(req.ctx.state).userFunctions(req.dbName).values()]
      .filter((f) => !ns || f.name.toUpperCase().startsWith(`${ns.toUpperCase()}::`));
    return { status: 200, body: { error: false, code: 200, result: fns.map((f) => ({ name: f.name, code: f.code, isDeterministic: f.isDeterministic })) } };
  };
  router.get('/_api/aqlfunction', listFunctions);
  router.get('/_api/aqlfunction/:namespace', listFunctions);
  router.post('/_api/aqlfunction', (req) => {
    req.ctx.requireDatabaseAccess('rw');
    const b = body(req);
    const name = b['name'];
    const code = b['code'];
    if (typeof name !== 'string' || !/^[a-zA-Z0-9_]+(::[a-zA-Z0-9_]+)+$/.test(name)) throw AqlError.of(400, 'ERROR_QUERY_FUNCTION_INVALID_NAME');
    if (typeof code !== 'string' || !/^\s*(\(?\s*function\b|\([^)]*\)\s*=>|[a-zA-Z_$][\w$]*\s*=>)/.test(code)) {
      throw AqlError.of(400, 'ERROR_QUERY_FUNCTION_INVALID_CODE');
    }
    // ArangoDB compiles the function body in V8 when it is registered (aqlfunctions.js: the
    // code is evaluated to a function) and refuses what does not compile; compiling here never runs it.
    if (!compiles(code)) throw AqlError.of(400, 'ERROR_QUERY_FUNCTION_INVALID_CODE');
    const fns = registryOf(req.ctx.state).userFunctions(req.dbName);
    const key = name.toUpperCase();
    const existed = fns.has(key);
    fns.set(key, { name, code, isDeterministic: b['isDeterministic'] === true });
    const status = existed ? 200 : 201;
    return { status, body: { error: false, code: status, isNewlyCreated: !existed } };
  });
  router.delete('/_api/aqlfunction/:name', (req) => {
    req.ctx.requireDatabaseAccess('rw');
    const name = (req.params['name'] as string).toUpperCase();
    const fns = registryOf(req.ctx.state).userFunctions(req.dbName);
    // the shared boolean reader (`1`, `true`, `yes`, …), as RestAqlUserFunctionsHandler uses
    const group = flag(req, 'group');
    let deleted = 0;
    for (const k of [...fns.keys()]) {
      if (k === name || (group && k.startsWith(`${name}::`))) {
        fns.delete(k);
        deleted++;
      }
    }
    if (deleted === 0 && !group) throw AqlError.of(404, 'ERROR_QUERY_FUNCTION_NOT_FOUND', `user function '${req.params['name'] as string}()' not found`);
    return { status: 200, body: { error: false, code: 200, deletedCount: deleted } };
  });
}

/**
 * Explain's `stats` (Optimizer::Stats::toVelocyPack): the rules run and skipped on the way to
 * this plan (optimizer-rules.ts); with `profile` ≥ 2 also each rule run with its run time. The
 * emulator plans in one step, so that measured planning time is shared out over the rules run.
 */
function optimizerStats(plan: Plan, options: Record<string, unknown>, cluster: boolean, planSeconds: number, totalSeconds: number): Record<string, unknown> {
  const optimizer = options['optimizer'];
  const wanted = typeof optimizer === 'object' && optimizer !== null && Array.isArray((optimizer as { rules?: unknown }).rules)
    ? ((optimizer as { rules: unknown[] }).rules.filter((r): r is string => typeof r === 'string'))
    : [];
  const { ran, rulesExecuted, rulesSkipped } = ruleRun(plan, wanted, cluster);
  const p = options['profile'];
  const profile = p === true ? 1 : typeof p === 'number' ? p : 0;
  const rules: Record<string, number> = {};
  if (profile >= 2) for (const r of ran) rules[r] = (rules[r] ?? 0) + planSeconds / ran.length;
  return { rulesExecuted, rulesSkipped, plansCreated: 1, rules, peakMemoryUsage: 0, executionTime: totalSeconds };
}

function explain(req: EmuRequest): EmuResponse {
  const started = performance.now();
  const b = body(req);
  if (typeof b['query'] !== 'string' || b['query'].trim() === '') throw AqlError.of(400, 'ERROR_QUERY_EMPTY');
  const options = (typeof b['options'] === 'object' && b['options'] !== null ? b['options'] : {}) as Record<string, unknown>;
  const fns = registryOf(req.ctx.state).userFunctions(req.dbName);
  let q: Query;
  let bindVars: Record<string, unknown>;
  let exec: QueryExecution;
  try {
    q = parseAql(b['query']);
    bindVars = checkBindVars(q, b['bindVars'], false);
    // compiling resolves collections and functions, so explain reports the same errors a run would
    // failOnWarning / maxWarningCount apply here too: a warning raised while the query is
    // compiled (constant folding: `1 / 0`) fails the explain with its code, as Query::explain's
    // warnings do when the option is set
    exec = new QueryExecution(req.ctx.db, q, {
      bindVars, user: req.user, userFunctionExists: (n) => fns.has(n), access: queryAccess(req.ctx),
      failOnWarning: options['failOnWarning'] === true,
      ...(typeof options['maxWarningCount'] === 'number' ? { maxWarningCount: options['maxWarningCount'] } : {}),
    });
    try {
      // explain sets up the query's transaction too, so it checks the same rights
      checkQueryDataSources(req.ctx, exec.reads, exec.writes, new Set());
      checkUnusedBindVars(q, bindVars);
    } catch (e) {
      exec.close();
      throw e;
    }
  } catch (e) {
    throw queryErrorFor('explain', e);
  }
  exec.close();
  const planStart = performance.now();
  const plan = planOf(q, (e) => dataSourceName(e, bindVars), {
    collections: planCollections(exec.reads, exec.writes, (c) => req.ctx.db.hasCollection(c)),
    folded: exec.folded, indexChoices: exec.indexChoices, indexHints: exec.indexHints,
    countOf: (c) => (req.ctx.db.hasCollection(c) ? req.ctx.db.collection(c).count() : 0),
  });
  const planSeconds = (performance.now() - planStart) / 1000;
  const stats = optimizerStats(plan, options, req.ctx.server.role === 'COORDINATOR', planSeconds, (performance.now() - started) / 1000);
  if (options['allPlans'] === true) {
    return { status: 200, body: { plans: [plan], warnings: exec.warnings, stats, error: false, code: 200 } };
  }
  // as Query::explain: no writes, no warnings, nothing non-deterministic
  const cacheable = !exec.isModification && exec.warnings.length === 0 && isCacheableQuery(b['query']);
  return { status: 200, body: { plan, cacheable, warnings: exec.warnings, stats, error: false, code: 200 } };
}

function parseQuery(req: EmuRequest): EmuResponse {
  const b = body(req);
  if (typeof b['query'] !== 'string' || b['query'].trim() === '') throw AqlError.of(400, 'ERROR_QUERY_EMPTY');
  const q = parseAql(b['query']);
  return {
    status: 200,
    body: { error: false, code: 200, parsed: true, collections: q.collections, bindVars: q.bindParams, ast: queryAstJson(q), warnings: [] },
  };
}

/** Whether a user function's JavaScript compiles (as an expression); it is never executed. */
function compiles(code: string): boolean {
  try {
    new Script(`(${code}\n)`);
    return true;
  } catch {
    return false;
  }
}
