/** Runs the CLI in-process with captured output, an injected environment and a Ctrl-C button. */
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { CliIO, InStream } from '../../src/cli/io.js';
import type { Database } from 'arangots';
import type { TestServer } from '../helpers/server.js';

export interface Run {
  /** Resolves to the exit code. */
  done: Promise<number>;
  stdout(): string;
  stderr(): string;
  /** Simulates Ctrl-C: calls every handler the running command registered. */
  interrupt(): void;
  stdin: PassThrough;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdoutTTY?: boolean;
  stderrTTY?: boolean;
  stdin?: PassThrough;
  /** Called with every chunk written to stdout / stderr (e.g. to press Ctrl-C at a given point). */
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
}

export function serverEnv(server: TestServer): Record<string, string> {
  return { ARANGO_HOSTS: server.urls.join(','), ARANGO_USER: server.username, ARANGO_PASSWORD: server.password };
}

export function start(argv: readonly string[], options: RunOptions = {}): Run {
  let out = '';
  let err = '';
  const handlers = new Set<() => void>();
  const stdin = options.stdin ?? new PassThrough();
  const io: CliIO = {
    stdout: {
      write: (s: string) => {
        out += s;
        options.onStdout?.(s);
        return true;
      },
      isTTY: options.stdoutTTY ?? false,
      columns: 120,
    },
    stderr: {
      write: (s: string) => {
        err += s;
        options.onStderr?.(s);
        return true;
      },
      isTTY: options.stderrTTY ?? false,
    },
    stdin: stdin as unknown as InStream,
    env: options.env ?? {},
    onInterrupt(handler) {
      handlers.add(handler);
      return () => {
        handlers.delete(handler);
      };
    },
  };
  return {
    done: main(argv, io),
    stdout: () => out,
    stderr: () => err,
    interrupt: () => {
      for (const h of [...handlers]) h();
    },
    stdin,
  };
}

export async function run(argv: readonly string[], options: RunOptions = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = start(argv, options);
  const code = await r.done;
  return { code, stdout: r.stdout(), stderr: r.stderr() };
}

// eslint-disable-next-line no-control-regex
export const ANSI = /\x1b\[/;

/** The "  name   value" lines of an import or export summary, as a map. */
export function summary(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const m = /^ {2}(\S+(?: \S+)?) {2,}(\S+)/.exec(line);
    if (m !== null) out[m[1] ?? ''] = m[2] ?? '';
  }
  return out;
}

/** A collection's documents by key, without the server-made `_id` and `_rev` (round-trip checks). */
export async function storedDocs(db: Database, collection: string): Promise<Record<string, unknown>[]> {
  const cursor = await db.aql.execute<Record<string, unknown>>(`FOR d IN ${collection} SORT d._key RETURN UNSET(d, '_id', '_rev')`);
  return cursor.all();
}
