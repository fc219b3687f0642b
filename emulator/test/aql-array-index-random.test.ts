/**
 * Array indexes against the collection scan: random documents (repeated elements, nulls,
 * nested arrays and objects, non-arrays, missing attributes), random lookups through each index,
 * the same query with `disableIndex: true` as the reference, before and after random updates,
 * replaces and removals. The one known difference is the server's: a sparse index over
 * `items[*].name` holds no entry for an element without `name`, yet serves `null IN
 * d.items[*].name` (Index::canUseConditionPart leaves that check out), so those lookups are
 * checked against the index's own rule instead of the scan. ORs are read through one lookup per
 * branch; the FILTER that stays must give the scan's documents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type EmulatorCluster } from '../src/cluster.js';
import { call, PASSWORD } from './http.js';

let cluster: EmulatorCluster;
let base: string;
const DB = '/_db/_system';

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 1, rootPassword: PASSWORD });
  base = cluster.urls[0] as string;
});

afterAll(async () => {
  await cluster.close();
});

/** mulberry32: the same documents on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = rng(20261202);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const SCALARS: unknown[] = ['a', 'b', 'c', 'A', 1, 2, 2.5, 0, true, false, null, '', ['a'], [1, 2], { k: 1 }, { k: 1, j: 2 }, { j: 2, k: 1 }];

function element(): unknown {
  return pick(SCALARS);
}

function arrayOrNot(): unknown {
  const r = rand();
  if (r < 0.1) return undefined;
  if (r < 0.15) return null;
  if (r < 0.2) return pick(['a', 3, { 0: 'a' }, true]);
  if (r < 0.25) return [];
  return Array.from({ length: 1 + Math.floor(rand() * 5) }, element);
}

function items(): unknown {
  const r = rand();
  if (r < 0.1) return undefined;
  if (r < 0.15) return { name: 'a' };
  return Array.from({ length: Math.floor(rand() * 4) }, () => {
    const s = rand();
    if (s < 0.15) return element();
    if (s < 0.3) return { other: element() };
    if (s < 0.4) return { name: null };
    return { name: element(), extra: rand() < 0.3 ? element() : undefined };
  });
}

function doc(i: number): Record<string, unknown> {
  const d: Record<string, unknown> = { _key: `k${i}` };
  const tags = arrayOrNot();
  if (tags !== undefined) d['tags'] = tags;
  const it = items();
  if (it !== undefined) d['items'] = it;
  if (rand() < 0.9) d['a'] = pick([1, 2, 3, null, 'x']);
  return d;
}

const cursor = async (query: string, bindVars: Record<string, unknown>): Promise<string[]> => {
  const r = await call(base, 'POST', `${DB}/_api/cursor`, { body: { query, bindVars, batchSize: 100_000 } });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return (r.json.result as string[]).sort();
};
const usedIndex = async (query: string, bindVars: Record<string, unknown>): Promise<string | undefined> => {
  const r = await call(base, 'POST', `${DB}/_api/explain`, { body: { query, bindVars } });
  const n = (r.json.plan as { nodes: Record<string, unknown>[] }).nodes.find((x) => x['type'] === 'IndexNode');
  return (n?.['indexes'] as { name: string }[] | undefined)?.[0]?.name;
};

const QUERIES: { q: string; index: string; lookups: () => Record<string, unknown> }[] = [
  { q: 'FOR d IN rnd FILTER @v IN d.tags RETURN d._key', index: 'tags', lookups: () => ({ v: element() }) },
  { q: 'FOR d IN rnd FILTER @v IN d.tags[*] RETURN d._key', index: 'tags', lookups: () => ({ v: element() }) },
  { q: 'FOR d IN rnd FILTER @v IN d.items[*].name RETURN d._key', index: 'names', lookups: () => ({ v: element() }) },
  { q: 'FOR d IN rnd FILTER d.a == @a AND @v IN d.tags RETURN d._key', index: 'a_tags', lookups: () => ({ a: pick([1, 2, 3, null, 'x']), v: element() }) },
  { q: 'FOR d IN rnd FILTER d.a == @a RETURN d._key', index: 'a_tags', lookups: () => ({ a: pick([1, 2, 3, null, 'x']) }) },
  { q: 'FOR d IN rnd FILTER d.a IN @as AND @v IN d.tags RETURN d._key', index: 'a_tags', lookups: () => ({ as: [pick([1, 2, 3]), pick([null, 'x', 2])], v: element() }) },
  // ORs: one lookup per branch, each document once (or-index-choice.ts)
  { q: 'FOR d IN rnd FILTER @v IN d.tags OR @w IN d.tags RETURN d._key', index: 'tags', lookups: () => ({ v: element(), w: element() }) },
  { q: 'FOR d IN rnd FILTER @v IN d.tags OR d.a == @a RETURN d._key', index: 'tags', lookups: () => ({ v: element(), a: pick([1, 2, 3, null, 'x']) }) },
  { q: 'FOR d IN rnd FILTER d.a == @a OR @v IN d.items[*].name OR @w IN d.tags[*] RETURN d._key', index: 'a_tags', lookups: () => ({ a: pick([1, 2, 3, null, 'x']), v: pick(SCALARS.filter((x) => x !== null)), w: element() }) },
];

/** What the sparse `items[*].name` index answers for null: the elements with an explicit `name: null`. */
function sparseNullNames(docs: Map<string, Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const [k, d] of docs) {
    const it = d['items'];
    if (Array.isArray(it) && it.some((x) => x !== null && typeof x === 'object' && !Array.isArray(x) && 'name' in x && (x as Record<string, unknown>)['name'] === null)) out.push(k);
  }
  return out.sort();
}

