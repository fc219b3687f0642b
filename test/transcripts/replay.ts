/**
 * Replays a transcript example against an emulator: runs its setup through arangosh (arangosh.ts),
 * sends each recorded request — with the generated values it names (document keys, revisions,
 * ids) replaced by the ones the emulator handed out for the same objects — and compares each
 * answer with the recorded one.
 *
 * Generated values are matched two ways. A value that an earlier answer of the same example
 * carried is matched by position (the recorded and the replayed answer side by side). A value
 * made by the setup is matched by rank: the server hands out keys, ids and revisions in increasing
 * order, so the i-th smallest recorded key of a collection is the i-th key the setup created there.
 */
import { Arangosh, collect, resourceOf, type Created } from './arangosh.js';
import type { Example, RecordedResponse, TranscriptRequest } from './parse.js';
import type { SyncRequest } from './sync-http.js';
import type { HostResponse } from './emulator-host.js';

export interface ExchangeResult {
  /** `Name (deployment)#i`: i counts the example's exchanges that have a recorded answer. */
  id: string;
  example: string;
  index: number;
  method: string;
  path: string;
  recorded: RecordedResponse;
  actual: HostResponse;
  /** Status, top-level keys and errorNum agree. */
  top: boolean;
  /** …and every nested key path. */
  nested: boolean;
  differences: string[];
}

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// ArangoDB's revision alphabet (sort order of its base64 variant, velocypack HLC encoding).
const REV_ALPHABET = '-_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const REV = /_[A-Za-z0-9_-]{10}/g;

function revRank(rev: string): bigint {
  let n = 0n;
  for (const ch of rev) n = n * 64n + BigInt(Math.max(0, REV_ALPHABET.indexOf(ch)));
  return n;
}

/** Resources whose ids appear bare in paths (`/_api/cursor/123`). */
const RESOURCES = new Set(['cursor', 'transaction', 'collection', 'view', 'job', 'tasks']);

interface Token {
  kind: Created['kind'];
  collection?: string;
  value: string;
}

