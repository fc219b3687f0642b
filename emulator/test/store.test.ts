import { describe, expect, it } from 'vitest';
import { ArangoHttpError } from '../src/errors.js';
import { Database } from '../src/store/database.js';
import { isValidKey, KeyGenerator } from '../src/store/keys.js';
import { newRevision, revisionFromEtag } from '../src/store/revisions.js';
import { parseSchema, validateAgainstSchema } from '../src/store/schema.js';
import {
  abortTransaction,
  beginTransaction,
  commitTransaction,
  getTransaction,
  setTransactionIdleTimeout,
  transactionFromHeader,
} from '../src/store/transaction.js';
import type { Doc } from '../src/store/types.js';

function fails(fn: () => unknown): ArangoHttpError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ArangoHttpError) return e;
    throw e;
  }
  throw new Error('expected an ArangoHttpError');
}

async function failsAsync(fn: () => Promise<unknown>): Promise<ArangoHttpError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof ArangoHttpError) return e;
    throw e;
  }
  throw new Error('expected an ArangoHttpError');
}

describe('revisions', () => {
  it('are 11-character strings that change and increase on every call', () => {
    const revs = Array.from({ length: 2000 }, () => newRevision());
    for (const r of revs) expect(r).toMatch(/^[-_A-Za-z0-9]{11}$/);
    expect(new Set(revs).size).toBe(revs.length);
    const alphabet = '-_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    const cmp = (a: string, b: string): number => {
      for (let i = 0; i < a.length; i++) {
        const d = alphabet.indexOf(a.charAt(i)) - alphabet.indexOf(b.charAt(i));
        if (d !== 0) return d;
      }
      return 0;
    };
    for (let i = 1; i < revs.length; i++) expect(cmp(revs[i - 1] as string, revs[i] as string)).toBeLessThan(0);
  });

  it('reads quoted and bare etags', () => {
    expect(revisionFromEtag('"_abc"')).toBe('_abc');
    expect(revisionFromEtag('_abc')).toBe('_abc');
    expect(revisionFromEtag(undefined)).toBeUndefined();
  });
});

