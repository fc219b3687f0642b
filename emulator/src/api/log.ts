/**
 * Logs (openapi_3.12_monitoring_logs.txt): the server log's entries (`/_admin/log/entries`, the
 * older `/_admin/log`), the log levels of each server and the structured-log parameters.
 */
import { flag } from '../http/params.js';
import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import { httpError } from '../errors.js';
import { LOG_LEVELS, type ServerNode, type ServerState } from '../store/server-state.js';
import { targetNode } from './target-node.js';

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

export function register(router: Router): void {
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
}
