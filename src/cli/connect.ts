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
 * Connects as the options say. The password is added to `secrets` (so the caller can scrub error
 * output of it as a last line of defence) before anything can fail with it in scope. `timeoutOption` names the option holding the request timeout
 * (`request-timeout` for commands where `--timeout` is their own option).
 */
export async function connect(values: OptionValues, io: CliIO, command: string, secrets: string[], timeoutOption = 'timeout'): Promise<Connection> {
  const hosts = stringOption(values, 'hosts') ?? io.env.ARANGO_HOSTS ?? DEFAULT_HOSTS;
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