describe('keys', () => {
  it('validates characters and length', () => {
    expect(isValidKey('abc-_:.@()+,=;$!*\'%9')).toBe(true);
    expect(isValidKey('a/b')).toBe(false);
    expect(isValidKey('a b')).toBe(false);
    expect(isValidKey('')).toBe(false);
    expect(isValidKey('x'.repeat(254))).toBe(true);
    expect(isValidKey('x'.repeat(255))).toBe(false);
    expect(isValidKey(12)).toBe(false);
  });

  it('autoincrement honours offset and increment and tracks user keys', () => {
    const g = new KeyGenerator({ type: 'autoincrement', offset: 10, increment: 5 });
    expect(g.generate()).toBe('10');
    expect(g.generate()).toBe('15');
    g.track('42');
    expect(g.generate()).toBe('45');
    expect(g.report()).toEqual({ allowUserKeys: true, type: 'autoincrement', offset: 10, increment: 5, lastValue: 45 });
  });

  it('padded keys are 16 hex digits and sort in creation order; uuid keys are uuids', () => {
    const p = new KeyGenerator({ type: 'padded' });
    const a = p.generate();
    const b = p.generate();
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(a < b).toBe(true);
    expect(new KeyGenerator({ type: 'uuid' }).generate()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects unknown generators with 1232', () => {
    expect(fails(() => new KeyGenerator({ type: 'nope' })).errorNum).toBe(1232);
  });
});

describe('schema subset', () => {
  const schema = parseSchema({
    rule: {
      type: 'object',
      properties: { name: { type: 'string', minLength: 2 }, age: { type: 'integer', minimum: 0 } },
      required: ['name'],
      additionalProperties: false,
    },
    level: 'strict',
    message: 'bad user',
  });
  it('accepts conforming documents and ignores system attributes', () => {
    expect(schema).not.toBeNull();
    validateAgainstSchema(schema!, { _key: 'a', _id: 'u/a', _rev: 'x', name: 'Al', age: 3 });
  });
  it('rejects violations with 1620 and the schema message', () => {
    for (const doc of [{ name: 'A' }, { age: 3 }, { name: 'Al', age: 1.5 }, { name: 'Al', extra: 1 }]) {
      const e = fails(() => validateAgainstSchema(schema!, doc));
      expect(e.errorNum).toBe(1620);
      expect(e.status).toBe(400);
      expect(e.message).toBe('bad user');
    }
  });
});

describe('collections and documents', () => {
  it('creates system collections with every database', () => {
    const db = new Database('d', '1');
    expect(db.hasCollection('_graphs')).toBe(true);
    expect(db.getCollection('_graphs').isSystem).toBe(true);
  });

  it('validates names: 400/1208 illegal, 409/1207 duplicate', () => {
    const db = new Database('d', '1');
    expect(fails(() => db.createCollection({ name: '1abc' })).errorNum).toBe(1208);
    expect(fails(() => db.createCollection({ name: 'a/b' })).errorNum).toBe(1208);
    expect(fails(() => db.createCollection({ name: '_sys' })).errorNum).toBe(1208);
    db.createCollection({ name: 'users' });
    const dup = fails(() => db.createCollection({ name: 'users' }));
    expect([dup.status, dup.errorNum]).toEqual([409, 1207]);
    expect(db.createCollection({ name: 'ünïcödé' }).name).toBe('ünïcödé');
  });

  it('insert/get/update/replace/remove with revisions and preconditions', () => {
    const c = new Database('d', '1').createCollection({ name: 'c' });
    const { new: doc } = c.insert({ _key: 'a', v: 1, nested: { x: 1, y: 2 } });
    expect(doc).toMatchObject({ _key: 'a', _id: 'c/a', v: 1 });
    expect(Object.keys(doc!).slice(0, 3)).toEqual(['_key', '_id', '_rev']);
    const rev1 = doc!._rev;
    const up = c.update('a', { v: 2, nested: { y: null, z: 3 } }, { keepNull: false });
    expect(up.new).toMatchObject({ v: 2, nested: { x: 1, z: 3 } });
    expect(up.new!._rev).not.toBe(rev1);
    const e412 = fails(() => c.replace('a', { v: 3 }, { expectedRev: rev1 }));
    expect([e412.status, e412.errorNum]).toEqual([412, 1200]);
    expect(e412.envelope()).toMatchObject({ _id: 'c/a', _key: 'a', _rev: up.new!._rev });
    const rep = c.replace('a', { w: 1 });
    expect(rep.new).not.toHaveProperty('v');
    expect(fails(() => c.insert({ _key: 'a' })).message).toBe(
      "unique constraint violated - in index primary of type primary over '_key'; conflicting key: a",
    );
    c.remove('a');
    expect(c.get('a')).toBeUndefined();
    expect(fails(() => c.remove('a')).errorNum).toBe(1202);
    expect(fails(() => c.insert({ _key: 'bad key' })).errorNum).toBe(1221);
  });

  it('overwrite modes ignore / update / replace / conflict', () => {
    const c = new Database('d', '1').createCollection({ name: 'c' });
    const first = c.insert({ _key: 'k', a: 1, b: 1 }).new!;
    const ign = c.insert({ _key: 'k', a: 9 }, { overwriteMode: 'ignore' });
    expect(ign.new).toBeUndefined();
    expect(c.get('k')).toBe(first);
    expect(c.insert({ _key: 'k', a: 2 }, { overwriteMode: 'update' }).new).toMatchObject({ a: 2, b: 1 });
    expect(c.insert({ _key: 'k', a: 3 }, { overwriteMode: 'replace' }).new).not.toHaveProperty('b');
    expect(fails(() => c.insert({ _key: 'k' }, { overwriteMode: 'conflict' })).errorNum).toBe(1210);
  });

  it('edges need valid _from and _to (400/1233) and are found through the edge index', () => {
    const c = new Database('d', '1').createCollection({ name: 'e', type: 3 });
    expect(fails(() => c.insert({ _from: 'v/1' })).errorNum).toBe(1233);
    expect(fails(() => c.insert({ _from: 'v/1', _to: 'nokey' })).errorNum).toBe(1233);
    c.insert({ _key: 'x', _from: 'v/1', _to: 'v/2' });
    expect(fails(() => c.replace('x', { w: 1 })).errorNum).toBe(1233);
    expect(c.update('x', { w: 1 }).new).toMatchObject({ _from: 'v/1', _to: 'v/2', w: 1 });
    c.insert({ _key: 'y', _from: 'v/2', _to: 'v/3' });
    expect(c.edges('v/2', 'any').map((d: Doc) => d._key).sort()).toEqual(['x', 'y']);
    expect(c.edges('v/2', 'outbound').map((d: Doc) => d._key)).toEqual(['y']);
  });

  it('enforces unique persistent indexes (409/1210 with the conflicting key), sparse skips nulls', () => {
    const c = new Database('d', '1').createCollection({ name: 'u' });
    const { index } = c.ensureIndex({ type: 'persistent', fields: ['email'], unique: true, sparse: true, name: 'byEmail' });
    c.insert({ _key: 'a', email: 'x@y' });
    c.insert({ _key: 'b' });
    c.insert({ _key: 'c' });
    const e = fails(() => c.insert({ _key: 'd', email: 'x@y' }));
    expect([e.status, e.errorNum]).toEqual([409, 1210]);
    expect(e.message).toBe("unique constraint violated - in index byEmail of type persistent over 'email'; conflicting key: a");
    c.update('a', { email: 'other' });
    c.insert({ _key: 'd', email: 'x@y' });
    expect(c.findIndex(index.id)).toBe(index);
    expect(c.ensureIndex({ type: 'persistent', fields: ['email'], unique: true, sparse: true }).created).toBe(false);
    c.dropIndex(index.id);
    c.insert({ _key: 'e', email: 'x@y' });
    const e2 = fails(() => c.ensureIndex({ type: 'persistent', fields: ['email'], unique: true }));
    expect([e2.status, e2.errorNum]).toEqual([400, 1210]);
  });

  it('expires documents under a TTL index', () => {
    const c = new Database('d', '1').createCollection({ name: 't' });
    c.ensureIndex({ type: 'ttl', fields: ['at'], expireAfter: 0 });
    const now = Date.now() / 1000;
    c.insert({ _key: 'old', at: now - 10 });
    c.insert({ _key: 'iso', at: new Date(Date.now() - 10_000).toISOString() });
    c.insert({ _key: 'new', at: now + 3600 });
    c.insert({ _key: 'none' });
    expect(c.get('old')).toBeUndefined();
    expect(c.count()).toBe(2);
    expect(c.all().map((d) => d._key).sort()).toEqual(['new', 'none']);
    expect(fails(() => c.ensureIndex({ type: 'ttl', fields: ['other'], expireAfter: 1 })).status).toBe(400);
  });

  it('validates documents against the collection schema by level', () => {
    const db = new Database('d', '1');
    const rule = { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] };
    const strict = db.createCollection({ name: 's', schema: { rule, level: 'strict', message: 'nope' } });
    expect(fails(() => strict.insert({ n: 'x' })).errorNum).toBe(1620);
    strict.insert({ _key: 'ok', n: 1 });
    expect(fails(() => strict.update('ok', { n: 'x' })).errorNum).toBe(1620);
    const fresh = db.createCollection({ name: 'n', schema: { rule, level: 'new' } });
    fresh.insert({ _key: 'ok', n: 1 });
    fresh.update('ok', { n: 'x' });
    expect(fresh.get('ok')!['n']).toBe('x');
    const none = db.createCollection({ name: 'z', schema: { rule, level: 'none' } });
    none.insert({ n: 'x' });
  });
});

