/**
 * `POST /_api/import` (openapi_3.12_import.txt): bulk import of JSON documents — `type=documents`
 * (one JSON object per line), `type=array`/`list` (one JSON array), `type=auto` (either), or no
 * type (tabular: a header array line, then one value array per line, with `line` and
 * `ignoreMissing`) — with `onDuplicate`, `complete`, `details`, `overwrite`, `fromPrefix`/`toPrefix`. Result shapes follow the real
 * server's transcripts (201, `{ error, created, errors, empty, updated, ignored, details? }`).
 */
import type { Router } from '../http/router.js';
import { ArangoHttpError, httpError } from '../errors.js';
import { errorMessages } from '../error-codes.js';
import type { Collection } from '../store/collection.js';
import { StreamTransaction } from '../store/transaction.js';
import type { Json, TxScope } from '../store/types.js';
import { flag } from '../http/params.js';
import { excessDepth, parseJson } from '../http/body.js';

interface Item {
  /**
   * Position reported in `details` for a document refused before insertion, as the server
   * numbers them (RestImportHandler): the line from 1 (`type=documents`, and the rows of the
   * tabular format after the `line` query parameter), or the array element from 1.
   */
  position: number;
  /** The parsed value, undefined for an empty line; `problem` says why it is not a document. */
  value: Json | undefined;
  raw: string;
  /** The server's reason for a line that is not a document (reported without the document). */
  problem?: string;
  /** A row of the tabular format (whose refusal fails a `complete` import, unlike a line of `type=documents`). */
  row?: true;
}

const PARSE_ERROR = 'invalid JSON type (expecting object, probably parse error)';

/** The server shows at most 255 characters of an offending document or line. */
function shown(text: string): string {
  return text.length > 255 ? `${text.slice(0, 255)}...` : text;
}

/** An unparseable line (or one nested deeper than MAX_JSON_DEPTH) is an error, never an empty line. */
function parseLine(line: string): { ok: true; value: Json } | { ok: false } {
  if (excessDepth(line) > 0) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(line) as Json };
  } catch {
    return { ok: false };
  }
}

/** A line the server could not parse: "…probably parse error), offending context: <the line>". */
function unparseable(position: number, raw: string): Item {
  return { position, value: undefined, raw, problem: `${PARSE_ERROR}, offending context: ${shown(raw)}` };
}

/** Splits the body into items according to `type`. */
function itemsOf(text: string, type: string, firstLine: number, ignoreMissing: boolean): Item[] {
  if (type === 'auto') {
    const trimmed = text.trimStart();
    type = trimmed.startsWith('[') ? 'list' : 'documents';
  }
  if (type === 'array' || type === 'list') {
    let parsed: unknown;
    try {
      parsed = parseJson(text);
    } catch {
      throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'expecting a JSON array in the request');
    }
    if (!Array.isArray(parsed)) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'expecting a JSON array in the request');
    return (parsed as Json[]).map((value, i) => ({ position: i + 1, value, raw: '' }));
  }
  if (type === 'documents') {
    const lines = splitLines(text);
    return lines.map((l, i) => {
      const t = l.trim();
      if (t === '') return { position: i + 1, value: undefined, raw: t };
      const parsed = parseLine(t);
      return parsed.ok ? { position: i + 1, value: parsed.value, raw: t } : unparseable(i + 1, t);
    });
  }
  if (type !== '') throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', `invalid value for 'type': ${type}`);
  // Tabular: the first line names the attributes; each further line holds one document's values.
  const lines = splitLines(text);
  if (lines.length < 2) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'no JSON array found in second line');
  const header = parseLine((lines[0] ?? '').trim());
  if (!header.ok || !Array.isArray(header.value) || header.value.length === 0 || header.value.some((h) => typeof h !== 'string')) {
    throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'no JSON string array found in first line');
  }
  const names = header.value as string[];
  const out: Item[] = [];
  for (let i = 1; i < lines.length; i++) {
    const position = firstLine + i;
    const t = (lines[i] ?? '').trim();
    if (t === '') {
      out.push({ position, value: undefined, raw: t });
      continue;
    }
    const row = parseLine(t);
    if (!row.ok) {
      out.push({ ...unparseable(position, t), row: true });
      continue;
    }
    if (!Array.isArray(row.value)) {
      out.push({ position, value: undefined, raw: t, problem: 'no valid JSON array data', row: true });
      continue;
    }
    const values = row.value;
    if (!ignoreMissing && values.length !== names.length) {
      out.push({ position, value: undefined, raw: t, problem: `wrong number of JSON values (got ${values.length}, expected ${names.length})`, row: true });
      continue;
    }
    // A null value leaves the attribute out (createVelocyPackObject); with ignoreMissing a short
    // row fills what it has and extra values are dropped.
    const doc: Record<string, Json> = {};
    const n = Math.min(names.length, values.length);
    for (let j = 0; j < n; j++) {
      const v = values[j] as Json;
      if (v !== null) doc[names[j] as string] = v;
    }
    out.push({ position, value: doc, raw: t });
  }
  return out;
}

function withPrefix(v: Json | undefined, prefix: string | null, overwrite: boolean): Json | undefined {
  if (typeof v !== 'string' || !prefix) return v;
  const slash = v.indexOf('/');
  if (slash < 0) return `${prefix}/${v}`;
  return overwrite ? `${prefix}/${v.slice(slash + 1)}` : v;
}

