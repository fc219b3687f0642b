import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startCluster, type EmulatorCluster } from '../src/cluster.js';

const AUTH = `Basic ${Buffer.from('root:pw').toString('base64')}`;

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

let cluster: EmulatorCluster;

async function call(method: string, path: string, body?: unknown, auth = AUTH): Promise<Answer> {
  const res = await request((cluster.urls[0] ?? '') + path, {
    method: method as 'GET',
    headers: { authorization: auth, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

const A = '/_db/adb/_api/analyzer';

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 1, rootPassword: 'pw' });
  expect((await call('POST', '/_api/database', { name: 'adb' })).status).toBe(201);
});

afterAll(async () => {
  await cluster.close();
});

describe('analyzers', () => {
  it('lists the built-in analyzers in every database', async () => {
    const r = await call('GET', A);
    expect(r.status).toBe(200);
    const result = r.body.result as Array<Record<string, unknown>>;
    expect(result.map((a) => a.name)).toEqual(expect.arrayContaining(['identity', 'text_en', 'text_de', 'text_zh']));
    expect(result.find((a) => a.name === 'text_en')).toEqual({
      name: 'text_en',
      type: 'text',
      properties: { locale: 'en', case: 'lower', stopwords: [], accent: false, stemming: true },
      features: ['frequency', 'position', 'norm'],
    });
    expect(result.find((a) => a.name === 'identity')).toEqual({ name: 'identity', type: 'identity', properties: {}, features: ['frequency', 'norm'] });
  });

  it('creates analyzers with defaults filled in, 200 for an identical one, 400 for a different one', async () => {
    const r = await call('POST', A, { name: 'ngram3', type: 'ngram', properties: { min: 3, max: 3 }, features: ['frequency'] });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      name: 'adb::ngram3',
      type: 'ngram',
      properties: { min: 3, max: 3, preserveOriginal: false, streamType: 'binary', startMarker: '', endMarker: '' },
      features: ['frequency'],
    });
    const same = await call('POST', A, { name: 'ngram3', type: 'ngram', properties: { min: 3, max: 3, preserveOriginal: false }, features: ['frequency'] });
    expect(same.status).toBe(200);
    const different = await call('POST', A, { name: 'ngram3', type: 'ngram', properties: { min: 2, max: 3 } });
    expect(different.status).toBe(400);
    expect(different.body.errorNum).toBe(10);
    const pipeline = await call('POST', A, {
      name: 'normUpper',
      type: 'pipeline',
      properties: { pipeline: [{ type: 'norm', properties: { locale: 'en', case: 'upper' } }, { type: 'delimiter', properties: { delimiter: ',' } }] },
    });
    expect(pipeline.status).toBe(201);
    expect(pipeline.body.properties).toEqual({
      pipeline: [
        { type: 'norm', properties: { locale: 'en', case: 'upper', accent: true } },
        { type: 'delimiter', properties: { delimiter: ',' } },
      ],
    });
  });

  it('validates name, type, properties and features', async () => {
    const cases: Array<[unknown, number, number]> = [
      [{ name: 'x', type: 'magic' }, 501, 9],
      [{ name: '1bad', type: 'identity' }, 400, 10],
      [{ type: 'identity' }, 400, 10],
      [{ name: 'x' }, 400, 10],
      [{ name: 'x', type: 'delimiter' }, 400, 10],
      [{ name: 'x', type: 'ngram', properties: { min: 4, max: 2 } }, 400, 10],
      [{ name: 'x', type: 'identity', features: ['position'] }, 400, 10],
      [{ name: 'x', type: 'identity', features: ['bogus'] }, 400, 10],
      [{ name: 'x', type: 'identity', properties: [1] }, 400, 10],
      [{ name: 'other::x', type: 'identity' }, 403, 11],
      [{}, 400, 600],
    ];
    for (const [body, status, errorNum] of cases) {
      const r = await call('POST', A, body);
      expect({ body, status: r.status, errorNum: r.body.errorNum }).toEqual({ body, status, errorNum });
    }
  });

  it('gets an analyzer by short or qualified name, 404/1202 when unknown', async () => {
    const r = await call('GET', `${A}/ngram3`);
    expect(r.body).toMatchObject({ error: false, code: 200, name: 'adb::ngram3', type: 'ngram' });
    expect((await call('GET', `${A}/${encodeURIComponent('adb::ngram3')}`)).body.name).toBe('adb::ngram3');
    expect((await call('GET', `${A}/text_en`)).body.name).toBe('text_en');
    const missing = await call('GET', `${A}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.errorNum).toBe(1202);
  });

  it('sees _system analyzers from other databases', async () => {
    expect((await call('POST', '/_api/analyzer', { name: 'globalDelim', type: 'delimiter', properties: { delimiter: ';' } })).status).toBe(201);
    const list = await call('GET', A);
    expect((list.body.result as Array<{ name: string }>).map((a) => a.name)).toContain('_system::globalDelim');
    expect((await call('GET', `${A}/${encodeURIComponent('_system::globalDelim')}`)).status).toBe(200);
    expect((await call('DELETE', '/_api/analyzer/globalDelim')).status).toBe(200);
  });

  it('refuses to delete an analyzer in use unless forced, and built-ins always', async () => {
    expect((await call('POST', '/_db/adb/_api/collection', { name: 'docs' })).status).toBe(200);
    const view = await call('POST', '/_db/adb/_api/view', { name: 'v', type: 'arangosearch', links: { docs: { analyzers: ['ngram3'] } } });
    expect(view.status).toBe(201);
    const inUse = await call('DELETE', `${A}/ngram3`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.errorNum).toBe(1200);
    const forced = await call('DELETE', `${A}/ngram3?force=true`);
    expect(forced.body).toEqual({ error: false, code: 200, name: 'adb::ngram3' });
    const gone = await call('DELETE', `${A}/ngram3`);
    expect(gone.status).toBe(404);
    expect(gone.body.errorNum).toBe(1202);
    const builtin = await call('DELETE', `${A}/text_en`);
    expect(builtin.status).toBe(403);
    expect(builtin.body.errorNum).toBe(11);
  });

  it('counts inverted indexes as users of an analyzer', async () => {
    expect((await call('POST', A, { name: 'delim', type: 'delimiter', properties: { delimiter: '-' } })).status).toBe(201);
    const idx = await call('POST', '/_db/adb/_api/index?collection=docs', { type: 'inverted', fields: [{ name: 'tags', analyzer: 'delim' }] });
    expect([200, 201]).toContain(idx.status);
    const r = await call('DELETE', `${A}/delim`);
    expect(r.status).toBe(409);
    expect(r.body.errorNum).toBe(1200);
  });

  it('needs write access to create', async () => {
    expect((await call('POST', '/_api/user', { user: 'reader', passwd: 'r' })).status).toBe(201);
    expect((await call('PUT', '/_api/user/reader/database/adb', { grant: 'ro' })).status).toBe(200);
    const readerAuth = `Basic ${Buffer.from('reader:r').toString('base64')}`;
    expect((await call('GET', A, undefined, readerAuth)).status).toBe(200);
    const r = await call('POST', A, { name: 'mine', type: 'identity' }, readerAuth);
    expect(r.status).toBe(403);
    expect(r.body.errorNum).toBe(11);
  });
});
