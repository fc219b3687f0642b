/**
 * `POST /_api/import` (openapi_3.12_import.txt): bulk import of JSON documents — `type=documents`
 * (one JSON object per line), `type=array`/`list` (one JSON array), `type=auto` (either), or no
 * type (tabular: a header array line, then one value array per line) — with `onDuplicate`,
 * `complete`, `details`, `overwrite`, `fromPrefix`/`toPrefix`. Result shapes follow the real
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
  /** Position reported in `details` (as the real server numbers them per input type). */
  position: number;
  /** The parsed value, or undefined for an empty line. */
  value: Json | undefined;
  raw: string;
}

/** An unparseable line becomes null, which the import counts as an error as ArangoDB does ("probably parse error"), never as empty. */
function parseLine(line: string): Json {
  // a line nested deeper than MAX_JSON_DEPTH is refused like any unparseable one
  if (excessDepth(line) > 0) return null;
  try {
    return JSON.parse(line) as Json;
  } catch {
    return null;
  }
}

/** Splits the body into items according to `type`. */
function itemsOf(text: string, type: string): Item[] {
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
      return { position: i, value: t === '' ? undefined : parseLine(t), raw: t };
    });
  }
  if (type !== '') throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', `invalid value for 'type': ${type}`);
  // Tabular: the first line names the attributes; each further line holds one document's values.
  const lines = splitLines(text);
  const headerLine = parseLine((lines[0] ?? '').trim());
  if (!Array.isArray(headerLine) || headerLine.some((h) => typeof h !== 'string' || h === '')) {
    throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'no JSON string array found in first line');
  }
  const names = headerLine as string[];
  const out: Item[] = [];
  for (let i = 1; i < lines.length; i++) {
    const t = (lines[i] ?? '').trim();
    if (t === '') {
      out.push({ position: i, value: undefined, raw: t });
      continue;
    }
    const row = parseLine(t);
    if (i === 1 && !Array.isArray(row)) throw httpError(400, 'ERROR_HTTP_BAD_PARAMETER', 'no JSON array found in second line');
    if (!Array.isArray(row) || row.length !== names.length) {
      out.push({ position: i, value: null, raw: t });
      continue;
    }
    const doc: Record<string, Json> = {};
    // A null value leaves the attribute out, as arangoimport's tabular format does.
    names.forEach((n, j) => {
      const v = row[j] as Json;
      if (v !== null) doc[n] = v;
    });
    out.push({ position: i, value: doc, raw: t });
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
    const items = itemsOf(req.body.toString('utf8'), req.query.get('type') ?? '');

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
    const fail = (item: Item, msg: string, doc: Json | undefined): void => {
      result.errors++;
      // The server re-serialises what it parsed; an unparseable line (doc undefined) is shown as sent.
      const shown = doc !== undefined ? JSON.stringify(doc) : item.raw !== '' ? item.raw : 'null';
      if (details) messages.push(`at position ${item.position}: ${msg}, offending document: ${shown}`);
    };

    try {
      for (const item of items) {
        const v = item.value;
        if (v === undefined) {
          result.empty++;
          continue;
        }
        if (v === null || typeof v !== 'object' || Array.isArray(v)) {
          if (complete) throw httpError(400, 'ERROR_ARANGO_DOCUMENT_TYPE_INVALID');
          fail(item, 'invalid JSON type (expecting object, probably parse error)', v === null ? undefined : v);
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
            fail(item, "missing '_from' or '_to' attribute", v);
            continue;
          }
        }
        try {
          const r = coll.insert(doc, opts, scope);
          if (r.old === undefined) result.created++;
          else if (r.new === undefined) result.ignored++;
          else result.updated++;
        } catch (e) {
          if (!(e instanceof ArangoHttpError) || complete) throw e;
          fail(item, `creating document failed with error '${errorMessages[e.errorNum] ?? e.message}'`, v);
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
