import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, ArangoClientError, ArangoServerError, errors, type Database } from 'arangots';
import { startTestServer, uniqueName, type TestServer } from './helpers/server.js';

let server: TestServer;
let client: ArangoClient;
let system: Database;
let db: Database;

beforeAll(async () => {
  server = await startTestServer();
  client = new ArangoClient({ hosts: server.urls });
  system = await client.db('_system', { username: server.username, password: server.password });
  db = await system.createDatabase(uniqueName('analyzer'));
});

afterAll(async () => {
  await system?.dropDatabase(db.name, { ignoreMissing: true });
  await client?.close();
  await server?.close();
});

describe('analyzers', () => {
  it('lists the built-in analyzers', async () => {
    const names = (await db.analyzers()).map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['identity', 'text_en']));
  });

  it('creates typed analyzers and reads them back under their qualified name', async () => {
    const delim = await db.createAnalyzer('csv', { type: 'delimiter', properties: { delimiter: ',' }, features: ['frequency'] });
    const stored = await delim.get();
    expect(stored.name).toBe(`${db.name}::csv`);
    expect(stored.type).toBe('delimiter');
    expect(stored.properties).toMatchObject({ delimiter: ',' });
    expect(stored.features).toEqual(['frequency']);
    expect(await delim.exists()).toBe(true);

    const norm = db.analyzer('lowercase');
    const created = await norm.create({ type: 'norm', properties: { locale: 'en', case: 'lower', accent: false } });
    expect(created.type).toBe('norm');
    // Creating the identical definition again is accepted (200), not an error.
    const again = await norm.create({ type: 'norm', properties: { locale: 'en', case: 'lower', accent: false } });
    expect(again.name).toBe(created.name);
    expect((await db.analyzers()).map((a) => a.name)).toEqual(expect.arrayContaining([`${db.name}::csv`, `${db.name}::lowercase`]));
  });

  it('a conflicting definition under an existing name is refused by the server', async () => {
    const err = await db.analyzer('csv').create({ type: 'delimiter', properties: { delimiter: ';' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
  });

  it('refuses unknown features before sending', async () => {
    await expect(db.analyzer('x').create({ type: 'identity', features: ['bogus' as 'norm'] })).rejects.toBeInstanceOf(ArangoClientError);
  });

  it('an analyzer in use by a view needs force to be dropped (409)', async () => {
    await db.createCollection('docs');
    await db.createView('v', { type: 'arangosearch', links: { docs: { analyzers: ['csv'] } } });
    const err = await db.analyzer('csv').drop().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).httpCode).toBe(409);
    expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_ARANGO_CONFLICT);
    expect(await db.analyzer('csv').drop(true)).toEqual({ name: `${db.name}::csv` });
    expect(await db.analyzer('csv').exists()).toBe(false);
  });

  it('a missing analyzer is 404 / ERROR_ARANGO_DOCUMENT_NOT_FOUND', async () => {
    const err = await db.analyzer('missing').get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).httpCode).toBe(404);
    expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND);
  });
});
