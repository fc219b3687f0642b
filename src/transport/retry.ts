/**
 * Retry rules. One retry loop (transport.ts) applies them under one deadline per call.
 *
 * 1. Never reached a server — connection refused, DNS failure, connect timeout, TLS handshake
 *    failure, or the socket closed before the request was completely written: the server cannot
 *    have processed it, so it is retried on another host whatever its method. The host is marked
 *    down.
 * 2. May have reached a server — the connection broke after the request was written (reset,
 *    "other side closed") or while the answer was downloading: retried (on another host) only when
 *    the request is idempotent: GET and HEAD, or a call that sets `idempotent: true` because it is
 *    documented as safe to repeat. Otherwise the call fails at once with a `NetworkError` whose
 *    `mayHaveBeenApplied` is true — a write is never silently sent twice. The host leaves rotation
 *    only when this repeats without an answer in between: a server that closes an idle keep-alive
 *    socket just as it is reused (the race undici's idle-socket check cannot close) is not a dead
 *    host, and that race falls under this rule rather than risking a double write.
 * 3. 503 Service Unavailable with errorNum 503 (startup, maintenance), 30 (shutting down),
 *    21003 (queue full), 1495/1496 (leadership challenge / not leader) or no envelope at all: the
 *    server refused the request without executing it, so it moves to the next host after a
 *    back-off, whatever its method. 503/30/21003 and bare 503s also mark the host down;
 *    1495/1496 concern a DB-server, not the coordinator, so they do not.
 * 4. Pinned requests (`hostId`: cursor, stream-transaction and job follow-ups, query kills) are
 *    never moved: another coordinator could not serve them. A pinned request whose host is gone or
 *    unreachable fails with an error that says so. A 503 on a pinned request is retried on the same
 *    host after a back-off.
 * 5. 409 with errorNum 1200 (write-write conflict) is retried only when the call opts in with
 *    `retryOnConflict: n` (at most n extra tries), after a short back-off.
 * 6. 401 with errorNum 11 on a JWT session (`authMethod: 'jwt'`): the token is renewed once and the
 *    request re-sent (it was refused, so it was not executed).
 * 7. Attempt timeouts (attempt-timeout.ts): an idempotent, unpinned attempt that passes its attempt
 *    timeout is sent again to another host while the call's deadline lasts; a write keeps waiting.
 *    Hedges (hedge.ts) and ejections (outlier.ts) are the transport's other gray-failure decisions.
 * 8. Bounds: at most `maxTries` attempts (default 3 × the number of hosts) and the call's deadline
 *    (`timeout`), which covers every attempt, every back-off and the body download. When tries run
 *    out the error is a `NoHostAvailableError` listing each host tried and why it failed; when time
 *    runs out it is a `TimeoutError` (with `mayHaveBeenApplied` when an attempt was on the wire).
 * Anything else — any other HTTP status, 404s included — is an answer, returned or thrown as an
 * `ArangoServerError`, and never triggers a failover.
 */
import { errors } from '../error-codes.js';
import { ConnectionFailure, errorCode } from './http-client.js';

/** Platform error codes that mean the request never reached a server. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Whether a network failure may have let the server see the whole request. */
export function mayHaveBeenSent(err: unknown): boolean {
  if (err instanceof ConnectionFailure) return err.requestSent;
  const flagged = (err as { requestSent?: unknown } | null)?.requestSent;
  if (typeof flagged === 'boolean') return flagged;
  const code = errorCode(err);
  return code === undefined || !NOT_SENT_CODES.has(code);
}

/** A 503 that means "not executed, try another coordinator"; and whether it also marks the host down. */
export function classifyUnavailable(status: number, errorNum: number): 'retry-mark-down' | 'retry' | undefined {
  if (status !== 503) return undefined;
  switch (errorNum) {
    case 0:
    case errors.ERROR_HTTP_SERVICE_UNAVAILABLE:
    case errors.ERROR_SHUTTING_DOWN:
    case errors.ERROR_QUEUE_FULL:
      return 'retry-mark-down';
    case errors.ERROR_CLUSTER_LEADERSHIP_CHALLENGE_ONGOING:
    case errors.ERROR_CLUSTER_NOT_LEADER:
      return 'retry';
    default:
      return undefined;
  }
}

export function isConflict(status: number, errorNum: number): boolean {
  return status === 409 && errorNum === errors.ERROR_ARANGO_CONFLICT;
}

/** Back-off before retry number `n` (1-based): exponential from `base`, capped, with ±25 % jitter. */
export function backoff(n: number, base = 50, cap = 1_000): number {
  const raw = Math.min(cap, base * 2 ** Math.max(0, n - 1));
  return Math.round(raw * (0.75 + Math.random() * 0.5));
}

/** How long a host stays down after its n-th consecutive failure before the next probe. */
export function hostDownFor(failures: number, initial: number, max: number): number {
  return Math.min(max, initial * 2 ** Math.max(0, Math.min(failures - 1, 20)));
}
