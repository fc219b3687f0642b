/** Byte sources for the import: a file through one reused buffer, and a stop switch for any source. */
import { open } from 'node:fs/promises';

const READ_SIZE = 64 * 1024;

/**
 * The file's bytes through one reused buffer (a read stream allocates one per chunk, and over a
 * large file those pile up outside the JS heap until a full GC). Each chunk is valid only until
 * the next one is asked for; the scanner copies what it keeps.
 */
export async function* fileChunks(file: string): AsyncGenerator<Uint8Array, void, undefined> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_SIZE);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, READ_SIZE, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/**
 * The chunks of `input` until `stop` fires: then the iteration ends at once, even while a read is
 * pending (a pipe with no more data).
 */
export async function* stoppable<T>(input: AsyncIterable<T>, stop: AbortSignal): AsyncGenerator<T, void, undefined> {
  const it = input[Symbol.asyncIterator]();
  const stopped = new Promise<'stopped'>((resolve) => {
    if (stop.aborted) resolve('stopped');
    else stop.addEventListener('abort', () => resolve('stopped'), { once: true });
  });
  try {
    for (;;) {
      const pending = it.next();
      // If the race is lost to `stopped`, the read may still fail when the input is closed.
      pending.catch(() => undefined);
      const next = await Promise.race([pending, stopped]);
      if (next === 'stopped' || next.done === true) return;
      yield next.value;
    }
  } finally {
    // An async iterator queues return() behind a pending next(), which may never settle on an idle
    // pipe: destroy a stream input first (that settles the read), and do not wait for the return.
    const destroy = (input as { destroy?: unknown }).destroy;
    if (stop.aborted && typeof destroy === 'function') destroy.call(input);
    it.return?.().catch(() => undefined);
  }
}