describe('array indexes give the scan\'s results (random documents)', () => {
  const docs = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    await call(base, 'POST', `${DB}/_api/collection`, { body: { name: 'rnd' } });
    for (let i = 0; i < 400; i++) docs.set(`k${i}`, doc(i));
    // half before the indexes exist (index creation fills them), half after (insert maintains them)
    const all = [...docs.values()];
    expect((await call(base, 'POST', `${DB}/_api/document/rnd`, { body: all.slice(0, 200) })).status).toBe(202);
    for (const [name, fields, sparse] of [['tags', ['tags[*]'], false], ['names', ['items[*].name'], true], ['a_tags', ['a', 'tags[*]'], false]] as const) {
      expect((await call(base, 'POST', `${DB}/_api/index?collection=rnd`, { body: { type: 'persistent', name, fields, sparse } })).status).toBe(201);
    }
    expect((await call(base, 'POST', `${DB}/_api/document/rnd`, { body: all.slice(200) })).status).toBe(202);
  });

  const check = async (round: number): Promise<number> => {
    let nonEmpty = 0;
    for (const { q, index, lookups } of QUERIES) {
      for (let i = 0; i < 25; i++) {
        const bind = lookups();
        expect(await usedIndex(q, bind), q).toBe(index);
        const got = await cursor(q, bind);
        const sparseNull = index === 'names' && bind['v'] === null;
        const want = sparseNull ? sparseNullNames(docs) : await cursor(q.replace('FOR d IN rnd', 'FOR d IN rnd OPTIONS { disableIndex: true }'), bind);
        expect(got, `round ${round}: ${q} ${JSON.stringify(bind)}`).toEqual(want);
        if (got.length > 0) nonEmpty++;
      }
    }
    return nonEmpty;
  };

  it('after inserts and index creation', async () => {
    // the lookups must find something most of the time, or the comparison proves little
    expect(await check(0)).toBeGreaterThan(QUERIES.length * 25 * 0.5);
  });

  it('after random updates, replaces and removals', async () => {
    for (let i = 0; i < 150; i++) {
      const key = `k${Math.floor(rand() * 400)}`;
      const r = rand();
      if (!docs.has(key)) {
        const d = doc(Number(key.slice(1)));
        docs.set(key, d);
        expect((await call(base, 'POST', `${DB}/_api/document/rnd`, { body: d })).status).toBe(202);
      } else if (r < 0.4) {
        const patch: Record<string, unknown> = { tags: arrayOrNot() ?? null };
        docs.set(key, { ...docs.get(key), ...patch });
        expect((await call(base, 'PATCH', `${DB}/_api/document/rnd/${key}`, { body: patch })).status).toBe(202);
      } else if (r < 0.7) {
        const d = doc(Number(key.slice(1)));
        docs.set(key, d);
        expect((await call(base, 'PUT', `${DB}/_api/document/rnd/${key}`, { body: d })).status).toBe(202);
      } else {
        docs.delete(key);
        expect((await call(base, 'DELETE', `${DB}/_api/document/rnd/${key}`)).status).toBe(202);
      }
    }
    expect(await check(1)).toBeGreaterThan(QUERIES.length * 25 * 0.5);
  });
});
