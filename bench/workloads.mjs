/**
 * The workloads. Each one prepares its collection through raw undici, then gives every client an
 * `op(i)` sending the same request (same path, same JSON) and `check`s one answer of each client
 * so a broken client cannot post a fast number.
 */

const DB = '/_db/_system';

/** A small, realistic document (~200 bytes of JSON). */
export function makeDoc(i) {
  return {
    name: `user-${i}`,
    email: `user${i}@example.com`,
    age: 20 + (i % 50),
    active: i % 2 === 0,
    tags: ['alpha', 'beta', 'gamma'],
    address: { street: `${i} Main Street`, city: 'Springfield', zip: String(10000 + (i % 90000)) },
  };
}

const KEYS = 1_000;
const CURSOR_DOCS = 100_000;
const CURSOR_BATCH = 1_000;
const BATCH_DOCS = 1_000;

/** @param {import('./lib/clients.mjs').RawClient} raw */
async function ensureCollection(raw, name, { truncate = true } = {}) {
  const pool = raw.pools[0];
  const res = await pool.request({ method: 'POST', path: `${DB}/_api/collection`, headers: raw.jsonHeaders, body: JSON.stringify({ name }) });
  await res.body.dump();
  if (res.statusCode !== 200 && res.statusCode !== 409) throw new Error(`creating ${name}: HTTP ${res.statusCode}`);
  if (truncate) await raw.request('PUT', `${DB}/_api/collection/${name}/truncate`, {}, pool);
}

async function count(raw, name) {
  const body = await raw.request('GET', `${DB}/_api/collection/${name}/count`, undefined, raw.pools[0]);
  return /** @type {{ count: number }} */ (body).count;
}

async function seed(raw, name, total, doc) {
  for (let from = 0; from < total; from += 1_000) {
    const docs = [];
    for (let i = from; i < Math.min(total, from + 1_000); i++) docs.push(doc(i));
    await raw.request('POST', `${DB}/_api/document/${name}`, docs, raw.pools[0]);
  }
}

function expect(condition, what) {
  if (!condition) throw new Error(`check failed: ${what}`);
}

/** Single-document GET (also used, over three coordinators, by `roundrobin`). */
function getWorkload(name, title, multi) {
  return {
    name,
    title,
    multi,
    concurrency: [1, 16, 64],
    // Cheap rounds: more of them, as the per-round CPU ratio varies most here.
    rounds: 7,
    async setup(raw) {
      await ensureCollection(raw, 'bench_get', { truncate: false });
      if ((await count(raw, 'bench_get')) !== KEYS) {
        await ensureCollection(raw, 'bench_get');
        await seed(raw, 'bench_get', KEYS, (i) => ({ _key: `k${i}`, ...makeDoc(i) }));
      }
    },
    makeOps({ ts, js, raw }) {
      const tsCol = ts.collection('bench_get');
      const jsCol = js.collection('bench_get');
      return {
        arangots: (i) => tsCol.get(`k${i % KEYS}`),
        arangojs: (i) => jsCol.document(`k${i % KEYS}`),
        undici: (i) => raw.request('GET', `${DB}/_api/document/bench_get/k${i % KEYS}`),
      };
    },
    check: (doc) => expect(doc?._key === 'k7' && doc.name === 'user-7', 'GET k7 returns document k7'),
  };
}

