/**
 * CORS as ArangoDB answers it (CommTask::finishExecution / allowCorsCredentials,
 * GeneralServerFeature::validateOptions). Every answer to a request with an `Origin` header
 * echoes that origin in `access-control-allow-origin`, but `access-control-allow-credentials`
 * is `true` only for an origin listed with `--http.trusted-origin` (`*` or `all` trusts every
 * origin). A browser hands a credentialed cross-origin answer to the page only with
 * `allow-credentials: true`, so an untrusted site cannot read what the user's cookies or cached
 * Basic credentials would reach.
 */

/** The headers a page may read from a CORS answer (ArangoDB's StaticStrings::ExposedCorsHeaders). */
const EXPOSED = 'etag, content-encoding, content-length, location, server, x-arango-errors, x-arango-async-id';

/**
 * `--http.trusted-origin` values as the server keeps them: `*` or `all` anywhere → `['*']`;
 * `none` → nothing trusted; otherwise the origins with one trailing slash removed, empty ones
 * dropped.
 */
export function normaliseTrustedOrigins(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of values) {
    if (raw === '*' || raw === 'all') return ['*'];
    if (raw === 'none') return [];
    const v = raw.endsWith('/') ? raw.slice(0, -1) : raw;
    if (v.trim() !== '') out.push(v);
  }
  return out;
}

/** Whether an answer to `origin` may carry credentials. */
export function allowsCredentials(trusted: readonly string[], origin: string): boolean {
  if (origin === '' || trusted.length === 0) return false;
  if (trusted[0] === '*') return true;
  return trusted.includes(origin.endsWith('/') ? origin.slice(0, -1) : origin);
}

/** Adds the CORS headers for a request's `Origin` (none without one). */
export function addCorsHeaders(headers: Record<string, string>, origin: string | undefined, trusted: readonly string[]): void {
  if (origin === undefined || origin === '') return;
  headers['access-control-allow-origin'] ??= origin;
  headers['access-control-allow-credentials'] ??= allowsCredentials(trusted, origin) ? 'true' : 'false';
  headers['access-control-expose-headers'] ??= EXPOSED;
}

const METHODS = 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT';

/**
 * The answer to `OPTIONS` (any path, before authentication): 200 with `allow`, and for a CORS
 * preflight (an `Origin` header) every method, the requested headers and a max-age of 1800 s.
 * The origin headers are added to it like to any answer.
 */
export function preflightHeaders(origin: string | undefined, requestedHeaders: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { allow: METHODS };
  if (origin !== undefined && origin !== '') {
    headers['access-control-allow-methods'] = METHODS;
    const asked = requestedHeaders?.trim();
    if (asked !== undefined && asked !== '') headers['access-control-allow-headers'] = asked;
    headers['access-control-max-age'] = '1800';
  }
  return headers;
}
