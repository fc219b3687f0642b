/** Builds the client and the database handle from the common options, the environment and the password sources. */
import { readFile } from 'node:fs/promises';
import { ArangoClient, HOST_RESOLVER_NAMES, type ArangoClientOptions, type Database, type HostResolverName, type TlsOptions } from '../index.js';
import { flag, numberOption, stringList, stringOption, UsageError, type OptionValues } from './args.js';
import type { CliIO } from './io.js';
import { promptPassword, readPasswordFile } from './password.js';

export const DEFAULT_HOSTS = 'http://127.0.0.1:8529';

export interface Connection {
  client: ArangoClient;
  db: Database;
}

/** Seconds from `--timeout` (or `timeoutOption`) to the client's milliseconds; 0 means none. */
function timeoutMs(values: OptionValues, command: string, timeoutOption: string): number | undefined {
  const seconds = numberOption(values, timeoutOption, command, { min: 0, integer: false });
  return seconds === undefined ? undefined : Math.round(seconds * 1000);
}

async function password(values: OptionValues, io: CliIO, command: string): Promise<string> {
  const file = stringOption(values, 'password-file');
  const prompt = flag(values, 'password-prompt');
  if (file !== undefined && prompt) throw new UsageError('use either --password-file or --password-prompt, not both', command);
  if (file !== undefined) return readPasswordFile(file);
  if (prompt) return promptPassword(io.stdin, io.stderr);
  return io.env.ARANGO_PASSWORD ?? '';
}

/**
 * A password inside a host URL would show in the process list and in shell history; the driver
 * refuses it too, but its message speaks to programmers. This one names the CLI's own ways. The
 * embedded password joins `secrets`, so no later message can echo it.
 */
function refuseCredentials(hosts: string, source: string, command: string, secrets: string[]): void {
  for (const entry of hosts.split(',')) {
    const m = /^\s*[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(entry);
    if (m === null) continue;
    const userinfo = m[1] ?? '';
    const colon = userinfo.indexOf(':');
    if (colon >= 0 && colon < userinfo.length - 1) {
      const raw = userinfo.slice(colon + 1);
      secrets.push(raw);
      try {
        secrets.push(decodeURIComponent(raw));
      } catch {
        // Not percent-encoded text: the raw form is already scrubbed.
      }
    }
    const shown = entry.trim().replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1***@');
    throw new UsageError(
      `${source}: ${shown} holds credentials; give the user with --username (or ARANGO_USER) and the password with --password-file, --password-prompt or ARANGO_PASSWORD, and list the hosts without them`,
      command,
    );
  }
}

/**
 * Connects as the options say. The password is added to `secrets` (so the caller can scrub error
 * output of it as a last line of defence) before anything can fail with it in scope. `timeoutOption` names the option holding the request timeout
 * (`request-timeout` for commands where `--timeout` is their own option).
 */
export async function connect(values: OptionValues, io: CliIO, command: string, secrets: string[], timeoutOption = 'timeout'): Promise<Connection> {
  const fromFlag = stringOption(values, 'hosts');
  const hosts = fromFlag ?? io.env.ARANGO_HOSTS ?? DEFAULT_HOSTS;
  refuseCredentials(hosts, fromFlag !== undefined ? '--hosts' : 'ARANGO_HOSTS', command, secrets);
  const resolver = stringOption(values, 'resolver');
  if (resolver !== undefined && !(HOST_RESOLVER_NAMES as readonly string[]).includes(resolver)) {
    throw new UsageError(`--resolver must be one of ${HOST_RESOLVER_NAMES.join(', ')}, got '${resolver}'`, command);
  }
  const options: ArangoClientOptions = { hosts };
  if (resolver !== undefined) options.hostResolver = resolver as HostResolverName;
  // --request-timeout is accepted everywhere; --timeout only where it is not the command's own option.
  const timeout = timeoutMs(values, command, timeoutOption) ?? (timeoutOption === 'timeout' ? timeoutMs(values, command, 'request-timeout') : undefined);
  if (timeout !== undefined) options.timeout = timeout;
  const tls: TlsOptions = {};
  const caFiles = stringList(values, 'ca');
  if (caFiles.length > 0) {
    tls.ca = await Promise.all(
      caFiles.map(async (f) => {
        try {
          return await readFile(f, 'utf8');
        } catch (e) {
          throw new UsageError(`cannot read CA file '${f}' (${(e as { code?: string }).code ?? 'unreadable'})`, command);
        }
      }),
    );
  }
  if (flag(values, 'insecure')) tls.rejectUnauthorized = false;
  if (Object.keys(tls).length > 0) options.tls = tls;

  const username = stringOption(values, 'username') ?? io.env.ARANGO_USER ?? 'root';
  const pw = await password(values, io, command);
  if (pw !== '') secrets.push(pw);
  const database = stringOption(values, 'database') ?? io.env.ARANGO_DATABASE ?? '_system';
  const client = new ArangoClient(options);
  try {
    const db = await client.db(database, { username, password: pw });
    return { client, db };
  } catch (e) {
    await client.close();
    throw e;
  }
}
