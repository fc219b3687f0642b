/** Turning any failure into the one line a user reads: `error: <message>`. */
import { ArangoServerError, NoHostAvailableError } from '../index.js';

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s !== '') out = out.split(s).join('***');
  return out;
}

/**
 * Every try failed: one line for the call, then one line per host with what went wrong there
 * (tries of the same host with the same reason counted, not repeated).
 */
function unreachable(error: NoHostAvailableError): string {
  const byHost = new Map<string, Map<string, number>>();
  for (const a of error.attempts) {
    const reasons = byHost.get(a.hostId) ?? new Map<string, number>();
    const reason = plainReason(a.reason);
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    byHost.set(a.hostId, reasons);
  }
  if (byHost.size === 0) return `${error.message.replace(/\s*\n\s*/g, '; ')} — check --hosts`;
  const width = Math.max(...[...byHost.keys()].map((h) => h.length));
  const lines = [...byHost].map(([host, reasons]) => {
    const text = [...reasons].map(([r, n]) => (n > 1 ? `${r}, ${n} tries` : r)).join('; ');
    return `  ${host.padEnd(width)}  ${text}`;
  });
  const hosts = byHost.size === 1 ? 'the host' : `any of ${byHost.size} hosts`;
  return `${error.method} ${error.url}: could not reach ${hosts} — check --hosts\n${lines.join('\n')}`;
}

const SOCKET_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
};

/** "connect ECONNREFUSED 127.0.0.1:1" repeats the host the line already names: keep what went wrong. */
function plainReason(reason: string): string {
  const flat = reason.replace(/\s*\n\s*/g, '; ');
  const m = /^(?:connect |getaddrinfo |read |write )?(E[A-Z_]+)(?: \S+)?$/.exec(flat);
  const code = m?.[1];
  if (code === undefined) return flat;
  const text = SOCKET_ERRORS[code];
  return text === undefined ? code : `${text} (${code})`;
}

/** One line (a list of hosts for an unreachable cluster), no stack; secrets replaced by `***` however they got there. */
export function describeError(error: unknown, secrets: readonly string[]): string {
  let message: string;
  if (error instanceof ArangoServerError) {
    const hint =
      error.httpCode === 401 ? ' — check --username and the password' : error.httpCode === 403 ? ' — the user lacks the rights for this' : '';
    message = `${error.errorMessage} (HTTP ${error.httpCode}, errorNum ${error.errorNum}, ${error.method} ${error.url})${hint}`;
  } else if (error instanceof NoHostAvailableError) {
    return scrub(unreachable(error), secrets);
  } else if (error instanceof Error) {
    message = error.message;
  } else {
    message = String(error);
  }
  return scrub(message.replace(/\s*\n\s*/g, '; '), secrets);
}

/** Stack (with causes) for --debug, scrubbed like the message. */
export function describeStack(error: unknown, secrets: readonly string[]): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    parts.push(current instanceof Error ? (current.stack ?? current.message) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current !== undefined) parts.push('caused by:');
  }
  return scrub(parts.join('\n'), secrets);
}
