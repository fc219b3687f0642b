/**
 * An incoming request as the handlers see it, and its resolution before any handler runs: the
 * `/_db/{name}` prefix, the queue-time limit, the route, authentication, the database and its
 * access level, read-only mode and the owner of a stream transaction.
 */
import type { IncomingMessage } from 'node:http';
import { ArangoHttpError, httpError } from '../errors.js';
import type { NodeStats, ServerNode, ServerState } from '../store/server-state.js';
import { ANONYMOUS, authenticate, type Identity } from './auth.js';
import { parseJson } from './body.js';
import { Context, type Connection } from './context.js';
import { headerValue } from './params.js';
import { readOnlyRefusal } from './read-only.js';
import type { EmuRequest, Method, RequestContext, RouteMatch, Router } from './router.js';

const METHODS = new Set<Method>(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Paths ArangoDB serves without authentication (CommTask: `/_open/*`, availability). */
function isOpenPath(path: string): boolean {
  return path.startsWith('/_open/') || path === '/_admin/server/availability';
}

export class Request implements EmuRequest {
  private parsedQuery: URLSearchParams | undefined;
  constructor(
    readonly method: Method,
    readonly path: string,
    /** The raw query string (without `?`): parsed on first use, many handlers never read it. */
    private readonly search: string,
    readonly headers: IncomingMessage['headers'],
    readonly body: Buffer,
    readonly dbName: string,
    readonly user: string | null,
    readonly ctx: RequestContext,
    readonly params: Readonly<Record<string, string>>,
  ) {}

  get query(): URLSearchParams {
    return (this.parsedQuery ??= new URLSearchParams(this.search));
  }

  /** The same request, seen by an async job with its own context. */
  withContext(ctx: RequestContext): Request {
    return new Request(this.method, this.path, this.search, this.headers, this.body, this.dbName, this.user, ctx, this.params);
  }

  /** The same request with its body decoded (Content-Encoding). */
  withBody(body: Buffer): Request {
    return new Request(this.method, this.path, this.search, this.headers, body, this.dbName, this.user, this.ctx, this.params);
  }

  json<T = unknown>(): T {
    return parseJson<T>(this.body);
  }
}

export interface Prepared {
  req: Request;
  ctx: Context;
  match: RouteMatch;
}

/** What resolving a request needs of the server that received it. */
export interface PreparingNode extends ServerNode {
  readonly state: ServerState;
  readonly router: Router;
  readonly stats: NodeStats;
  /** The queue time the server reports (its injected latency), in seconds. */
  queueTimeSeconds(): number;
}

/** Resolves prefix, auth, database and route; throws ArangoDB's error for each failure. */
export function prepare(node: PreparingNode, method: string, req: IncomingMessage, res: Connection, body: Buffer): Prepared {
  if (!METHODS.has(method as Method)) throw httpError(405, 'ERROR_HTTP_METHOD_NOT_ALLOWED', 'method not supported');
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  let path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const search = q < 0 ? '' : rawUrl.slice(q + 1);
  let dbName = '_system';
  if (path.startsWith('/_db/')) {
    // `/_db/{name}` or `/_db/{name}/rest…`
    const end = path.indexOf('/', 5);
    const encoded = end < 0 ? path.slice(5) : path.slice(5, end);
    try {
      dbName = decodeURIComponent(encoded);
    } catch {
      throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'invalid database name encoding');
    }
    path = end < 0 ? '/' : path.slice(end);
  }

  const queueLimit = req.headers['x-arango-queue-time-seconds'];
  if (queueLimit !== undefined) {
    const maxQueue = Number(headerValue(queueLimit));
    if (Number.isFinite(maxQueue) && maxQueue > 0 && node.queueTimeSeconds() > maxQueue) {
      node.stats.queueTimeViolations++;
      throw httpError(412, 'ERROR_QUEUE_TIME_REQUIREMENT_VIOLATED');
    }
  }

  let match: RouteMatch | undefined;
  let routeError: unknown;
  try {
    match = node.router.match(method as Method, path);
  } catch (e) {
    routeError = e;
  }

  const open = isOpenPath(path) || match?.options.open === true;
  let identity: Identity = ANONYMOUS;
  if (node.state.authentication) {
    const id = authenticate(node.state, req.headers);
    // ArangoDB serves the open paths even when the credentials sent are wrong, as anonymous
    // (VocbaseContext/CommTask: "these paths are always callable"), so a client can log in at
    // /_open/auth whatever Authorization header it carries.
    if (id === null && !open) throw unauthorized();
    if (id !== null) identity = id;
    if (identity.kind === 'anonymous' && !open) throw unauthorized();
  }
  const user = identity.kind === 'user' ? identity.user : null;
  if (user) node.stats.requestsUser++;
  else node.stats.requestsSuperuser++;

  if (!node.state.hasDatabase(dbName)) {
    // Unknown names are not revealed to callers without access to that name.
    if (node.state.authentication && user && node.state.users.databaseLevel(user, dbName) === 'none') throw unauthorized();
    throw httpError(404, 'ERROR_ARANGO_DATABASE_NOT_FOUND');
  }
  const ctx = new Context(node.state, node, node.state.database(dbName), identity, res);
  if (!open && match?.options.anyUser !== true && identity.kind === 'user' && ctx.databaseLevel() === 'none') {
    throw unauthorized();
  }
  if (routeError !== undefined || !match) {
    // ArangoDB picks the handler by path, queues an async job, and only the handler's
    // execute() looks at the method and the rest of the path: a stored job carries the
    // 405 / 400 / 404 as its result (the recorded job_fetch_result_04).
    const asyncMode = headerValue(req.headers['x-arango-async']);
    if (asyncMode !== 'true' && asyncMode !== 'store') throw routeError;
    const err = routeError;
    match = { handler: () => { throw err; }, params: {}, options: {} };
  }
  if (match.options.systemOnly) ctx.requireSystemDatabase();

  node.stats.recordCall(method, path, dbName);
  const request = new Request(method as Method, path, search, req.headers, body, dbName, user, ctx, match.params);
  if (node.state.mode === 'readonly') {
    const refusal = readOnlyRefusal(method, path, request.query);
    if (refusal) throw refusal;
  }
  // Requests inside a stream transaction go to the transaction's coordinator.
  const trx = headerValue(req.headers['x-arango-trx-id']);
  if (trx !== undefined && trx !== '') ctx.checkOwner(trx);
  return { req: request, ctx, match };
}

function unauthorized(): ArangoHttpError {
  return new ArangoHttpError(401, 11, 'not authorized to execute this request', undefined, {
    // The header the real server sends with a 401 (suppressed by x-omit-www-authenticate).
    'www-authenticate': 'Bearer token_type="JWT", realm="ARANGODB"',
  });
}