export function register(router: Router): void {
  router.post('/_api/import', (req) => {
    const name = req.query.get('collection');
    if (!name) throw httpError(400, 'ERROR_ARANGO_COLLECTION_PARAMETER_MISSING');
    const { db } = req.ctx;
    const coll: Collection = db.getCollection(name);
    req.ctx.requireCollectionAccess(coll.name, 'rw');
    req.ctx.requireWritable();

    const onDuplicate = req.query.get('onDuplicate') ?? 'error';
    if (!['error', 'update', 'replace', 'ignore'].includes(onDuplicate)) {
      throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', `invalid value for 'onDuplicate': ${onDuplicate}`);
    }
    const complete = flag(req, 'complete', false);
    const details = flag(req, 'details', false);
    const fromPrefix = req.query.get('fromPrefix');
    const toPrefix = req.query.get('toPrefix');
    const overwritePrefix = flag(req, 'overwriteCollectionPrefix', false);
    const line = Number.parseInt(req.query.get('line') ?? '0', 10);
    const items = itemsOf(req.body.toString('utf8'), req.query.get('type') ?? '', Number.isFinite(line) ? line : 0, flag(req, 'ignoreMissing', false));

    // `complete`: all or nothing. The writes go through a private transaction that is aborted on
    // the first error, so nothing of a failed import stays behind.
    const tx: StreamTransaction | undefined = complete
      ? new StreamTransaction(`import-${Date.now()}`, db, new Set(), new Set([coll.name]), new Set(), true, false, false)
      : undefined;
    const scope: TxScope | undefined = tx;
    // `overwrite` empties the collection first (inside the all-or-nothing transaction, if any).
    if (flag(req, 'overwrite', false)) coll.truncate(scope);
    const opts = { overwriteMode: onDuplicate === 'error' ? ('conflict' as const) : onDuplicate === 'ignore' ? ('ignore' as const) : (onDuplicate as 'update' | 'replace') };
    const result = { error: false, created: 0, errors: 0, empty: 0, updated: 0, ignored: 0 };
    const messages: string[] = [];
    // The server checks every document first and inserts those that passed afterwards, so the
    // insertion errors follow the others in `details`.
    const insertMessages: string[] = [];
    const fail = (position: number, msg: string, list = messages): void => {
      result.errors++;
      if (details) list.push(`at position ${position}: ${msg}`);
    };
    // Documents refused before insertion are reported at their line (or element); insertion
    // errors at their place among the documents that reached the insert (RestImportHandler's
    // performImport counts those from 0).
    let inserted = 0;

    try {
      for (const item of items) {
        const v = item.value;
        if (item.problem !== undefined) {
          if (complete) {
            // RestImportHandler (createFromKeyValueList): a refused row of the tabular format fails
            // the request with TRI_ERROR_INTERNAL. createFromJson: an unparseable line only ends the
            // reading (`break`, the request still good), so the documents before it are imported
            // and the line counts as an error.
            if (item.row === true) throw httpError(500, 'ERROR_INTERNAL');
            fail(item.position, item.problem);
            break;
          }
          fail(item.position, item.problem);
          continue;
        }
        if (v === undefined) {
          result.empty++;
          continue;
        }
        if (v === null || typeof v !== 'object' || Array.isArray(v)) {
          if (complete) throw httpError(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID');
          fail(item.position, `invalid JSON type (expecting object), offending document: ${shown(JSON.stringify(v))}`);
          continue;
        }
        let doc = v;
        if (coll.type === 'edge') {
          if (fromPrefix || toPrefix) {
            doc = { ...doc };
            const f = withPrefix(doc._from, fromPrefix, overwritePrefix);
            const t = withPrefix(doc._to, toPrefix, overwritePrefix);
            if (f !== undefined) doc._from = f;
            if (t !== undefined) doc._to = t;
          }
          if (doc._from === undefined || doc._to === undefined) {
            if (complete) throw httpError(400, 'ERROR_ARANGO_INVALID_EDGE_ATTRIBUTE');
            fail(item.position, `missing '_from' or '_to' attribute, offending document: ${shown(JSON.stringify(doc))}`);
            continue;
          }
        }
        const position = inserted++;
        try {
          const r = coll.insert(doc, opts, scope);
          if (r.old === undefined) result.created++;
          else if (r.new === undefined) result.ignored++;
          else result.updated++;
        } catch (e) {
          if (!(e instanceof ArangoHttpError) || complete) throw e;
          fail(position, `creating document failed with error '${errorMessages[e.errorNum] ?? e.message}', offending document: ${shown(JSON.stringify(doc))}`, insertMessages);
        }
      }
    } catch (e) {
      tx?.abort();
      if (e instanceof ArangoHttpError && complete) {
        // The real server reports only the error's default text here ("unique constraint violated").
        throw new ArangoHttpError(e.status, e.errorNum, errorMessages[e.errorNum] ?? e.message);
      }
      throw e;
    }
    tx?.commit();
    messages.push(...insertMessages);
    return { status: 201, body: details ? { ...result, details: messages } : result };
  });
}

/**
 * The body's lines. A line ending after the last line (LF or CRLF) ends that line: it does not
 * start an empty one, so `{"_key":"a"}\r\n{"_key":"b"}\r\n` is two documents, no empty line.
 */
function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && (lines[lines.length - 1] ?? '').trim() === '') lines.pop();
  return lines;
}
