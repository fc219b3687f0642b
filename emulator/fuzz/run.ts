/**
 * The fuzzer's runner: starts an emulator cluster in a child process (loopback only), sets up a
 * fuzz database and sentinel data, sends generated requests in batches as an unprivileged user
 * (or as nobody, or with broken credentials), and after every batch checks that every
 * coordinator still answers `GET /_api/version` promptly, that the sentinel collection and user
 * are unchanged, and that no answer leaked sentinel data. Every answer ≥ 400 (HEAD excepted) must
 * carry ArangoDB's `{error, code, errorNum, errorMessage}` envelope. A child that dies is a
 * crash: it is recorded with the batch that killed it, and a fresh cluster takes over.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { gunzipSync, inflateSync } from 'node:zlib';
import { Agent, request } from 'undici';
import {
  ALL_CATEGORIES, FUZZ_DB, nextCase, Rng, SENTINEL_COLLECTION, SENTINEL_SECRET, SENTINEL_USER, type FuzzCase, type RawCase,
} from './generate.js';

export interface FuzzOptions {
  seed: number;
  /** Requests to send (raw-socket cases included). */
  requests: number;
  /** Stop after this long even if requests remain. */
  timeLimitMs: number;
  coordinators?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Requests between two health and sentinel checks. */
  batchSize?: number;
  /** Which generators run (default all: route, aql, aql-heavy, encoding, raw, json, jobs). */
  categories?: readonly string[];
  /** Called after every batch with the report so far. */
  onBatch?: (report: FuzzReport) => void;
}

export type FindingKind = 'crash' | 'hang' | 'envelope' | 'leak' | 'sentinel' | 'timeout' | 'reset' | 'no-answer' | 'internal';

export interface Finding {
  kind: FindingKind;
  batch: number;
  detail: string;
}

export interface FuzzReport {
  seed: number;
  /** Requests actually sent (a batch cut short by a timeout skips the rest of its cases). */
  sent: number;
  /** Generated cases not sent because their batch was cut short. */
  skipped: number;
  batches: number;
  durationMs: number;
  /** How many of each finding kind (all batches). */
  counts: Record<FindingKind, number>;
  /** Answers by status (`'raw:400'` for raw-socket answers). */
  statuses: Record<string, number>;
  /** Requests the HTTP client refused to send (invalid header bytes and the like). */
  clientRefused: number;
  /** The first findings of each kind, with what caused them. */
  findings: Finding[];
}

const ROOT_PASSWORD = 'fuzz-root-pw';
const FUZZER: [string, string] = ['fuzzer', 'fuzzer-pw'];
const SENTINEL_PASSWORD = 'sentinel-pw';
const SENTINEL_DOCS = 20;
/** `GET /_api/version` must answer within this (generous: the machine may be busy). */
const HEALTH_TIMEOUT_MS = 5000;
const REQUEST_TIMEOUT_MS = 20_000;
const MAX_FINDINGS_PER_KIND = 20;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));

function basic([user, password]: readonly [string, string]): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

interface Child {
  proc: ChildProcess;
  urls: string[];
  dead: boolean;
  stderr: string;
}

