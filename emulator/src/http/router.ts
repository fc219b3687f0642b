import type { IncomingHttpHeaders } from 'node:http';
import { httpError } from '../errors.js';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/**
 * What a handler sees. The server fills it: the `/_db/{name}` prefix is stripped and resolved,
 * auth is checked, path parameters are URL-decoded.
 */
export interface EmuRequest {
  readonly method: Method;
  /** Path below the database prefix, still encoded, e.g. `/_api/document/users/a%20b`. */
  readonly path: string;
  /** Decoded path parameters named in the route pattern (`:collection` → `params.collection`). */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The raw (already decompressed) request body. */
  readonly body: Buffer;
  /** Parses the body as JSON; a malformed body answers 400 / ERROR_HTTP_CORRUPTED_JSON (600). */
  json<T = unknown>(): T;
  /** The database named by the `/_db/{name}` prefix (`_system` without one). */
  readonly dbName: string;
  /** The authenticated user, or null when auth is off. */
  readonly user: string | null;
  /** Opaque per-request context the server adds (state, coordinator); see http/context.ts. */
  readonly ctx: RequestContext;
}

/** Filled by the server; declared by declaration merging in http/context.ts. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RequestContext {}

export interface EmuResponse {
  status: number;
  /** Serialised as JSON unless `rawBody` is given. */
  body?: unknown;
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

export type Handler = (req: EmuRequest) => EmuResponse | Promise<EmuResponse>;

export interface RouteOptions {
  /** Only answered in the `_system` database (ArangoDB: 403 / ERROR_ARANGO_USE_SYSTEM_DATABASE). */
  systemOnly?: boolean;
  /** Reachable without authentication (e.g. `/_open/auth`, `/_api/version` is NOT one). */
  open?: boolean;
  /**
   * Needs an authenticated caller but no access to the database of the prefix (ArangoDB lets
   * any user call e.g. `/_api/cluster/endpoints` or read their own user).
   */
  anyUser?: boolean;
}

interface Route {
  method: Method;
  segments: string[];
  handler: Handler;
  options: RouteOptions;
}

export interface RouteMatch {
  handler: Handler;
  params: Record<string, string>;
  options: RouteOptions;
}

/**
 * Routes by path segments. A pattern segment `:name` captures one segment; a final `*name`
 * captures the rest (decoded segments joined with `/`). Literal segments beat captures, so
 * `/_api/collection/:name/properties` and `/_api/collection/:name` can coexist.
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: Method, pattern: string, handler: Handler, options: RouteOptions = {}): this {
    this.routes.push({ method, segments: split(pattern), handler, options });
    return this;
  }

  get(p: string, h: Handler, o?: RouteOptions): this { return this.add('GET', p, h, o); }
  post(p: string, h: Handler, o?: RouteOptions): this { return this.add('POST', p, h, o); }
  put(p: string, h: Handler, o?: RouteOptions): this { return this.add('PUT', p, h, o); }
  patch(p: string, h: Handler, o?: RouteOptions): this { return this.add('PATCH', p, h, o); }
  delete(p: string, h: Handler, o?: RouteOptions): this { return this.add('DELETE', p, h, o); }
  head(p: string, h: Handler, o?: RouteOptions): this { return this.add('HEAD', p, h, o); }

  /**
   * Finds the route for a request. Unknown path → 404 / ERROR_HTTP_NOT_FOUND; known path with
   * another method → 405 / ERROR_HTTP_METHOD_NOT_ALLOWED, as ArangoDB answers.
   */
  match(method: Method, path: string): RouteMatch {
    const parts = split(path);
    let best: { route: Route; params: Record<string, string>; score: number } | undefined;
    let pathKnown = false;
    for (const route of this.routes) {
      const m = matchSegments(route.segments, parts);
      if (!m) continue;
      pathKnown = true;
      // HEAD falls back to the GET route, as ArangoDB answers HEAD wherever it answers GET.
      if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) continue;
      if (!best || m.score > best.score || (m.score === best.score && route.method === method)) {
        best = { route, params: m.params, score: m.score };
      }
    }
    if (!best) {
      if (pathKnown) throw httpError(405, 'ERROR_HTTP_METHOD_NOT_ALLOWED', 'method not supported');
      throw httpError(404, 'ERROR_HTTP_NOT_FOUND', `unknown path '${path}'`);
    }
    return { handler: best.route.handler, params: best.params, options: best.route.options };
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', `invalid URL encoding in '${segment}'`);
  }
}

function matchSegments(pattern: string[], parts: string[]): { params: Record<string, string>; score: number } | null {
  const params: Record<string, string> = {};
  let score = 0;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    if (p.startsWith('*')) {
      if (i >= parts.length) return null;
      params[p.slice(1)] = parts.slice(i).map(decode).join('/');
      return { params, score };
    }
    const part = parts[i];
    if (part === undefined) return null;
    if (p.startsWith(':')) {
      params[p.slice(1)] = decode(part);
      score += 1;
    } else if (p === part) {
      score += 2;
    } else {
      return null;
    }
  }
  return parts.length === pattern.length ? { params, score } : null;
}