describe('computed values', () => {
  it('computes attributes on insert/update/replace with overwrite, keepNull and computeOn', () => {
    const db = new Database('d', '1');
    const c = db.createCollection({
      name: 'people',
      computedValues: [
        { name: 'full', expression: "RETURN CONCAT(@doc.first, ' ', @doc.last)", overwrite: true, computeOn: ['insert', 'update'] },
        { name: 'tag', expression: 'RETURN @doc.missing', overwrite: false, keepNull: false },
        { name: 'kept', expression: 'RETURN 1', overwrite: false },
      ],
    });
    const d = c.insert({ _key: 'a', first: 'Ada', last: 'Lovelace', full: 'ignored', kept: 'mine' }).new!;
    expect(d['full']).toBe('Ada Lovelace');
    expect(d).not.toHaveProperty('tag');
    expect(d['kept']).toBe('mine');
    expect(c.update('a', { first: 'Augusta' }).new!['full']).toBe('Augusta Lovelace');
    const rep = c.replace('a', { first: 'X', last: 'Y' }).new!;
    expect(rep).not.toHaveProperty('full');
    expect(rep['kept']).toBe(1);
  });

  it('refuses invalid expressions and collection access with 400', () => {
    const db = new Database('d', '1');
    for (const expression of ['RETURN (', 'RETURN @other', 'FOR x IN users RETURN x', 'x']) {
      const e = fails(() => db.createCollection({ name: 'bad', computedValues: [{ name: 'v', expression, overwrite: true }] }));
      expect(e.status).toBe(400);
    }
  });
});

