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

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 2, dbServers: 3, rootPassword: 'pw' });
});

afterAll(async () => {
  await cluster.close();
});

describe('hot backups', () => {
  let backupId = '';

  it('creates a backup of the current state', async () => {
    expect((await call('POST', '/_api/database', { name: 'shop' })).status).toBe(201);
    expect((await call('POST', '/_db/shop/_api/collection', { name: 'items' })).status).toBe(200);
    expect((await call('POST', '/_db/shop/_api/index?collection=items', { type: 'persistent', fields: ['sku'], unique: true })).status).toBe(201);
    expect((await call('POST', '/_db/shop/_api/document/items', [{ _key: 'a', sku: 1 }, { _key: 'b', sku: 2 }])).status).toBe(202);
    expect((await call('POST', '/_db/shop/_api/gharial', { name: 'g', edgeDefinitions: [{ collection: 'e', from: ['items'], to: ['items'] }] })).status).toBe(202);
    const r = await call('POST', '/_admin/backup/create', { label: 'first' });
    expect(r.status).toBe(201);
    const result = r.body.result as Record<string, unknown>;
    expect(result.id).toMatch(/^\d{4}-\d\d-\d\dT\d\d\.\d\d\.\d\dZ_first$/);
    expect(result).toMatchObject({ potentiallyInconsistent: false, nrDBServers: 3 });
    expect(typeof result.sizeInBytes).toBe('number');
    backupId = result.id as string;
  });

  it('lists backups, all or by id, 404/7007 for an unknown id', async () => {
    const all = await call('POST', '/_admin/backup/list', {});
    expect(all.status).toBe(200);
    const list = (all.body.result as { list: Record<string, Record<string, unknown>> }).list;
    expect(Object.keys(list)).toEqual([backupId]);
    expect(list[backupId]).toMatchObject({ id: backupId, available: true, nrDBServers: 3, nrPiecesPresent: 3, keys: [] });
    const one = await call('POST', '/_admin/backup/list', { id: backupId });
    expect(Object.keys((one.body.result as { list: object }).list)).toEqual([backupId]);
    const missing = await call('POST', '/_admin/backup/list', { id: 'nope' });
    expect(missing.status).toBe(404);
    expect(missing.body.errorNum).toBe(7007);
    expect((await call('GET', '/_admin/backup/list')).status).toBe(405);
  });

  it('restores the state of the backup', async () => {
    await call('DELETE', '/_db/shop/_api/document/items/a');
    await call('POST', '/_db/shop/_api/document/items', { _key: 'c', sku: 3 });
    await call('POST', '/_db/shop/_api/collection', { name: 'later' });
    await call('DELETE', '/_db/shop/_api/gharial/g');
    await call('POST', '/_api/database', { name: 'newer' });
    const r = await call('POST', '/_admin/backup/restore', { id: backupId });
    expect(r.status).toBe(200);
    expect(typeof (r.body.result as { previous: unknown }).previous).toBe('string');

    const statuses = await Promise.all(['a', 'b', 'c'].map(async (k) => (await call('GET', `/_db/shop/_api/document/items/${k}`)).status));
    expect(statuses).toEqual([200, 200, 404]);
    expect((await call('GET', '/_db/shop/_api/document/items/a')).body).toMatchObject({ _key: 'a', sku: 1 });
    // The unique index came back with the data.
    const dup = await call('POST', '/_db/shop/_api/document/items', { sku: 2 });
    expect(dup.body.errorNum).toBe(1210);
    expect((await call('GET', '/_db/shop/_api/collection/later')).body.errorNum).toBe(1203);
    expect((await call('GET', '/_db/shop/_api/gharial/g')).status).toBe(200);
    const dbs = await call('GET', '/_api/database');
    expect(dbs.body.result).toEqual(['_system', 'shop']);
  });

  it('deletes a backup, 404/7007 when it does not exist', async () => {
    const r = await call('POST', '/_admin/backup/delete', { id: backupId });
    expect(r.body).toEqual({ error: false, code: 200, result: {} });
    const again = await call('POST', '/_admin/backup/delete', { id: backupId });
    expect(again.status).toBe(404);
    expect(again.body.errorNum).toBe(7007);
    expect((await call('POST', '/_admin/backup/delete', {})).status).toBe(400);
  });

  it('uploads to and downloads from a `local` repository; transfers elsewhere are reported failed', async () => {
    const b = await call('POST', '/_admin/backup/create', {});
    const id = (b.body.result as { id: string }).id;
    const noRepo = await call('POST', '/_admin/backup/upload', { id });
    expect(noRepo.status).toBe(400);
    expect(noRepo.body.errorNum).toBe(7008);
    const unknown = await call('POST', '/_admin/backup/upload', { id: 'nope', remoteRepository: 'local://tmp', config: {} });
    expect(unknown.body.errorNum).toBe(7007);
    const up = await call('POST', '/_admin/backup/upload', { id, remoteRepository: 'local://tmp/backups', config: { local: { type: 'local' } } });
    expect(up.status).toBe(202);
    const uploadId = (up.body.result as { uploadId: string }).uploadId;
    const progress = await call('POST', '/_admin/backup/upload', { uploadId });
    expect(progress.status).toBe(200);
    const p = progress.body.result as { UploadId: string; BackupId: string; DBServers: Record<string, { Status: string }> };
    expect(p.UploadId).toBe(uploadId);
    expect(p.BackupId).toBe(id);
    expect(Object.values(p.DBServers).map((s) => s.Status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
    // deleted here, the backup comes back from the repository
    expect((await call('POST', '/_admin/backup/delete', { id })).status).toBe(200);
    const down = await call('POST', '/_admin/backup/download', { id, remoteRepository: 'local://tmp/backups', config: { local: { type: 'local' } } });
    expect(down.status).toBe(202);
    const downloadId = (down.body.result as { downloadId: string }).downloadId;
    const dp = (await call('POST', '/_admin/backup/download', { downloadId })).body.result as { DBServers: Record<string, { Status: string }> };
    expect(Object.values(dp.DBServers).map((s) => s.Status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
    const listed = (await call('POST', '/_admin/backup/list', {})).body.result as { list: Record<string, unknown> };
    expect(Object.keys(listed.list)).toContain(id);
    // an S3 repository is out of reach: the transfer is accepted and then reported failed
    const s3 = await call('POST', '/_admin/backup/upload', { id, remoteRepository: 's3:bucket/dir', config: { s3: { type: 's3' } } });
    const s3p = (await call('POST', '/_admin/backup/upload', { uploadId: (s3.body.result as { uploadId: string }).uploadId })).body.result as { DBServers: Record<string, { Status: string }> };
    expect(Object.values(s3p.DBServers).map((s) => s.Status)).toEqual(['FAILED', 'FAILED', 'FAILED']);
  });

  it('needs administrate rights', async () => {
    await call('POST', '/_api/user', { user: 'joe', passwd: 'j' });
    const r = await call('POST', '/_admin/backup/create', {}, `Basic ${Buffer.from('joe:j').toString('base64')}`);
    expect([401, 403]).toContain(r.status);
    expect(r.body.errorNum).toBe(11);
  });
});
