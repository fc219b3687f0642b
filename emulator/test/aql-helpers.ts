/** Runs AQL against an emulator over HTTP and drains the cursor (tests of the AQL engine). */
import { call, type RawResponse } from './http.js';

export async function aqlRaw(base: string, query: string, bindVars: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Promise<RawResponse> {
  return call(base, 'POST', '/_db/_system/_api/cursor', { body: { query, bindVars, ...extra } });
}

export async function aql(base: string, query: string, bindVars: Record<string, unknown> = {}): Promise<unknown[]> {
  const r = await aqlRaw(base, query, bindVars);
  if (r.status !== 201) throw new Error(`${r.status} ${String(r.json.errorNum)} ${String(r.json.errorMessage)} for ${query}`);
  const out = [...(r.json.result as unknown[])];
  let res = r;
  while (res.json.hasMore) {
    res = await call(base, 'POST', `/_db/_system/_api/cursor/${String(r.json.id)}`);
    out.push(...(res.json.result as unknown[]));
  }
  return out;
}

/** The single value a `RETURN expr` query produces. */
export async function value(base: string, expr: string, bindVars: Record<string, unknown> = {}): Promise<unknown> {
  const r = await aql(base, `RETURN ${expr}`, bindVars);
  return r[0];
}

export async function error(base: string, query: string, bindVars: Record<string, unknown> = {}): Promise<[number, unknown, unknown]> {
  const r = await aqlRaw(base, query, bindVars);
  return [r.status, r.json.errorNum, r.json.errorMessage];
}
