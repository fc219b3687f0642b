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

/** What one pattern segment is, decided once when the route is added. */
const LITERAL = 0;
const PARAM = 1;
const REST = 2;
type SegmentKind = typeof LITERAL | typeof PARAM | typeof REST;

interface Route {
  method: Method;
  /** Literal text, or the parameter name for PARAM / REST segments. */
  segments: string[];
  kinds: SegmentKind[];
  handler: Handler;
  options: RouteOptions;
  /** Registration order: ties between equally specific routes are broken by it. */
  order: number;
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
 *
 * Every pattern of the API starts with literal segments (`/_api/document/...`), so routes are
 * indexed by their first two literal segments: a request is compared only with the few routes
 * that can match it, not with all of them.
 */
export class Router {
  private readonly routes: Route[] = [];
  /** Candidates by `first\0second` literal segment, merged with the two lists below. */
  private byTwo = new Map<string, Route[]>();
  /** Candidates by first literal segment (routes whose second segment is not literal). */
  private byOne = new Map<string, Route[]>();
  /** Routes whose first segment is not literal. */
  private general: Route[] = [];
  private indexed = true;

  add(method: Method, pattern: string, handler: Handler, options: RouteOptions = {}): this {
    const segments: string[] = [];
    const kinds: SegmentKind[] = [];
    for (const s of split(pattern)) {
      if (s.startsWith('*')) {
        segments.push(s.slice(1));
        kinds.push(REST);
      } else if (s.startsWith(':')) {
        segments.push(s.slice(1));
        kinds.push(PARAM);
      } else {
        segments.push(s);
        kinds.push(LITERAL);
      }
    }
    this.routes.push({ method, segments, kinds, handler, options, order: this.routes.length });
    this.indexed = false;
    return this;
  }

  /** Every registered route as method and pattern (`/_api/document/:collection/:key`), in registration order. */
  list(): Array<{ method: Method; pattern: string }> {
    return this.routes.map((r) => ({
      method: r.method,
      pattern: '/' + r.segments.map((s, i) => (r.kinds[i] === PARAM ? `:${s}` : r.kinds[i] === REST ? `*${s}` : s)).join('/'),
    }));
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
    let best: Route | undefined;
    let bestScore = -1;
    let pathKnown = false;
    // Candidates come in registration order, so the rules below pick what a scan of every route would.
    for (const route of this.candidates(parts)) {
      const score = matchScore(route, parts);
      if (score < 0) continue;
      pathKnown = true;
      // HEAD falls back to the GET route, as ArangoDB answers HEAD wherever it answers GET.
      if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) continue;
      if (best === undefined || score > bestScore || (score === bestScore && route.method === method)) {
        best = route;
        bestScore = score;
      }
    }
    if (!best) {
      if (pathKnown) throw httpError(405, 'ERROR_HTTP_METHOD_NOT_ALLOWED', 'method not supported');
      throw httpError(404, 'ERROR_HTTP_NOT_FOUND', `unknown path '${path}'`);
    }
    // Only the chosen route's captures are decoded (a bad %-escape there → 400).
    return { handler: best.handler, params: captures(best, parts), options: best.options };
  }

  private candidates(parts: string[]): Route[] {
    if (!this.indexed) this.buildIndex();
    const first = parts[0];
    if (first === undefined) return this.general;
    const second = parts[1];
    if (second !== undefined) {
      const two = this.byTwo.get(`${first}\0${second}`);
      if (two) return two;
    }
    return this.byOne.get(first) ?? this.general;
  }

  private buildIndex(): void {
    const byTwo = new Map<string, Route[]>();
    const byOne = new Map<string, Route[]>();
    const general: Route[] = [];
    const firstLiterals = new Set<string>();
    for (const r of this.routes) {
      if (r.kinds[0] === LITERAL) firstLiterals.add(r.segments[0] as string);
      else general.push(r);
    }
    for (const first of firstLiterals) {
      byOne.set(first, this.routes.filter((r) => r.kinds[0] !== LITERAL || (r.segments[0] === first && r.kinds[1] !== LITERAL)));
    }
    for (const r of this.routes) {
      if (r.kinds[0] !== LITERAL || r.kinds[1] !== LITERAL) continue;
      const first = r.segments[0] as string;
      const key = `${first}\0${r.segments[1] as string}`;
      if (byTwo.has(key)) continue;
      const second = r.segments[1];
      byTwo.set(key, this.routes.filter((x) =>
        x.kinds[0] !== LITERAL || (x.segments[0] === first && (x.kinds[1] !== LITERAL || x.segments[1] === second))));
    }
    this.byTwo = byTwo;
    this.byOne = byOne;
    this.general = general;
    this.indexed = true;
  }
}

function split(path: string): string[] {
  const parts = path.split('/');
  // Most paths have no empty segment but the leading one: avoid filter's copy then.
  let empty = 0;
  for (const p of parts) if (p === '') empty++;
  if (empty === 0) return parts;
  if (empty === 1 && parts[0] === '') {
    parts.shift();
    return parts;
  }
  return parts.filter((s) => s !== '');
}

function decode(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', `invalid URL encoding in '${segment}'`);
  }
}

/** -1 when the route does not match; else literal segments count 2, captures 1. */
function matchScore(route: Route, parts: string[]): number {
  const { segments, kinds } = route;
  let score = 0;
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i];
    if (kind === REST) return i < parts.length ? score : -1;
    const part = parts[i];
    if (part === undefined) return -1;
    if (kind === PARAM) score += 1;
    else if (segments[i] === part) score += 2;
    else return -1;
  }
  return parts.length === kinds.length ? score : -1;
}

function captures(route: Route, parts: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  const { segments, kinds } = route;
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i];
    const name = segments[i] as string;
    if (kind === REST) {
      params[name] = parts.slice(i).map(decode).join('/');
      break;
    }
    if (kind === PARAM) params[name] = decode(parts[i] as string);
  }
  return params;
}