/** Generated-looking values in a recorded text (request or response). */
function tokensOf(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(REV)) out.push({ kind: 'rev', value: m[0] });
  // `coll/123` (document ids, index ids and document paths alike): key or index by context
  for (const m of text.matchAll(/(?:\/_api\/index\/|"id" : ")([A-Za-z_][\w-]*)\/(\d+)/g)) out.push({ kind: 'index', collection: m[1] ?? '', value: m[2] ?? '' });
  for (const m of text.matchAll(/(?<!_api\/index\/|"id" : ")\b([A-Za-z_][\w-]*)\/(\d+)\b/g)) {
    if (m[1] === '_api' || m[1] === '_admin' || RESOURCES.has(m[1] ?? '')) continue;
    out.push({ kind: 'key', collection: m[1] ?? '', value: m[2] ?? '' });
  }
  for (const m of text.matchAll(/\/_api\/(\w+)\/(\d+)\b/g)) if (RESOURCES.has(m[1] ?? '')) out.push({ kind: 'id', collection: m[1] ?? '', value: m[2] ?? '' });
  for (const m of text.matchAll(/\/_api\/(?:wal\/tail|replication\/logger-follow)\?from=(\d+)/g)) out.push({ kind: 'id', collection: 'tick', value: m[1] ?? '' });
  for (const m of text.matchAll(/"(uploadId|downloadId)" : "(\d+)"/g)) out.push({ kind: 'id', collection: m[1] ?? '', value: m[2] ?? '' });
  for (const m of text.matchAll(/\d{4}-\d\d-\d\dT\d\d\.\d\d\.\d\dZ_[0-9a-f-]{36}/g)) out.push({ kind: 'id', collection: 'backup', value: m[0] });
  return out;
}

function sameCategory(a: Token, b: Token): boolean {
  return a.kind === b.kind && (a.collection ?? '') === (b.collection ?? '');
}

export class Replayer {
  /** recorded value → the emulator's value, learnt from answers side by side */
  private readonly paired = new Map<string, string>();
  private readonly shell: Arangosh;
  private readonly allRecorded: Token[];
  private readonly setupText: string;

  constructor(
    private readonly example: Example,
    private readonly http: SyncRequest,
  ) {
    this.shell = new Arangosh(http);
    const texts: string[] = [];
    for (const s of example.steps) {
      if (s.kind !== 'request') continue;
      texts.push(s.request.path, s.request.body ?? '', ...Object.values(s.request.headers), s.request.response?.text ?? '', ...Object.values(s.request.response?.headers ?? {}));
    }
    this.allRecorded = tokensOf(texts.join('\n'));
    this.setupText = example.steps.map((s) => (s.kind === 'request' ? '' : s.code)).join('\n');
  }

  run(): { results: ExchangeResult[]; errors: string[] } {
    const results: ExchangeResult[] = [];
    const errors: string[] = [];
    let index = 0;
    for (const step of this.example.steps) {
      if (step.kind !== 'request') {
        try {
          this.shell.run(step.code);
        } catch (e) {
          errors.push(`${step.kind}: ${e instanceof Error ? e.message : String(e)}`);
        }
        continue;
      }
      const req = this.substitute(step.request);
      const actual = this.http(req.method, req.path, req.body, req.headers);
      this.shell.setResponse(actual);
      const recorded = step.request.response;
      if (!recorded) {
        // no recorded answer to pair with: what it hands out counts like the setup's values
        try {
          if (actual.status < 400) collect(JSON.parse(actual.text), this.shell.created, resourceOf(req.path));
        } catch {
          // not JSON
        }
        const job = actual.headers['x-arango-async-id'];
        if (job !== undefined) this.shell.created.push({ kind: 'id', collection: 'job', value: job });
      }
      if (recorded) {
        this.pair(recorded, actual);
        results.push({ id: `${this.example.name} (${this.example.deployment})#${index}`, example: this.example.name, index: index++, method: req.method, path: step.request.path, recorded, actual, ...compare(recorded, actual) });
      }
    }
    return { results, errors };
  }

  /** Whether the setup code names this value itself (a literal key, not a generated one). */
  private inSetup(value: string): boolean {
    return new RegExp(`(^|[^\\w.-])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w.-])`).test(this.setupText);
  }

  /** The setup's generated value of the same rank as `recorded` among the recorded ones. */
  private fromSetup(recorded: Token): string | undefined {
    if (this.inSetup(recorded.value)) return undefined;
    const created = this.shell.created.filter((c) => sameCategory(c, recorded) && !this.inSetup(c.value));
    const seen = [...new Set(this.allRecorded.filter((t) => sameCategory(t, recorded) && !this.paired.has(t.value) && !this.inSetup(t.value)).map((t) => t.value))];
    seen.sort((a, b) => (recorded.kind === 'rev' ? (revRank(a) < revRank(b) ? -1 : 1) : /^\d+$/.test(a) ? Number(a) - Number(b) : a < b ? -1 : 1));
    const i = seen.indexOf(recorded.value);
    return i >= 0 ? created[i]?.value : undefined;
  }

  private replaceIn(text: string): string {
    let out = text;
    for (const t of tokensOf(text)) {
      const v = this.paired.get(t.value) ?? this.fromSetup(t);
      if (v === undefined || v === t.value) continue;
      out = t.kind === 'rev' || t.kind === 'id' ? out.split(t.value).join(v) : out.replace(new RegExp(`\\b${t.collection ?? ''}/${t.value}\\b`, 'g'), `${t.collection ?? ''}/${v}`);
    }
    // bare values an earlier answer carried (job ids, cursor ids, transaction ids, timestamps)
    for (const [from, to] of this.paired) {
      if (!/^[\w.:-]{1,64}$/.test(from) || from.length < 2) continue;
      out = out.replace(new RegExp(`(^|[/=" ])${from.replace(/[.]/g, '\\.')}(?=$|[/?&" ])`, 'g'), `$1${to}`);
    }
    return out;
  }

  private substitute(req: TranscriptRequest): TranscriptRequest {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = this.replaceIn(v);
    return { ...req, path: this.replaceIn(req.path), headers, body: req.body === undefined ? undefined : this.replaceIn(req.body) };
  }

  /** Learns recorded → actual for the generated values of one answer. */
  private pair(recorded: RecordedResponse, actual: HostResponse): void {
    const add = (a: unknown, b: unknown): void => {
      if ((typeof a === 'string' || typeof a === 'number') && (typeof b === 'string' || typeof b === 'number') && String(a) !== String(b)) {
        const ra = String(a);
        if (/\d/.test(ra) && !this.paired.has(ra)) this.paired.set(ra, String(b));
        // ids inside paths (`products/123`, `/_db/_system/_api/document/products/123`)
        const sa = ra.split('/');
        const sb = String(b).split('/');
        if (sa.length === sb.length && sa.length > 1) sa.forEach((x, i) => x !== sb[i] && /\d/.test(x) && !this.paired.has(x) && this.paired.set(x, sb[i] ?? x));
      }
    };
    for (const h of ['etag', 'location', 'x-arango-async-id']) add(recorded.headers[h]?.replace(/"/g, ''), actual.headers[h]?.replace(/"/g, ''));
    const walk = (a: unknown, b: unknown): void => {
      if (Array.isArray(a) && Array.isArray(b)) a.forEach((x, i) => walk(x, b[i]));
      else if (isRecord(a) && isRecord(b)) for (const k of Object.keys(a)) walk(a[k], b[k]);
      else add(a, b);
    };
    walk(parseJson(recorded.text), parseJson(actual.text));
  }
}

/** Object keys that are data, not shape (ids, shard names, server ids, …), compared as `*`. */
function keyName(k: string): string {
  return /^(\d+|s\d+|[A-Z]{4}-[0-9a-f-]{36}|_l[\w-]{9}|[\w-]+\/\d+|\d{4}-\d\d-\d\dT\d\d\.\d\d\.\d\dZ_[\w-]+)$/.test(k) ? '*' : k;
}

export function keyPaths(v: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) {
    for (const x of v) keyPaths(x, `${prefix}[]`, out);
  } else if (isRecord(v)) {
    for (const [k, x] of Object.entries(v)) {
      const p = `${prefix}.${keyName(k)}`;
      out.add(p);
      keyPaths(x, p, out);
    }
  }
  return out;
}

function kind(v: unknown): string {
  return v === undefined ? 'empty' : Array.isArray(v) ? 'array' : isRecord(v) ? 'object' : typeof v === 'string' ? 'text' : 'scalar';
}

export function compare(recorded: RecordedResponse, actual: HostResponse): { top: boolean; nested: boolean; differences: string[] } {
  const differences: string[] = [];
  if (recorded.status !== actual.status) differences.push(`status ${actual.status} (recorded ${recorded.status})`);
  const rb = parseJson(recorded.text);
  const ab = parseJson(actual.text);
  // a recorded text body is compared only for being there (metrics, HEAD answers have none)
  if (kind(rb) !== kind(ab) && !(kind(rb) === 'text' && kind(ab) === 'text')) differences.push(`body ${kind(ab)} (recorded ${kind(rb)})`);
  if (isRecord(rb) && isRecord(ab)) {
    const missing = Object.keys(rb).filter((k) => !(k in ab));
    const extra = Object.keys(ab).filter((k) => !(k in rb));
    if (missing.length > 0) differences.push(`missing top-level ${missing.join(', ')}`);
    if (extra.length > 0) differences.push(`extra top-level ${extra.join(', ')}`);
    if (rb.errorNum !== ab.errorNum) differences.push(`errorNum ${String(ab.errorNum)} (recorded ${String(rb.errorNum)})`);
  }
  const top = differences.length === 0;
  const rp = keyPaths(rb);
  const ap = keyPaths(ab);
  const topLevel = (p: string): boolean => /^\.[^.[]+$/.test(p);
  const missingNested = [...rp].filter((p) => !ap.has(p) && !topLevel(p));
  const extraNested = [...ap].filter((p) => !rp.has(p) && !topLevel(p));
  if (missingNested.length > 0) differences.push(`missing ${missingNested.slice(0, Number(process.env.DIFF_MAX ?? 8)).join(', ')}${missingNested.length > Number(process.env.DIFF_MAX ?? 8) ? ` (+${missingNested.length - 8})` : ''}`);
  if (extraNested.length > 0) differences.push(`extra ${extraNested.slice(0, Number(process.env.DIFF_MAX ?? 8)).join(', ')}${extraNested.length > Number(process.env.DIFF_MAX ?? 8) ? ` (+${extraNested.length - 8})` : ''}`);
  return { top, nested: differences.length === 0, differences };
}