export const WORKLOADS = {
  get: getWorkload('get', 'Single-document GET (1 coordinator)', false),

  insert: {
    name: 'insert',
    title: 'Single-document insert (1 coordinator)',
    multi: false,
    concurrency: [1, 16, 64],
    rounds: 7,
    setup: (raw) => ensureCollection(raw, 'bench_insert'),
    between: (raw) => ensureCollection(raw, 'bench_insert'),
    makeOps({ ts, js, raw }) {
      const tsCol = ts.collection('bench_insert');
      const jsCol = js.collection('bench_insert');
      return {
        arangots: (i) => tsCol.insert(makeDoc(i)),
        arangojs: (i) => jsCol.save(makeDoc(i)),
        undici: (i) => raw.request('POST', `${DB}/_api/document/bench_insert`, makeDoc(i)),
      };
    },
    check: (meta) => expect(typeof meta?._key === 'string' && typeof meta._rev === 'string', 'insert returns _key and _rev'),
  },

  batch: {
    name: 'batch',
    title: `Batch insert, ${BATCH_DOCS.toLocaleString('en')} documents per request (1 coordinator)`,
    multi: false,
    concurrency: [1, 64],
    minOps: { 1: 3, 64: 64 },
    setup: (raw) => ensureCollection(raw, 'bench_batch'),
    between: (raw) => ensureCollection(raw, 'bench_batch'),
    makeOps({ ts, js, raw }) {
      const tsCol = ts.collection('bench_batch');
      const jsCol = js.collection('bench_batch');
      // A fresh array per call, as an application would build it.
      const docs = (i) => {
        const out = new Array(BATCH_DOCS);
        for (let d = 0; d < BATCH_DOCS; d++) out[d] = makeDoc(i * BATCH_DOCS + d);
        return out;
      };
      return {
        arangots: (i) => tsCol.insertMany(docs(i)),
        arangojs: (i) => jsCol.saveAll(docs(i)),
        undici: (i) => raw.request('POST', `${DB}/_api/document/bench_batch`, docs(i)),
      };
    },
    check: (results) => expect(Array.isArray(results) && results.length === BATCH_DOCS && typeof results[0]?._key === 'string', `insertMany returns ${BATCH_DOCS} results`),
  },

  cursor: {
    name: 'cursor',
    title: `Cursor over ${CURSOR_DOCS.toLocaleString('en')} documents, batchSize ${CURSOR_BATCH.toLocaleString('en')} (1 coordinator; one op = the whole drain)`,
    multi: false,
    // 64 concurrent 100 000-document queries would only measure the emulator's memory and
    // take minutes; 4 drains in parallel show the concurrent behaviour.
    concurrency: [1, 4],
    minOps: { 1: 2, 4: 4 },
    rounds: 5,
    time: 1.5,
    async setup(raw) {
      await ensureCollection(raw, 'bench_cursor', { truncate: false });
      if ((await count(raw, 'bench_cursor')) !== CURSOR_DOCS) {
        await ensureCollection(raw, 'bench_cursor');
        await seed(raw, 'bench_cursor', CURSOR_DOCS, (i) => ({ i, name: `item-${i}`, group: i % 100 }));
      }
    },
    makeOps({ ts, js, raw }) {
      const query = 'FOR d IN bench_cursor RETURN d';
      return {
        async arangots() {
          const cursor = await ts.aql.execute(query, { batchSize: CURSOR_BATCH });
          let n = 0;
          for await (const batch of cursor.batches) n += batch.length;
          return n;
        },
        async arangojs() {
          const cursor = await js.query(query, {}, { batchSize: CURSOR_BATCH });
          let n = 0;
          for await (const batch of cursor.batches) n += batch.length;
          return n;
        },
        async undici() {
          // Follow-ups go to the coordinator that owns the cursor.
          const pool = raw.pool();
          let body = await raw.request('POST', `${DB}/_api/cursor`, { query, batchSize: CURSOR_BATCH }, pool);
          let n = body.result.length;
          while (body.hasMore) {
            body = await raw.request('POST', `${DB}/_api/cursor/${body.id}`, undefined, pool);
            n += body.result.length;
          }
          return n;
        },
      };
    },
    check: (n) => expect(n === CURSOR_DOCS, `the cursor yields ${CURSOR_DOCS} documents (got ${String(n)})`),
  },

  roundrobin: getWorkload('roundrobin', 'Single-document GET round-robin over 3 coordinators', true),
};
