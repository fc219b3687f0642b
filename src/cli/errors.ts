/** Turning any failure into the one line a user reads: `error: <message>`. */
import { ArangoServerError, NoHostAvailableError } from '../index.js';

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s !== '') out = out.split(s).join('***');
  return out;
}

/** One line, no stack; secrets replaced by `***` however they got there. */
export function describeError(error: unknown, secrets: readonly string[]): string {
  let message: string;
  if (error instanceof ArangoServerError) {
    const hint =
      error.httpCode === 401 ? ' — check --username and the password' : error.httpCode === 403 ? ' — the user lacks the rights for this' : '';
    message = `${error.errorMessage} (HTTP ${error.httpCode}, errorNum ${error.errorNum}, ${error.method} ${error.url})${hint}`;
  } else if (error instanceof NoHostAvailableError) {
    message = `${error.message} — check --hosts`;
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
