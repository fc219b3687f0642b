/**
 * What a CLI run talks to: its output streams, environment, stdin and Ctrl-C. `main()` takes one
 * so tests can run commands in-process with captured output and a simulated interrupt.
 */
import type { Readable } from 'node:stream';

export interface OutStream {
  write(chunk: string): boolean;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
  /** Present on real streams: used to wait for `drain` when `write` reports a full buffer. */
  once?(event: 'drain', listener: () => void): unknown;
  /** True once the reader went away (`… | head -1`): nothing more can be written. */
  readonly closed?: boolean;
}

export interface InStream extends Readable {
  isTTY?: boolean | undefined;
  setRawMode?(mode: boolean): unknown;
}

export interface CliIO {
  stdout: OutStream;
  stderr: OutStream;
  stdin: InStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Registers a Ctrl-C handler for the duration of a command; returns its removal. */
  onInterrupt(handler: () => void): () => void;
}

/**
 * The reader of stdout went away (EPIPE). Not a failure: `arangots query … | head -1` got what
 * it wanted, so main() ends the command quietly with exit code 0.
 */
export class OutputClosedError extends Error {
  override readonly name = 'OutputClosedError';
  constructor() {
    super('the reader of the output went away');
  }
}

/** Writes and, when the stream's buffer is full, waits until it drained (large query outputs). */
export async function write(out: OutStream, text: string): Promise<void> {
  if (isClosed(out)) throw new OutputClosedError();
  if (out.write(text) || out.once === undefined) return;
  const once = out.once.bind(out);
  await new Promise<void>((resolve) => {
    once('drain', resolve);
  });
  // The reader may have gone away while we waited.
  if (isClosed(out)) throw new OutputClosedError();
}

function isClosed(out: OutStream): boolean {
  return out.closed === true;
}

interface NodeWritable {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
  once(event: 'drain', listener: () => void): unknown;
  on(event: 'error', listener: (e: Error & { code?: string }) => void): unknown;
}

/**
 * A process stream that turns a vanished reader into `closed` instead of an unhandled 'error'
 * event (which would print a stack trace and exit 1). Once closed, writes throw
 * OutputClosedError and anyone waiting for 'drain' is released.
 */
export function guardedStream(stream: NodeWritable): OutStream {
  let closed = false;
  const waiting = new Set<() => void>();
  stream.on('error', () => {
    // EPIPE, ECONNRESET, ERR_STREAM_DESTROYED: all mean nobody reads this stream any more.
    closed = true;
    for (const w of waiting) w();
    waiting.clear();
  });
  return {
    get closed() {
      return closed;
    },
    get isTTY() {
      return stream.isTTY;
    },
    get columns() {
      return stream.columns;
    },
    write(chunk: string): boolean {
      if (closed) throw new OutputClosedError();
      return stream.write(chunk);
    },
    once(event: 'drain', listener: () => void) {
      if (closed) {
        listener();
        return;
      }
      let called = false;
      const done = (): void => {
        if (called) return;
        called = true;
        waiting.delete(done);
        listener();
      };
      waiting.add(done);
      stream.once(event, done);
    },
  };
}

/** The process's own streams and SIGINT. */
export function processIO(): CliIO {
  const stderr = guardedStream(process.stderr);
  return {
    stdout: guardedStream(process.stdout),
    // A vanished stderr must not end the command, so its writes are dropped instead of thrown.
    stderr: {
      get isTTY() {
        return stderr.isTTY;
      },
      get columns() {
        return stderr.columns;
      },
      write: (chunk: string) => (stderr.closed === true ? true : stderr.write(chunk)),
    },
    stdin: process.stdin,
    env: process.env,
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      return () => {
        process.off('SIGINT', handler);
      };
    },
  };
}

/** Whether colours may be used on `out`: only on a terminal, and never with NO_COLOR set. */
export function colorEnabled(out: OutStream, env: CliIO['env']): boolean {
  return out.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
}
