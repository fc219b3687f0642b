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
  /**
   * The user who submitted it: '' for a superuser token (or no authentication). Only that user,
   * or a superuser, sees the job (ArangoDB's AsyncJobManager keeps the request's user with it).
   */
  readonly user: string;
  readonly createdAt: number;
  status: 'pending' | 'done';
  /** Set when done; the job is forgotten once a client fetches it. */
  result?: JobResult;
  doneAt?: number;
  /** Aborted by `PUT /_api/job/{id}/cancel`; the handler's signal. */
  readonly abort: AbortController;
}

/**
 * Who asks about jobs: a user name, or null for a superuser (a `--server.jwt-secret` token
 * without a user, or a server without authentication), who sees every job.
 */
export type JobViewer = string | null;

function visible(job: Job, viewer: JobViewer): boolean {
  return viewer === null || job.user === viewer;
}

/**
 * Async jobs (`x-arango-async: store`). Results are kept until fetched or deleted. Listings are
 * per coordinator, as in ArangoDB; fetching by id works from any coordinator (forwarding).
 * Every read, listing, cancel and delete sees only the viewer's own jobs (a superuser sees all):
 * someone else's job answers as an unknown one, as in ArangoDB's AsyncJobManager.
 */
export class JobStore {
  private readonly jobs = new Map<string, Job>();

  create(id: string, owner: string, user: string): Job {
    const job: Job = { id, owner, user, createdAt: Date.now(), status: 'pending', abort: new AbortController() };
    this.jobs.set(id, job);
    return job;
  }

  /** The job if it exists and the viewer may see it. */
  get(id: string, viewer: JobViewer): Job | undefined {
    const job = this.jobs.get(id);
    return job !== undefined && visible(job, viewer) ? job : undefined;
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

  /** Ids of one coordinator's jobs in a state that the viewer may see, oldest first, at most `count`. */
  list(owner: string, status: 'pending' | 'done', count: number, viewer: JobViewer): string[] {
    const out: string[] = [];
    for (const j of this.jobs.values()) {
      if (out.length >= count) break;
      if (j.owner === owner && j.status === status && visible(j, viewer)) out.push(j.id);
    }
    return out;
  }

  /** `DELETE /_api/job/all`: the viewer's stored results on this coordinator (running jobs keep running). */
  deleteAll(owner: string, viewer: JobViewer): void {
    for (const [id, j] of this.jobs) if (j.owner === owner && j.status === 'done' && visible(j, viewer)) this.jobs.delete(id);
  }

  /** `DELETE /_api/job/expired?stamp=`: the viewer's results older than the Unix time `stamp` (seconds). */
  deleteExpired(owner: string, stampSeconds: number, viewer: JobViewer): void {
    for (const [id, j] of this.jobs) {
      // AsyncJobManager::deleteExpiredJobResults drops every job whose stamp is older, pending
      // ones too; the stamp is set when the job is queued and again when it finishes
      // (finishAsyncJob), so a done job counts from its end
      if (j.owner === owner && visible(j, viewer) && (j.doneAt ?? j.createdAt) / 1000 < stampSeconds) this.jobs.delete(id);
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
