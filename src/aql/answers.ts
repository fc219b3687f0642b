import type { ArangoResponse } from '../transport/request.js';
import { expectList, isRecord, unexpected, type expectShape } from '../shape.js';

/**
 * A list answer: a bare JSON array (`where: 'body'`) or the `result` array of an object, as
 * ArangoDB sends it for that endpoint, whose items carry the attributes in `fields`. An empty
 * list passes: it is ArangoDB's answer too.
 */
export function resultArray<T>(res: ArangoResponse, where: 'body' | 'result', fields: Parameters<typeof expectShape>[1], what: string): T[] {
  const body = res.body;
  if (where === 'result' && !(isRecord(body) && Array.isArray(body.result))) throw unexpected(res, `a JSON object with a "result" array (${what})`);
  return expectList<T>(res, where === 'body' ? body : (body as { result: unknown }).result, fields, what);
}