async function startChild(coordinators: number): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    cwd: ROOT,
    env: { ...process.env, FUZZ_ROOT_PASSWORD: ROOT_PASSWORD, FUZZ_COORDINATORS: String(coordinators) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const child: Child = { proc, urls: [], dead: false, stderr: '' };
  proc.stderr?.on('data', (d: Buffer) => {
    child.stderr = (child.stderr + d.toString('utf8')).slice(-4000);
  });
  proc.once('exit', () => {
    child.dead = true;
  });
  const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
  const urls = await new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fuzz server did not start: ${child.stderr}`)), 60_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve((JSON.parse(line) as { urls: string[] }).urls);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    proc.once('exit', (code, signal) => reject(new Error(`fuzz server exited (${String(code ?? signal)}): ${child.stderr}`)));
  });
  for (const u of urls) {
    // the fuzzer attacks loopback only
    if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(u)) throw new Error(`fuzz server is not on loopback: ${u}`);
  }
  child.urls = urls;
  return child;
}

async function stopChild(child: Child): Promise<void> {
  if (child.dead) return;
  const exited = new Promise<void>((resolve) => child.proc.once('exit', () => resolve()));
  child.proc.stdin?.end();
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

interface Answer {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

async function send(agent: Agent, url: string, method: string, path: string, headers: Record<string, string>, body?: Buffer, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Answer> {
  const res = await request(`${url}${path}`, {
    method: method as 'GET', headers, body: body ?? null, dispatcher: agent,
    headersTimeout: timeoutMs, bodyTimeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs),
  });
  const raw = Buffer.from(await res.body.arrayBuffer());
  const encoding = res.headers['content-encoding'];
  let bytes = raw;
  try {
    if (encoding === 'gzip') bytes = gunzipSync(raw);
    else if (encoding === 'deflate') bytes = inflateSync(raw);
  } catch {
    // left as it came: the envelope check will flag an answer that is not what it says
  }
  return { status: res.statusCode, text: bytes.toString('utf8'), headers: res.headers };
}

async function asRoot(agent: Agent, url: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = { authorization: basic(['root', ROOT_PASSWORD]) };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return send(agent, url, method, path, headers, body === undefined ? undefined : Buffer.from(JSON.stringify(body)), 20_000);
}

/**
 * The sentinel user's stored async jobs, one per coordinator: their results hold sentinel
 * secrets, so a fuzz request that gets one (someone else's job) is a leak.
 */
async function sentinelJobs(agent: Agent, urls: readonly string[]): Promise<void> {
  for (const url of urls) {
    await send(agent, url, 'GET', `/_api/document/${SENTINEL_COLLECTION}/s0`, { authorization: basic([SENTINEL_USER, SENTINEL_PASSWORD]), 'x-arango-async': 'store' }, undefined, 20_000);
  }
}

/** The fuzz database, its fixtures, the unprivileged fuzz user and the sentinel data; idempotent. */
async function setUp(agent: Agent, url: string, first: boolean): Promise<void> {
  const db = `/_db/${FUZZ_DB}`;
  if (first) {
    await asRoot(agent, url, 'POST', '/_api/database', { name: FUZZ_DB });
    await asRoot(agent, url, 'POST', '/_api/collection', { name: SENTINEL_COLLECTION });
    for (let i = 0; i < SENTINEL_DOCS; i++) {
      await asRoot(agent, url, 'POST', `/_api/document/${SENTINEL_COLLECTION}`, { _key: `s${i}`, v: i, secret: `${SENTINEL_SECRET}-${i}` });
    }
    await asRoot(agent, url, 'POST', '/_api/user', { user: SENTINEL_USER, passwd: SENTINEL_PASSWORD, extra: { role: 'canary' } });
    await asRoot(agent, url, 'PUT', `/_api/user/${SENTINEL_USER}/database/_system`, { grant: 'rw' });
    await asRoot(agent, url, 'POST', '/_api/user', { user: FUZZER[0], passwd: FUZZER[1] });
  }
  // the fuzz user may change its own password and drop its own collections: restore both
  await asRoot(agent, url, 'PATCH', `/_api/user/${FUZZER[0]}`, { passwd: FUZZER[1], active: true });
  await asRoot(agent, url, 'PUT', `/_api/user/${FUZZER[0]}/database/${FUZZ_DB}`, { grant: 'rw' });
  await asRoot(agent, url, 'PUT', `/_api/user/${FUZZER[0]}/database/_system`, { grant: 'ro' });
  await asRoot(agent, url, 'PUT', `/_api/user/${FUZZER[0]}/database/_system/${SENTINEL_COLLECTION}`, { grant: 'none' });
  await asRoot(agent, url, 'POST', `${db}/_api/collection`, { name: 'c1' });
  await asRoot(agent, url, 'POST', `${db}/_api/collection`, { name: 'e1', type: 3 });
  await asRoot(agent, url, 'POST', `${db}/_api/document/c1`, [{ _key: 'k1', n: 1 }, { _key: 'k2', n: 2 }]);
  await asRoot(agent, url, 'POST', `${db}/_api/document/e1`, { _key: 'x1', _from: 'c1/k1', _to: 'c1/k2' });
  await asRoot(agent, url, 'POST', `${db}/_api/gharial`, { name: 'g1', edgeDefinitions: [{ collection: 'e1', from: ['c1'], to: ['c1'] }] });
  await asRoot(agent, url, 'POST', `${db}/_api/view`, { name: 'v1', type: 'arangosearch', links: { c1: { includeAllFields: true } } });
}

/** What the sentinel looks like; compared after every batch. */
async function sentinelState(agent: Agent, url: string, urls: readonly string[]): Promise<string> {
  const docs = await asRoot(agent, url, 'POST', '/_api/cursor', { query: `FOR d IN ${SENTINEL_COLLECTION} SORT d._key RETURN d`, batchSize: 1000 });
  const user = await asRoot(agent, url, 'GET', `/_api/user/${SENTINEL_USER}`);
  const login = await send(agent, url, 'GET', '/_api/version', { authorization: basic([SENTINEL_USER, SENTINEL_PASSWORD]) }, undefined, 20_000);
  const denied = await send(agent, url, 'GET', `/_api/document/${SENTINEL_COLLECTION}/s0`, { authorization: basic(FUZZER) }, undefined, 20_000);
  const jobs: unknown[] = [];
  for (const u of urls) {
    jobs.push(JSON.parse((await send(agent, u, 'GET', '/_api/job/done', { authorization: basic([SENTINEL_USER, SENTINEL_PASSWORD]) }, undefined, 20_000)).text));
  }
  const d = JSON.parse(docs.text) as { result?: unknown };
  const u = JSON.parse(user.text) as { user?: unknown; active?: unknown; extra?: unknown };
  // the fuzz user may have changed its own password meanwhile (401): what matters is that it never reads
  return JSON.stringify({ docs: d.result, user: [u.user, u.active, u.extra], login: login.status, fuzzerReadsSentinel: denied.status < 300, jobs });
}

/** The parts of the sentinel state that differ, old → new. */
function changes(before: string, after: string): string {
  const a = JSON.parse(before) as Record<string, unknown>;
  const b = JSON.parse(after) as Record<string, unknown>;
  const out: string[] = [];
  for (const k of Object.keys(a)) {
    const x = JSON.stringify(a[k]);
    const y = JSON.stringify(b[k]);
    if (x !== y) out.push(`${k}: ${x.slice(0, 300)} → ${y.slice(0, 300)}`);
  }
  return out.join('; ');
}

function isEnvelope(status: number, text: string): boolean {
  try {
    const b = JSON.parse(text) as Record<string, unknown>;
    return b['error'] === true && b['code'] === status && typeof b['errorNum'] === 'number' && typeof b['errorMessage'] === 'string';
  } catch {
    return false;
  }
}

function describeCase(c: FuzzCase): string {
  if (c.kind === 'raw') return `raw ${JSON.stringify(c.bytes.subarray(0, 120).toString('latin1'))}`;
  const body = c.body === undefined ? '' : ` body=${JSON.stringify(c.body.subarray(0, 160).toString('utf8'))}${c.body.length > 160 ? `…(${c.body.length} bytes)` : ''}`;
  const hdrs = Object.keys(c.headers).length ? ` headers=${JSON.stringify(c.headers).slice(0, 200)}` : '';
  return `${c.category} ${c.method} ${c.path.slice(0, 200)} as ${c.auth}${hdrs}${body}`;
}

/** Parses the first answer on a raw socket: status and body (by content-length). */
function parseRaw(data: Buffer): { status: number; body: string } | undefined {
  const text = data.toString('latin1');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  if (!m) return undefined;
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const len = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end));
  const body = data.subarray(end + 4, end + 4 + (len ? Number(len[1]) : 0)).toString('utf8');
  return { status: Number(m[1]), body };
}

function sendRaw(url: string, c: RawCase): Promise<{ data: Buffer; timedOut: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const done = (timedOut: boolean): void => {
      if (settled) return;
      settled = true;
      s.destroy();
      resolve({ data: Buffer.concat(chunks), timedOut });
    };
    const s = connect(Number(port), hostname, () => {
      s.write(c.bytes);
      // an incomplete request: the client gives up
      if (!c.complete) setTimeout(() => s.end(), 50);
    });
    s.on('data', (d: Buffer) => {
      chunks.push(d);
      const parsed = parseRaw(Buffer.concat(chunks));
      if (parsed && Buffer.concat(chunks).length >= (Buffer.concat(chunks).indexOf('\r\n\r\n') + 4 + Buffer.byteLength(parsed.body))) done(false);
    });
    s.on('end', () => done(false));
    s.on('close', () => done(false));
    s.on('error', () => done(false));
    s.setTimeout(c.complete ? 10_000 : 3000, () => done(true));
  });
}

async function answersVersion(agent: Agent, url: string, timeoutMs: number): Promise<boolean> {
  try {
    const v = await send(agent, url, 'GET', '/_api/version', { authorization: basic(['root', ROOT_PASSWORD]) }, undefined, timeoutMs);
    return v.status === 200;
  } catch {
    return false;
  }
}

/** The cases of a batch most likely to have caused a crash or a hang. */
function suspectsOf(batch: FuzzCase[]): string {
  return batch.filter((c) => c.kind === 'raw' || !['route', 'aql'].includes(c.category) || (c.body?.length ?? 0) > 10_000).slice(0, 30).map(describeCase).join(' | ');
}

export async function runFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const rng = new Rng(opts.seed);
  const categories = new Set(opts.categories ?? ALL_CATEGORIES);
  const concurrency = opts.concurrency ?? 16;
  const batchSize = opts.batchSize ?? 100;
  const coordinators = opts.coordinators ?? 3;
  const report: FuzzReport = {
    seed: opts.seed, sent: 0, skipped: 0, batches: 0, durationMs: 0,
    counts: { crash: 0, hang: 0, envelope: 0, leak: 0, sentinel: 0, timeout: 0, reset: 0, 'no-answer': 0, internal: 0 },
    statuses: {}, clientRefused: 0, findings: [],
  };
  const found = (kind: FindingKind, detail: string): void => {
    report.counts[kind]++;
    if (report.findings.filter((f) => f.kind === kind).length < MAX_FINDINGS_PER_KIND) report.findings.push({ kind, batch: report.batches, detail });
  };
  const agent = new Agent({ connections: concurrency * 2, pipelining: 1, keepAliveTimeout: 10_000 });
  let child = await startChild(coordinators);
  await setUp(agent, child.urls[0] as string, true);
  await sentinelJobs(agent, child.urls);
  let sentinel = await sentinelState(agent, child.urls[0] as string, child.urls);
  const fuzzerAuth = basic(FUZZER);

  // set when a request timed out: the rest of the batch is skipped and the health check decides
  let stalled = false;
  const one = async (c: FuzzCase, url: string): Promise<void> => {
    if (c.kind === 'raw') {
      const { data, timedOut } = await sendRaw(url, c);
      const parsed = parseRaw(data);
      if (parsed) {
        report.statuses[`raw:${parsed.status}`] = (report.statuses[`raw:${parsed.status}`] ?? 0) + 1;
        if (parsed.status >= 400 && !isEnvelope(parsed.status, parsed.body)) found('envelope', `${parsed.status} ${JSON.stringify(parsed.body.slice(0, 200))} for ${describeCase(c)}`);
        if (parsed.body.includes(SENTINEL_SECRET)) found('leak', describeCase(c));
      } else if (c.complete && !child.dead) {
        found(timedOut ? 'timeout' : 'no-answer', `${describeCase(c)} got ${JSON.stringify(data.subarray(0, 100).toString('latin1'))}`);
      }
      return;
    }
    const headers: Record<string, string> = { ...c.headers };
    if (c.auth === 'fuzzer') headers['authorization'] = fuzzerAuth;
    let answer: Answer;
    try {
      answer = await send(agent, url, c.method, c.path, headers, c.body);
    } catch (e) {
      const err = e as { code?: string; name?: string; message?: string };
      if (child.dead) return;
      if (err.name === 'TimeoutError' || err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_BODY_TIMEOUT') {
        stalled = true;
        found('timeout', describeCase(c));
      } else if (err.code === 'UND_ERR_SOCKET' || err.code === 'ECONNRESET' || err.code === 'UND_ERR_CLOSED' || err.code === 'EPIPE') {
        found('reset', `${err.code}: ${describeCase(c)}`);
      } else {
        // undici refused to send it (an invalid header value or path): not the server's business
        report.clientRefused++;
      }
      return;
    }
    report.statuses[String(answer.status)] = (report.statuses[String(answer.status)] ?? 0) + 1;
    if (answer.status >= 400 && c.method !== 'HEAD' && !isEnvelope(answer.status, answer.text)) {
      found('envelope', `${answer.status} ${JSON.stringify(answer.text.slice(0, 200))} for ${describeCase(c)}`);
    }
    if (answer.text.includes(SENTINEL_SECRET)) found('leak', `${answer.status} for ${describeCase(c)}`);
    // an internal error is a handler bug (listed, not a failure of the run)
    if (answer.status === 500 && answer.text.includes('"errorNum":4,')) found('internal', `${answer.text.slice(0, 160)} for ${describeCase(c)}`);
  };

  try {
    while (report.sent < opts.requests && Date.now() - started < opts.timeLimitMs) {
      const n = Math.min(batchSize, opts.requests - report.sent);
      const batch: FuzzCase[] = Array.from({ length: n }, () => nextCase(rng, categories));
      const urls = child.urls;
      let next = 0;
      stalled = false;
      const worker = async (): Promise<void> => {
        while (next < batch.length && !child.dead && !stalled) {
          const i = next++;
          report.sent++;
          await one(batch[i] as FuzzCase, urls[i % urls.length] as string);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, () => worker()));
      report.skipped += batch.length - next;
      report.batches++;

      // every coordinator answers promptly, or the child died
      let frozen = false;
      for (const url of urls) {
        if (child.dead) break;
        if (!(await answersVersion(agent, url, HEALTH_TIMEOUT_MS))) {
          found('hang', `${url} did not answer GET /_api/version within ${HEALTH_TIMEOUT_MS} ms after batch ${report.batches}; suspects: ${suspectsOf(batch)}`);
          // a coordinator that has not recovered within a minute is given up on
          const until = Date.now() + 60_000;
          while (!child.dead && Date.now() < until && !(await answersVersion(agent, url, HEALTH_TIMEOUT_MS)));
          if (!child.dead && !(await answersVersion(agent, url, HEALTH_TIMEOUT_MS))) frozen = true;
          break;
        }
      }
      if (child.dead) {
        found('crash', `exit after batch ${report.batches}; stderr: ${child.stderr.slice(-1500)}; suspects: ${suspectsOf(batch)}`);
      } else if (!frozen) {
        try {
          const now = await sentinelState(agent, urls[report.batches % urls.length] as string, urls);
          if (now !== sentinel) {
            found('sentinel', `sentinel data changed in batch ${report.batches}: ${changes(sentinel, now)}`);
            sentinel = now;
          }
          await setUp(agent, urls[0] as string, false);
        } catch (e) {
          found('hang', `sentinel check failed after batch ${report.batches}: ${e instanceof Error ? e.message : String(e)}`);
          frozen = true;
        }
      }
      if (child.dead || frozen) {
        if (!child.dead) child.proc.kill('SIGKILL');
        await stopChild(child);
        child = await startChild(coordinators);
        await setUp(agent, child.urls[0] as string, true);
        await sentinelJobs(agent, child.urls);
        sentinel = await sentinelState(agent, child.urls[0] as string, child.urls);
      }
      report.durationMs = Date.now() - started;
      opts.onBatch?.(report);
    }
  } finally {
    await stopChild(child);
    await agent.close();
  }
  report.durationMs = Date.now() - started;
  return report;
}

/** True when the run found nothing wrong (resets, unanswered raw requests and internal errors are listed, not failures). */
export function clean(report: FuzzReport): boolean {
  const c = report.counts;
  return c.crash === 0 && c.hang === 0 && c.envelope === 0 && c.leak === 0 && c.sentinel === 0 && c.timeout === 0;
}
