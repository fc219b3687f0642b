/**
 * The three clients every workload compares, connected to the same coordinators with the same
 * credentials and the same socket budget (128 per host):
 *  - arangots, the BUILT package (`dist/`, via the package's self-reference);
 *  - arangojs 10 (`poolSize` raised from its default of 3 to 128 so it is not throttled at
 *    concurrency 64; `ROUND_ROBIN` when given several URLs);
 *  - raw undici `Pool.request` — the floor: headers built once, `JSON.stringify` of the body,
 *    `body.json()` of the answer and a status check, nothing else.
 */
import { ArangoClient } from 'arangots';
import { Database } from 'arangojs';
import { Pool } from 'undici';

export const CLIENTS = /** @type {const} */ (['arangots', 'undici', 'arangojs']);
export const SOCKETS = 128;

/** Raw undici over one or more pools, rotated by hand for round-robin. */
export class RawClient {
  #next = 0;

  /** @param {string[]} urls @param {string} password */
  constructor(urls, password) {
    this.pools = urls.map((url) => new Pool(url, { connections: SOCKETS, pipelining: 1 }));
    const authorization = `Basic ${Buffer.from(`root:${password}`).toString('base64')}`;
    this.getHeaders = { authorization };
    this.jsonHeaders = { authorization, 'content-type': 'application/json' };
  }

  /** The next pool in rotation (the only one with a single URL). */
  pool() {
    const pools = this.pools;
    if (pools.length === 1) return pools[0];
    const pool = pools[this.#next];
    this.#next = (this.#next + 1) % pools.length;
    return pool;
  }

  /**
   * One request, answered as parsed JSON; non-2xx throws. `pool` pins it (cursor follow-ups).
   * @param {string} method @param {string} path @param {unknown} [body] @param {Pool} [pool]
   */
  async request(method, path, body, pool = this.pool()) {
    const res = await pool.request(
      body === undefined
        ? { method, path, headers: this.getHeaders }
        : { method, path, headers: this.jsonHeaders, body: JSON.stringify(body) },
    );
    const json = await res.body.json();
    if (res.statusCode >= 300) throw new Error(`${method} ${path}: HTTP ${res.statusCode} ${JSON.stringify(json).slice(0, 200)}`);
    return json;
  }

  async close() {
    await Promise.all(this.pools.map((p) => p.close()));
  }
}

/**
 * @param {string[]} urls
 * @param {{ password: string, resolver?: string }} options
 */
export async function connect(urls, { password, resolver = 'roundrobin' }) {
  const tsClient = new ArangoClient({ hosts: urls, hostResolver: /** @type {'roundrobin'} */ (resolver), connections: SOCKETS });
  const ts = await tsClient.db('_system', { username: 'root', password });
  const js = new Database({
    url: urls.length === 1 ? urls[0] : urls,
    databaseName: '_system',
    auth: { username: 'root', password },
    poolSize: SOCKETS,
    ...(urls.length > 1 ? { loadBalancingStrategy: 'ROUND_ROBIN' } : {}),
  });
  const raw = new RawClient(urls, password);
  return {
    ts,
    js,
    raw,
    async close() {
      await tsClient.close();
      js.close();
      await raw.close();
    },
  };
}