describe('stream transactions (store level)', () => {
  it('isolates uncommitted writes, commits them, and aborts leave nothing behind', async () => {
    const db = new Database('d', '1');
    const c = db.createCollection({ name: 'c' });
    c.insert({ _key: 'base', v: 0 });
    const tx = await beginTransaction(db, { collections: { write: 'c' } });
    c.insert({ _key: 'new', v: 1 }, {}, tx);
    c.update('base', { v: 1 }, {}, tx);
    expect(c.get('new')).toBeUndefined();
    expect(c.get('base')!['v']).toBe(0);
    expect(c.count()).toBe(1);
    expect(c.get('new', tx)!['v']).toBe(1);
    expect(c.count(tx)).toBe(2);
    expect(c.all(tx).length).toBe(2);
    // another writer on a key the transaction holds: write-write conflict
    const ww = fails(() => c.update('base', { v: 9 }));
    expect([ww.status, ww.errorNum]).toEqual([409, 1200]);
    expect(ww.message).toContain('write-write conflict');
    commitTransaction(db, tx.id);
    expect(c.get('new')!['v']).toBe(1);
    expect(c.get('base')!['v']).toBe(1);

    const tx2 = await beginTransaction(db, { collections: { write: ['c'] } });
    c.insert({ _key: 'gone' }, {}, tx2);
    c.remove('base', {}, tx2);
    c.truncate(tx2);
    expect(c.count(tx2)).toBe(0);
    abortTransaction(db, tx2.id);
    expect(c.get('gone')).toBeUndefined();
    expect(c.count()).toBe(2);
    const again = fails(() => c.insert({}, {}, tx2));
    expect([again.status, again.errorNum]).toEqual([410, 1654]);
    expect(fails(() => commitTransaction(db, tx2.id)).errorNum).toBe(1653);
  });

  it('refuses writes to collections not declared for writing (400/1652) and unknown ids (404/1655)', async () => {
    const db = new Database('d', '1');
    const c = db.createCollection({ name: 'c' });
    db.createCollection({ name: 'r' });
    const tx = await beginTransaction(db, { collections: { read: 'r' }, allowImplicit: false });
    const e = fails(() => c.insert({}, {}, tx));
    expect([e.status, e.errorNum]).toEqual([400, 1652]);
    expect(fails(() => c.get('x', tx)).errorNum).toBe(1652);
    expect(fails(() => getTransaction(db, '12345')).errorNum).toBe(1655);
    expect((await failsAsync(() => beginTransaction(db, { collections: { read: 'missing' } }))).errorNum).toBe(1203);
  });

  it('reserves unique values: a second transaction conflicts, commit releases', async () => {
    const db = new Database('d', '1');
    const c = db.createCollection({ name: 'c' });
    c.ensureIndex({ type: 'persistent', fields: ['u'], unique: true });
    const t1 = await beginTransaction(db, { collections: { write: 'c' } });
    const t2 = await beginTransaction(db, { collections: { write: 'c' } });
    c.insert({ _key: 'a', u: 1 }, {}, t1);
    expect(fails(() => c.insert({ _key: 'b', u: 1 }, {}, t2)).errorNum).toBe(1200);
    expect(fails(() => c.insert({ _key: 'a2', u: 1 }, {}, t1)).errorNum).toBe(1210);
    commitTransaction(db, t1.id);
    expect(fails(() => c.insert({ _key: 'b', u: 1 }, {}, t2)).errorNum).toBe(1210);
    abortTransaction(db, t2.id);
  });

  it('expires idle transactions (410/1654)', async () => {
    const db = new Database('d', '1');
    const c = db.createCollection({ name: 'c' });
    setTransactionIdleTimeout(30);
    try {
      const tx = await beginTransaction(db, { collections: { write: 'c' } });
      c.insert({ _key: 'x' }, {}, tx);
      await new Promise((r) => setTimeout(r, 80));
      const e = fails(() => transactionFromHeader(db, tx.id));
      expect([e.status, e.errorNum]).toEqual([410, 1654]);
      expect(getTransaction(db, tx.id).status).toBe('aborted');
      expect(c.get('x')).toBeUndefined();
    } finally {
      setTransactionIdleTimeout(60_000);
    }
  });

  it('exclusive transactions make a conflicting begin wait for the lock', async () => {
    const db = new Database('d', '1');
    db.createCollection({ name: 'c' });
    const t1 = await beginTransaction(db, { collections: { exclusive: 'c' } });
    let started = false;
    const p = beginTransaction(db, { collections: { write: 'c' } }).then((t) => {
      started = true;
      return t;
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(started).toBe(false);
    commitTransaction(db, t1.id);
    const t2 = await p;
    expect(t2.status).toBe('running');
    const timeout = await failsAsync(async () => {
      await beginTransaction(db, { collections: { exclusive: 'c' }, lockTimeout: 0.05 });
    });
    expect(timeout.errorNum).toBe(18);
    abortTransaction(db, t2.id);
  });
});
