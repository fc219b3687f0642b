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

/** Writes and, when the stream's buffer is full, waits until it drained (large query outputs). */
export async function write(out: OutStream, text: string): Promise<void> {
  if (out.write(text) || out.once === undefined) return;
  const once = out.once.bind(out);
  await new Promise<void>((resolve) => {
    once('drain', resolve);
  });
}

/** The process's own streams and SIGINT. */
export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
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
