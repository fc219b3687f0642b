/**
 * `/_api/job` (openapi_3.12_jobs.txt): results of `x-arango-async: store` requests. The server
 * (http/server.ts) creates and runs the jobs; this module reads, cancels and deletes them.
 * Listings are local to the coordinator asked; by-id calls work from any coordinator
 * (forwarded to the owner, 404/1449 if it is stopped). A job belongs to the user who submitted
 * it: another user's job answers exactly as an unknown one (404, not in listings, untouched by
 * `DELETE /_api/job/all`), as ArangoDB's AsyncJobManager does; a superuser sees every job.
 */
import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import type { Job, JobViewer } from '../store/jobs.js';
import { ArangoHttpError } from '../errors.js';

const notFound = (): ArangoHttpError => new ArangoHttpError(404, 404, 'not found');
const badParameter = (): ArangoHttpError => new ArangoHttpError(400, 400, 'bad parameter');

function isJobId(id: string): boolean {
  return /^[0-9]{1,20}$/.test(id);
}

/** null (sees every job) for a superuser token or without authentication, else the user's name. */
function viewerOf(req: EmuRequest): JobViewer {
  return req.ctx.authentication && req.ctx.identity.kind !== 'superuser' ? (req.user ?? '') : null;
}

function jobFor(req: EmuRequest, missing: () => ArangoHttpError = notFound): Job {
  const id = req.params.id ?? '';
  if (!isJobId(id)) throw missing();
  req.ctx.checkOwner(id);
  const job = req.ctx.state.jobs.get(id, viewerOf(req));
  if (!job) throw missing();
  return job;
}

function countParam(req: EmuRequest): number {
  const raw = req.query.get('count');
  if (raw === null) return 100;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw badParameter();
  return n;
}

export function register(router: Router): void {
  router.put('/_api/job', () => {
    throw badParameter();
  });

  router.put('/_api/job/:id', (req): EmuResponse => {
    const job = jobFor(req);
    if (job.status === 'pending' || !job.result) return { status: 204 };
    req.ctx.state.jobs.delete(job.id);
    const { result } = job;
    return { status: result.status, headers: { ...result.headers, 'x-arango-async-id': job.id }, rawBody: result.body };
  });

  router.put('/_api/job/:id/cancel', (req) => {
    const job = jobFor(req, () => new ArangoHttpError(404, 404, `could not find job (${req.params.id ?? ''}) in AsyncJobManager during cancel operation`));
    // A job that already finished cannot be cancelled any more; ArangoDB still answers true.
    if (job.status === 'pending') job.abort.abort();
    return { status: 200, body: { result: true } };
  });

  router.get('/_api/job/:id', (req): EmuResponse => {
    const id = req.params.id ?? '';
    if (id === 'pending' || id === 'done') {
      return { status: 200, body: req.ctx.state.jobs.list(req.ctx.server.id, id, countParam(req), viewerOf(req)) };
    }
    // RestJobHandler::getJob: a suffix not starting with a digit 1-9 is a job type, and an
    // unknown type is a bad parameter (400), not an unknown job
    if (!/^[1-9]/.test(id)) throw badParameter();
    const job = jobFor(req);
    return { status: job.status === 'done' ? 200 : 204 };
  });

  router.delete('/_api/job/:id', (req) => {
    const id = req.params.id ?? '';
    const { jobs } = req.ctx.state;
    if (id === 'all') {
      jobs.deleteAll(req.ctx.server.id, viewerOf(req));
    } else if (id === 'expired') {
      const stamp = Number(req.query.get('stamp'));
      if (req.query.get('stamp') === null || !Number.isFinite(stamp)) throw badParameter();
      jobs.deleteExpired(req.ctx.server.id, stamp, viewerOf(req));
    } else {
      const job = jobFor(req);
      jobs.delete(job.id);
    }
    return { status: 200, body: { result: true } };
  });
}

