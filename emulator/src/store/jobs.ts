/** A stored response of an async job, replayed by `PUT /_api/job/{id}`. */
export interface JobResult {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Job {
  readonly id: string;
  /** Id of the coordinator that accepted the request (job ids are server-specific ticks). */
  readonly owner: string;
  readonly createdAt: number;
  status: 'pending' | 'done';
  /** Set when done; the job is forgotten once a client fetches it. */
  result?: JobResult;
  doneAt?: number;
  /** Aborted by `PUT /_api/job/{id}/cancel`; the handler's signal. */
  readonly abort: AbortController;
}

/**
 * Async jobs (`x-arango-async: store`). Results are kept until fetched or deleted. Listings are
 * per coordinator, as in ArangoDB; fetching by id works from any coordinator (forwarding).
 */
export class JobStore {
  private readonly jobs = new Map<string, Job>();

  create(id: string, owner: string): Job {
    const job: Job = { id, owner, createdAt: Date.now(), status: 'pending', abort: new AbortController() };
    this.jobs.set(id, job);
    return job;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  finish(id: string, result: JobResult): void {
    const job = this.jobs.get(id);
    // Deleted while running (DELETE /_api/job/{id}): the result is dropped.
    if (!job) return;
    job.status = 'done';
    job.result = result;
    job.doneAt = Date.now();
  }

  delete(id: string): boolean {
    return this.jobs.delete(id);
  }

  /** Ids of one coordinator's jobs in a state, oldest first, at most `count`. */
  list(owner: string, status: 'pending' | 'done', count: number): string[] {
    const out: string[] = [];
    for (const j of this.jobs.values()) {
      if (out.length >= count) break;
      if (j.owner === owner && j.status === status) out.push(j.id);
    }
    return out;
  }

  /** `DELETE /_api/job/all`: every stored result of this coordinator (running jobs keep running). */
  deleteAll(owner: string): void {
    for (const [id, j] of this.jobs) if (j.owner === owner && j.status === 'done') this.jobs.delete(id);
  }

  /** `DELETE /_api/job/expired?stamp=`: results older than the Unix time `stamp` (seconds). */
  deleteExpired(owner: string, stampSeconds: number): void {
    for (const [id, j] of this.jobs) {
      if (j.owner === owner && j.status === 'done' && j.createdAt / 1000 < stampSeconds) this.jobs.delete(id);
    }
  }

  /** The owner's process died: its pending jobs stop and every job of it is forgotten. */
  forgetOwner(owner: string): void {
    for (const [id, j] of this.jobs) {
      if (j.owner !== owner) continue;
      this.jobs.delete(id);
      if (j.status === 'pending') j.abort.abort();
    }
  }

  countByOwner(owner: string): { pending: number; done: number } {
    let pending = 0;
    let done = 0;
    for (const j of this.jobs.values()) {
      if (j.owner !== owner) continue;
      if (j.status === 'pending') pending++;
      else done++;
    }
    return { pending, done };
  }
}
