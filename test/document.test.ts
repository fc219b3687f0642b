import { beforeAll, describe, expect, it } from 'vitest';
import { ArangoClientError, ArangoServerError, Database, errors, type Collection, type Document } from 'arangots';
import { serverError, useTestDatabase } from './helpers/database.js';

interface User {
  name: string;
  age?: number;
  tags?: string[];
  address?: { city?: string; zip?: string | null };
  v?: number;
}

const ctx = useTestDatabase('doc');
let users: Collection<User>;

beforeAll(async () => {
  users = await ctx.db.createCollection<User>('users');
});

describe('single documents', () => {
  it('insert → get by key, _id and object; has; typed fields', async () => {
    const meta = await users.insert({ _key: 'alice', name: 'Alice', age: 30 }, { returnNew: true });
    expect(meta._key).toBe('alice');
    expect(meta._id).toBe('users/alice');
    expect(typeof meta._rev).toBe('string');
    expect(meta.new?.name).toBe('Alice');

    const byKey: Document<User> | null = await users.get('alice');
    expect(byKey?.age).toBe(30);
    expect((await users.get('users/alice'))?._rev).toBe(meta._rev);
    expect((await users.get({ _key: 'alice' }))?.name).toBe('Alice');
    expect((await users.get({ _id: 'users/alice' }))?.name).toBe('Alice');
    expect(await users.has('alice')).toBe(true);
    expect(await users.has('nobody')).toBe(false);
  });

  it('get of a missing document is null, or 404/1202 with graceful: false', async () => {
    expect(await users.get('missing')).toBeNull();
    const err = await serverError(users.get('missing', { graceful: false }));
    expect(err.httpCode).toBe(404);
    expect(err.errorNum).toBe(errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND);
  });

  it('a missing collection is 404/1203 even for get', async () => {
    const err = await serverError(ctx.db.collection('no_such').get('x'));
    expect(err.httpCode).toBe(404);
    expect(err.errorNum).toBe(errors.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND);
  });

  it('insert of an existing key is 409/1210', async () => {
    await users.insert({ _key: 'dup', name: 'first' });
    const err = await serverError(users.insert({ _key: 'dup', name: 'second' }));
    expect(err.httpCode).toBe(409);
    expect(err.errorNum).toBe(errors.ERROR_ARANGO_UNIQUE_CONSTRAINT_VIOLATED);
  });

  it('overwriteMode ignore / update / replace and returnOld', async () => {
    await users.insert({ _key: 'ow', name: 'orig', age: 1, address: { city: 'A' } });
    await users.insert({ _key: 'ow', name: 'ignored' }, { overwriteMode: 'ignore' });
    expect((await users.get('ow'))?.name).toBe('orig');
    const upd = await users.insert({ _key: 'ow', name: 'updated', address: { zip: '1' } }, { overwriteMode: 'update', returnOld: true, returnNew: true });
    expect(upd.old?.name).toBe('orig');
    expect(upd.new?.address).toEqual({ city: 'A', zip: '1' });
    expect(upd.new?.age).toBe(1);
    const rep = await users.insert({ _key: 'ow', name: 'replaced' }, { overwriteMode: 'replace', returnNew: true });
    expect(rep.new?.age).toBeUndefined();
    expect(rep._oldRev).toBe(upd._rev);
  });

  it('silent writes answer an empty object', async () => {
    const res = await users.insert({ _key: 'quiet', name: 'q' }, { silent: true });
    expect(res).toEqual({});
  });

  it('update merges (keepNull/mergeObjects); replace swaps the whole body', async () => {
    await users.insert({ _key: 'bob', name: 'Bob', age: 40, address: { city: 'X', zip: '9' } });
    const u1 = await users.update('bob', { age: 41, address: { city: 'Y' } }, { returnNew: true, returnOld: true });
    expect(u1.old?.age).toBe(40);
    expect(u1.new?.address).toEqual({ city: 'Y', zip: '9' });
    const u2 = await users.update('bob', { address: { city: 'Z' } }, { mergeObjects: false, returnNew: true });
    expect(u2.new?.address).toEqual({ city: 'Z' });
    const u3 = await users.update('bob', { address: { zip: null } }, { keepNull: false, returnNew: true });
    expect(u3.new?.address).toEqual({ city: 'Z' });
    const r = await users.replace('users/bob', { name: 'Robert' }, { returnNew: true });
    expect(r.new?.name).toBe('Robert');
    expect(r.new?.age).toBeUndefined();
  });

  it('typed nested patches: a partial nested object merges into the stored one', async () => {
    const people = await ctx.db.createCollection<{ name: string; home: { city: string; zip: string } }>('people');
    await people.insert({ _key: 'p', name: 'P', home: { city: 'A', zip: '1' } });
    const res = await people.update('p', { home: { city: 'B' } }, { returnNew: true });
    expect(res.new?.home).toEqual({ city: 'B', zip: '1' });
    const cleared = await people.update('p', { home: { zip: null } }, { keepNull: false, returnNew: true });
    expect(cleared.new?.home).toEqual({ city: 'B' });
  });

  it('rev preconditions: 412/1200 on update, replace, delete and get; checkRev: false skips them', async () => {
    const first = await users.insert({ _key: 'carl', name: 'Carl' });
    await users.update('carl', { age: 1 });
    const stale = { _key: 'carl', _rev: first._rev };
    // One call at a time: a rejection nobody awaits yet would be reported as unhandled.
    for (const call of [
      () => users.update(stale, { age: 2 }),
      () => users.replace('carl', { name: 'C' }, { rev: first._rev }),
      () => users.delete(stale),
      () => users.get('carl', { rev: first._rev }),
      () => users.has('carl', { rev: first._rev }),
    ]) {
      const err = await serverError(call());
      expect(err.httpCode).toBe(412);
      if (err.errorNum !== 0) expect(err.errorNum).toBe(errors.ERROR_ARANGO_CONFLICT);
    }
    const ok = await users.update(stale, { age: 3 }, { checkRev: false, returnNew: true });
    expect(ok.new?.age).toBe(3);
  });

  it('ifNoneMatch with the current revision answers 304 → null', async () => {
    const meta = await users.insert({ name: 'etag' });
    expect(await users.get(meta._key, { ifNoneMatch: meta._rev })).toBeNull();
    expect((await users.get(meta._key, { ifNoneMatch: '_nope_' }))?.name).toBe('etag');    // has(): an unchanged document (304) still exists
    expect(await users.has(meta._key, { ifNoneMatch: meta._rev })).toBe(true);
    expect(await users.has(meta._key, { ifNoneMatch: '_nope_' })).toBe(true);
  });

  it('allowDirtyRead sends x-arango-allow-dirty-read on reads (the server answers potential-dirty-read)', async () => {
    await users.insert({ _key: 'dirty', name: 'd' });
    const answers: Record<string, unknown>[] = [];
    const watching = new Database({
      databaseName: ctx.db.name,
      forDatabase: (n) => ctx.db.connection.forDatabase(n),
      send: (spec, parse) =>
        ctx.db.connection.send(spec, (res) => {
          answers.push(res.headers);
          return parse(res);
        }),
    });
    const wc = watching.collection<User>('users');
    expect((await wc.get('dirty', { allowDirtyRead: true }))?.name).toBe('d');
    expect(await wc.has('dirty', { allowDirtyRead: true })).toBe(true);
    expect(await wc.getMany(['dirty'], { allowDirtyRead: true })).toHaveLength(1);
    expect(answers.map((h) => h['x-arango-potential-dirty-read'])).toEqual(['true', 'true', 'true']);
    await wc.get('dirty');
    expect(answers[3]?.['x-arango-potential-dirty-read']).toBeUndefined();
  });

  it('versionAttribute keeps the higher version', async () => {
    await users.insert({ _key: 'ver', name: 'v5', v: 5 });
    await users.insert({ _key: 'ver', name: 'v3', v: 3 }, { overwriteMode: 'replace', versionAttribute: 'v' });
    expect((await users.get('ver'))?.name).toBe('v5');
    await users.insert({ _key: 'ver', name: 'v7', v: 7 }, { overwriteMode: 'replace', versionAttribute: 'v' });
    expect((await users.get('ver'))?.name).toBe('v7');
  });

  it('delete returns the old document; a missing one is 404/1202 or null with ignoreMissing', async () => {
    await users.insert({ _key: 'gone', name: 'g' });
    const del = await users.delete('gone', { returnOld: true });
    expect(del.old?.name).toBe('g');
    expect(await users.has('gone')).toBe(false);
    const err = await serverError(users.delete('gone'));
    expect(err.errorNum).toBe(errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND);
    expect(await users.delete('gone', { ignoreMissing: true })).toBeNull();
  });

  it('bad selectors and documents are refused before sending', async () => {
    await expect(users.get('other/alice')).rejects.toBeInstanceOf(ArangoClientError);
    await expect(users.get('')).rejects.toBeInstanceOf(ArangoClientError);
    await expect(users.get({} as { _key: string })).rejects.toBeInstanceOf(ArangoClientError);
    await expect(users.insert(null as unknown as User)).rejects.toBeInstanceOf(ArangoClientError);
    await expect(users.update('x', [] as unknown as User)).rejects.toBeInstanceOf(ArangoClientError);
    const err = await users.delete('others/x').catch((e: unknown) => e);
    expect(String((err as Error).message)).toContain('others/x');
  });

  it('keys with every allowed punctuation character survive the URL (one encoded segment each)', async () => {
    const key = "we!rd:k@y(1)+x=y;$*'%2F,.-_";
    const meta = await users.insert({ _key: key, name: 'weird' });
    expect(meta._key).toBe(key);
    expect((await users.get(key))?.name).toBe('weird');
    expect((await users.get(`users/${key}`))?._key).toBe(key);
    expect(await users.has(key)).toBe(true);
    await users.update(key, { age: 1 });
    expect((await users.getMany([key]))[0]).toMatchObject({ _key: key, age: 1 });
    await users.delete(key);
    expect(await users.has(key)).toBe(false);
  });

  it('a bad key is answered 400/1221', async () => {
    const err = await serverError(users.insert({ _key: 'bad key/with slash', name: 'x' }));
    expect(err.httpCode).toBe(400);
    expect(err.errorNum).toBe(errors.ERROR_ARANGO_DOCUMENT_KEY_BAD);
  });
});

