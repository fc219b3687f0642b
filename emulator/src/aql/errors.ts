import { ArangoHttpError } from '../errors.js';
import { errorMessages, errors, type ErrorName } from '../error-codes.js';
import type { Pos } from './ast.js';

/** ArangoDB shows at most this much of the query text after the error position. */
const SNIPPET_LENGTH = 32;

/**
 * Errors of the AQL engine, in ArangoDB's envelope. HTTP statuses follow ArangoDB's
 * `GeneralResponse::responseCode` map (e.g. every 15xx query error is 400, 1203/1202 are 404).
 */
export class AqlError extends ArangoHttpError {
  static of(status: number, name: ErrorName, message?: string): AqlError {
    const num = errors[name];
    return new AqlError(status, num, message ?? errorMessages[num]);
  }

  /** 400/1501 `<message> near '<snippet>' at position L:C` (ArangoDB's Parser::registerParseError). */
  static parse(message: string, text: string, pos: Pos, name: ErrorName = 'ERROR_QUERY_PARSE'): AqlError {
    let region = text.slice(pos.offset, pos.offset + SNIPPET_LENGTH);
    if (text.length - pos.offset > SNIPPET_LENGTH) region += '...';
    return AqlError.of(400, name, `${message} near '${region}' at position ${pos.line}:${pos.column}`);
  }

  /** Errors found while setting up a query carry ArangoDB's " (while parsing)" suffix. */
  static parsing(status: number, name: ErrorName, detail: string): AqlError {
    return AqlError.of(status, name, `${detail} (while parsing)`);
  }

  /** A construct the parser recognises but the emulator does not implement: 501 / ERROR_NOT_IMPLEMENTED. */
  static unsupported(what: string): AqlError {
    return AqlError.of(501, 'ERROR_NOT_IMPLEMENTED', `AQL: ${what} is not supported by arangots-emulator`);
  }

  /** A runtime error: 1562 etc. with ArangoDB's message shape. */
  static runtime(status: number, name: ErrorName, detail?: string): AqlError {
    const num = errors[name];
    return new AqlError(status, num, `AQL: ${detail ?? errorMessages[num] ?? 'error'} (while executing)`);
  }
}

/** Wraps an error from the store (document not found, conflict, …) the way AQL reports it. */
export function wrapExecutionError(e: unknown): unknown {
  if (e instanceof AqlError) return e;
  if (e instanceof ArangoHttpError) {
    // A 412 revision mismatch inside AQL is reported as 409 conflict, like the document API's bulk form.
    const status = e.errorNum === errors.ERROR_ARANGO_CONFLICT ? 409 : e.status;
    const msg = e.message.startsWith('AQL: ') ? e.message : `AQL: ${e.message} (while executing)`;
    return new AqlError(status, e.errorNum, msg);
  }
  return e;
}

/** A query error split into ArangoDB's detail text and the phase it arose in (`parsing`, …). */
function splitQueryError(e: AqlError): { detail: string; phase: string | undefined } {
  const m = /^(?:AQL: )?([\s\S]*?)(?: \(while ([a-z ]+)\))?$/.exec(e.message);
  return { detail: m?.[1] ?? e.message, phase: m?.[2] };
}

/** Marks an error raised in a phase of setting a query up (if it names none yet). */
export function atPhase(e: unknown, phase: string): unknown {
  if (!(e instanceof AqlError)) return e;
  const { detail, phase: had } = splitQueryError(e);
  return had !== undefined ? e : new AqlError(e.status, e.errorNum, `AQL: ${detail} (while ${phase})`);
}

/**
 * An error from setting a query up (parse, bind parameters, collections, functions, LIMIT),
 * worded as the API that reports it. ArangoDB's Query::execute prefixes "AQL: " and appends the
 * phase ("(while parsing)"); Query::explain appends the phase only; a stream cursor prepares its
 * query in the cursor's constructor, outside those handlers, so the bare message reaches the
 * client (no transcript shows this; read off RestCursorHandler/QueryStreamCursor). Unused bind
 * parameters are found after plan optimization by a run, but right after parsing by explain.
 */
export function queryErrorFor(api: 'cursor' | 'stream' | 'explain', e: unknown): unknown {
  if (!(e instanceof AqlError)) return e;
  const { detail, phase } = splitQueryError(e);
  const unused = e.errorNum === errors.ERROR_QUERY_BIND_PARAMETER_UNDECLARED;
  const message = api === 'stream' ? detail
    : api === 'explain' ? `${detail} (while ${phase ?? 'parsing'})`
      : `AQL: ${detail} (while ${unused ? 'optimizing plan' : phase ?? 'parsing'})`;
  return new AqlError(e.status, e.errorNum, message);
}
