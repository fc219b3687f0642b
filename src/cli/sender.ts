/**
 * The import's batches in flight: up to `threads` requests at once (the client's round-robin
 * resolver spreads them over the coordinators), each from its own reused buffer, so memory is
 * (threads + 1) batches however large the input. Answers arrive in any order; `doneThrough`
 * is the last document of the unbroken run of answered batches from the start — where a resume
 * begins.
 */
import type { Database } from '../index.js';
import { Batch } from './batch.js';

export interface ImportTotals {
  created: number;
  errors: number;
  empty: number;
  updated: number;
  ignored: number;
}

export interface ImportTarget {
  db: Database;
  collection: string;
  onDuplicate: string;
  fromPrefix: string | undefined;
  toPrefix: string | undefined;
  overwritePrefix: boolean;
}

export interface Answer {
  totals: ImportTotals;
  details: string[];
}

function count(body: Record<string, unknown>, key: keyof ImportTotals): number {
  const v = body[key];
  return typeof v === 'number' ? v : 0;
}

/**
 * One import request of a batch's bytes: `type=documents` for JSON, no `type` (the tabular
 * format: a header line, then one array of values per line) for CSV and TSV.
 */
export async function sendBatch(target: ImportTarget, batch: Batch, signal: AbortSignal): Promise<Answer> {
  const body = await target.db.request(
    {
      method: 'POST',
      path: '/_api/import',
      query: {
        collection: target.collection,
        type: batch.tabular ? undefined : 'documents',
        onDuplicate: target.onDuplicate,
        details: true,
        fromPrefix: target.fromPrefix,
        toPrefix: target.toPrefix,
        overwriteCollectionPrefix: target.overwritePrefix ? true : undefined,
      },
      rawBody: batch.body(),
      contentType: 'text/plain; charset=utf-8',
      signal,
    },
    (res) => (typeof res.body === 'object' && res.body !== null ? (res.body as Record<string, unknown>) : {}),
  );
  const totals: ImportTotals = { created: count(body, 'created'), errors: count(body, 'errors'), empty: count(body, 'empty'), updated: count(body, 'updated'), ignored: count(body, 'ignored') };
  const details = Array.isArray(body.details) ? body.details.map(String) : [];
  return { totals, details };
}

interface Done {
  seq: number;
  lastIndex: number;
  lastLine: number;
}

export class BatchSender {
  readonly #target: ImportTarget;
  readonly #threads: number;
  readonly #signal: AbortSignal;
  readonly #onAnswer: (batch: Batch, answer: Answer) => Promise<void>;
  readonly #free: Batch[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  #failure: { error: unknown } | undefined;
  #seq = 0;
  #nextDone = 0;
  readonly #finished = new Map<number, Done>();
  sent = 0;
  /** Documents answered (in any order). */
  answered = 0;
  doneThroughIndex = 0;
  doneThroughLine = 0;

  constructor(target: ImportTarget, threads: number, signal: AbortSignal, onAnswer: (batch: Batch, answer: Answer) => Promise<void>) {
    this.#target = target;
    this.#threads = threads;
    this.#signal = signal;
    this.#onAnswer = onAnswer;
  }

  /** An empty buffer to fill: a returned one when there is one. */
  take(): Batch {
    return this.#free.pop() ?? new Batch();
  }

  /** Sends the batch once fewer than `threads` are in flight; throws the first failure of any batch. */
  async send(batch: Batch): Promise<void> {
    while (this.#inFlight.size >= this.#threads && this.#failure === undefined) await Promise.race(this.#inFlight);
    if (this.#failure !== undefined) throw this.#failure.error;
    const seq = this.#seq++;
    this.sent++;
    const p: Promise<void> = sendBatch(this.#target, batch, this.#signal)
      .then(async (answer) => {
        await this.#onAnswer(batch, answer);
        this.answered += batch.count;
        this.#finish({ seq, lastIndex: batch.indexes[batch.count - 1] ?? 0, lastLine: batch.lines[batch.count - 1] ?? 0 });
        batch.reset();
        this.#free.push(batch);
      })
      .catch((error: unknown) => {
        this.#failure ??= { error };
      })
      .finally(() => {
        this.#inFlight.delete(p);
      });
    this.#inFlight.add(p);
  }

  /** Waits for every batch in flight; throws the first failure. */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.race(this.#inFlight);
    if (this.#failure !== undefined) throw this.#failure.error;
  }

  /** Waits for the batches in flight without throwing (after a failure or an interrupt). */
  async settle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.race(this.#inFlight);
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  #finish(done: Done): void {
    this.#finished.set(done.seq, done);
    for (let d = this.#finished.get(this.#nextDone); d !== undefined; d = this.#finished.get(this.#nextDone)) {
      this.#finished.delete(this.#nextDone);
      this.doneThroughIndex = d.lastIndex;
      this.doneThroughLine = d.lastLine;
      this.#nextDone++;
    }
  }
}