describe('many documents: one request, per-item results', () => {
  it('insertMany with a duplicate keeps the error in place', async () => {
    await users.insert({ _key: 'm1', name: 'exists' });
    const res = await users.insertMany([{ _key: 'm0', name: 'a' }, { _key: 'm1', name: 'dup' }, { _key: 'm2', name: 'c' }], { returnNew: true });
    expect(res).toHaveLength(3);
    expect(res[0]).not.toBeInstanceOf(ArangoServerError);
    const bad = res[1];
    expect(bad).toBeInstanceOf(ArangoServerError);
    expect((bad as ArangoServerError).errorNum).toBe(errors.ERROR_ARANGO_UNIQUE_CONSTRAINT_VIOLATED);
    expect((bad as ArangoServerError).httpCode).toBe(409);
    const third = res[2];
    if (third instanceof ArangoServerError) throw third;
    expect(third?.new?.name).toBe('c');
  });

  it('getMany returns documents in order with missing ones as 1202 errors', async () => {
    const res = await users.getMany(['m0', 'users/m2', { _key: 'nope' }]);
    expect(res).toHaveLength(3);
    expect((res[0] as Document<User>).name).toBe('a');
    expect((res[1] as Document<User>).name).toBe('c');
    expect((res[2] as ArangoServerError).errorNum).toBe(errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND);
    expect((res[2] as ArangoServerError).httpCode).toBe(404);
  });

  it('updateMany / replaceMany with a missing target and a stale rev', async () => {
    const cur = (await users.get('m0')) as Document<User>;
    await users.update('m0', { age: 5 });
    const up = await users.updateMany([{ _key: 'm2', age: 9 }, { _key: 'ghost', age: 1 }, { _key: 'm0', _rev: cur._rev, age: 7 }], {
      ignoreRevs: false,
      returnNew: true,
    });
    expect((up[0] as { new?: User }).new?.age).toBe(9);
    expect((up[1] as ArangoServerError).errorNum).toBe(errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND);
    expect((up[2] as ArangoServerError).errorNum).toBe(errors.ERROR_ARANGO_CONFLICT);
    const rep = await users.replaceMany([{ _id: 'users/m2', name: 'C2' }, { _key: 'ghost', name: 'x' }]);
    expect(rep[0]).not.toBeInstanceOf(ArangoServerError);
    expect(rep[1]).toBeInstanceOf(ArangoServerError);
    expect((await users.get('m2'))?.name).toBe('C2');
  });

  it('deleteMany removes what exists and reports the rest', async () => {
    const res = await users.deleteMany(['m0', 'users/m2', 'never'], { returnOld: true });
    expect((res[0] as { old?: User }).old?.name).toBe('a');
    expect(res[1]).not.toBeInstanceOf(ArangoServerError);
    expect((res[2] as ArangoServerError).errorNum).toBe(errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND);
    expect(await users.has('m0')).toBe(false);
  });

  it('many-call input is checked before sending', async () => {
    await expect(users.insertMany([{ name: 'ok' }, 5 as unknown as User])).rejects.toThrow(/item 1/);
    await expect(users.updateMany([{ name: 'no key' } as unknown as User & { _key: string }])).rejects.toThrow(/item 0 has neither _key nor _id/);
    await expect(users.deleteMany(['other/x'])).rejects.toBeInstanceOf(ArangoClientError);
    await expect(users.getMany('abc' as unknown as string[])).rejects.toBeInstanceOf(ArangoClientError);
  });

  it('silent many-writes answer no items when all succeed', async () => {
    const res = await users.insertMany([{ name: 's1' }, { name: 's2' }], { silent: true });
    expect(res).toEqual([]);
  });
});

describe('edge collections', () => {
  it('insert requires _from/_to; edges/inEdges/outEdges', async () => {
    const knows = await ctx.db.createEdgeCollection<{ since: number }>('knows');
    await users.insertMany([{ _key: 'e1', name: 'e1' }, { _key: 'e2', name: 'e2' }]);
    await knows.insert({ _from: 'users/e1', _to: 'users/e2', since: 2020 });
    const missing = await serverError(knows.insert({ since: 1 } as unknown as { _from: string; _to: string; since: number }));
    expect(missing.httpCode).toBe(400);
    const all = await knows.edges('users/e1');
    expect(all.edges).toHaveLength(1);
    expect(all.edges[0]?.since).toBe(2020);
    expect((await knows.outEdges({ _id: 'users/e1' })).edges).toHaveLength(1);
    expect((await knows.inEdges('users/e1')).edges).toHaveLength(0);
    expect((await knows.inEdges('users/e2')).edges[0]?._from).toBe('users/e1');
  });
});
