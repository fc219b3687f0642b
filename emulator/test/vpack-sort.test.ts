/** `/_admin/cluster/vpackSortMigration/*` on a single server and on coordinators (issue 19 item 18). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signJwt, startCluster, startServer, type EmulatorCluster } from 'arangots-emulator';
import { call, PASSWORD } from './http.js';

const SECRET = 'vpack-sort-secret';
const superuser = signJwt({ iss: 'arangodb', server_id: 'test' }, SECRET);
let cluster: EmulatorCluster;
let single: EmulatorCluster;

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 2, dbServers: 2, rootPassword: PASSWORD, jwtSecret: SECRET });
  single = await startServer({ rootPassword: PASSWORD, jwtSecret: SECRET });
});
afterAll(async () => {
  await cluster.close();
  await single.close();
});

describe('vpackSortMigration', () => {
  it('a single server answers status, check and migrate itself', async () => {
    const url = single.urls[0] as string;
    const status = await call(url, 'GET', '/_admin/cluster/vpackSortMigration/status', { auth: superuser });
    expect(status.json).toEqual({ error: false, code: 200, result: { current: 'CORRECT', next: 'CORRECT' } });
    const check = await call(url, 'GET', '/_admin/cluster/vpackSortMigration/check', { auth: superuser });
    expect(check.json).toEqual({ error: false, code: 200, result: { affected: [], error: false, errorCode: 0, errorMessage: 'all good with sorting order' } });
    const migrate = await call(url, 'PUT', '/_admin/cluster/vpackSortMigration/migrate', { auth: superuser, body: {} });
    expect(migrate.json).toEqual({ error: false, code: 200, result: { error: false, errorCode: 0, errorMessage: 'VPack sorting migration done.' } });
  });

  it('a coordinator fans out to every DB-Server', async () => {
    const url = cluster.urls[1] as string;
    const ids = cluster.state.nodesByRole('PRIMARY').map((n) => n.id);
    const status = await call(url, 'GET', '/_admin/cluster/vpackSortMigration/status', { auth: superuser });
    expect(status.status).toBe(200);
    expect(Object.keys(status.json.result as object).sort()).toEqual([...ids].sort());
    for (const id of ids) expect((status.json.result as Record<string, unknown>)[id]).toEqual({ error: false, code: 200, result: { current: 'CORRECT', next: 'CORRECT' } });
    const check = await call(url, 'GET', '/_admin/cluster/vpackSortMigration/check', { auth: superuser });
    for (const id of ids) expect((check.json.result as Record<string, { result: { affected: unknown[] } }>)[id]?.result.affected).toEqual([]);
  });

  it('needs a superuser: root with a password gets 403; wrong methods 405, unknown commands 400', async () => {
    const url = cluster.urls[0] as string;
    expect((await call(url, 'GET', '/_admin/cluster/vpackSortMigration/status')).json).toMatchObject({ code: 403, errorNum: 403 });
    expect((await call(url, 'POST', '/_admin/cluster/vpackSortMigration/status', { auth: superuser })).status).toBe(405);
    expect((await call(url, 'GET', '/_admin/cluster/vpackSortMigration/nope', { auth: superuser })).status).toBe(400);
  });
});
