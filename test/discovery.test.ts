import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, NoHostAvailableError } from 'arangots';
import { endpointToHost } from '../src/transport/discovery.js';
import { realServer, startTestServer, type TestServer } from './helpers/server.js';
import { recordingHttpClient } from './helpers/recording-http.js';

let server: TestServer;
let open: ArangoClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ coordinators: 3 });
});
afterEach(async () => {
  await Promise.all(open.map((c) => c.close()));
  open = [];
  for (const co of server.emulator?.coordinators ?? []) await co.start();
});
afterAll(async () => {
  await server.close();
});

function track(c: ArangoClient): ArangoClient {
  open.push(c);
  return c;
}

describe('endpoint conversion', () => {
  it('maps ArangoDB endpoint schemes to URLs', () => {
    expect(endpointToHost('tcp://10.0.0.1:8529')).toBe('http://10.0.0.1:8529');
    expect(endpointToHost('ssl://db.example.com:8530')).toBe('https://db.example.com:8530');
    expect(endpointToHost('http+tcp://10.0.0.1:8529')).toBe('http://10.0.0.1:8529');
    expect(endpointToHost('http+ssl://10.0.0.1:8529')).toBe('https://10.0.0.1:8529');
    expect(endpointToHost('tcp://[::1]:8530')).toBe('http://[::1]:8530');
    expect(endpointToHost('TCP://Host.Example:8529/')).toBe('http://host.example:8529');
  });

  it('skips endpoints a client cannot reach', () => {
    expect(endpointToHost('unix:///tmp/arangod.sock')).toBeUndefined();
    expect(endpointToHost('vst://10.0.0.1:8529')).toBeUndefined();
    expect(endpointToHost('tcp://0.0.0.0:8529')).toBeUndefined();
    expect(endpointToHost('tcp://[::]:8529')).toBeUndefined();
    expect(endpointToHost('garbage')).toBeUndefined();
  });
});

describe('acquireHostList', () => {
  it('adopts every coordinator the cluster lists, with the same credentials', async () => {
    const rec = recordingHttpClient();
    const c = track(new ArangoClient({ hosts: server.urls[0]!, httpClient: rec.factory }));
    const added: string[] = [];
    c.on('hostAdded', ({ host }) => added.push(host.id));
    const db = await c.db('_system', { username: server.username, password: server.password });
    const list = await c.acquireHostList();
    // The emulator's coordinators are the URLs the test was given; a real deployment's are what it
    // advertises, which may differ from how ARANGO_URL names them.
    const advertised = realServer ? (await db.cluster.endpoints()).map((e) => endpointToHost(e)) : server.urls.map((u) => new URL(u).origin);
    expect(new Set(list)).toEqual(new Set(advertised));
    expect(c.hosts().map((h) => h.id)).toEqual(list);
    expect(added.length).toBe(list.length - 1);
    expect(c.maxTries).toBe(3 * list.length);
    // new hosts get requests, authenticated like the rest
    const seen = new Set<string>();
    for (let i = 0; i < 2 * list.length; i++) seen.add((await db.request({ method: 'GET', path: '/_api/version' })).hostId);
    expect(seen).toEqual(new Set(list));
    const auths = new Set(rec.log.filter((x) => x.path.endsWith('/_api/version')).map((x) => x.headers.authorization));
    expect(auths.size).toBe(1);
  });

  it.skipIf(realServer)('drops coordinators that left, and pinned requests to them say so', async () => {
    const c = track(new ArangoClient({ hosts: server.urls }));
    const removed: string[] = [];
    c.on('hostRemoved', ({ host }) => removed.push(host.id));
    const db = await c.db('_system', { username: server.username, password: server.password });
    const gone = server.emulator!.coordinators[2]!;
    await gone.stop();
    const list = await c.acquireHostList();
    expect(list).toEqual(server.urls.slice(0, 2));
    expect(removed).toEqual([gone.url]);
    expect(c.hosts().map((h) => h.id)).not.toContain(gone.url);
    const err = await db.request({ method: 'GET', path: '/_api/version', hostId: gone.url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoHostAvailableError);
    expect((err as Error).message).toMatch(/no longer in the client's host list/);
    // when it comes back, the next refresh adopts it again
    await gone.start();
    expect(await c.acquireHostList()).toEqual(server.urls);
  });

  it.skipIf(realServer)('hostListRefresh re-reads the list periodically', async () => {
    const c = track(new ArangoClient({ hosts: server.urls[0]!, hostListRefresh: 30 }));
    await c.db('_system', { username: server.username, password: server.password });
    await expect.poll(() => c.hosts().map((h) => h.id), { timeout: 20_000, interval: 10 }).toEqual(server.urls);
  });

  it('reports a refresh that cannot authenticate', async () => {
    const c = track(new ArangoClient({ hosts: server.urls[0]! }));
    await c.db('_system', { username: server.username, password: `${server.password}-wrong` });
    await expect(c.acquireHostList()).rejects.toMatchObject({ httpCode: 401 });
    expect(c.hosts()).toHaveLength(1);
  });
});
