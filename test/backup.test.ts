import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArangoClient, ArangoClientError, ArangoServerError, errors, type Database } from 'arangots';
import { destructiveAllowed, realServer, startTestServer, uniqueName, type TestServer } from './helpers/server.js';

let server: TestServer;
let client: ArangoClient;
let system: Database;
let db: Database;

beforeAll(async () => {
  server = await startTestServer();
  client = new ArangoClient({ hosts: server.urls });
  system = await client.db('_system', { username: server.username, password: server.password });
  db = await system.createDatabase(uniqueName('backup'));
  await db.createCollection('items');
});

afterAll(async () => {
  await system?.dropDatabase(db.name, { ignoreMissing: true });
  await client?.close();
  await server?.close();
});

describe('hot backups', () => {
  let backupId = '';

  it('creates a labelled backup and lists it', async () => {
    await db.collection('items').insert({ _key: 'a', v: 1 });
    const created = await system.backup.create({ label: 'first', allowInconsistent: false });
    expect(created.id).toMatch(/_first$/);
    expect(created.potentiallyInconsistent).toBe(false);
    backupId = created.id;

    const all = await system.backup.list();
    expect(Object.keys(all.list)).toContain(backupId);
    const one = await system.backup.get(backupId);
    expect(one.id).toBe(backupId);
    expect(one.available).toBe(true);
  });

  // Rolls the whole deployment back to the backup.
  it.skipIf(!destructiveAllowed)('restores the data as it was at backup time', async () => {
    await db.collection('items').update('a', { v: 2 });
    await db.collection('items').insert({ _key: 'b', v: 3 });
    const result = await system.backup.restore(backupId);
    expect(typeof result).toBe('object');
    // The server keeps the state it replaced as another backup.
    if (typeof result.previous === 'string') await system.backup.delete(result.previous);
    expect((await db.collection('items').get('a'))?.v).toBe(1);
    expect(await db.collection('items').has('b')).toBe(false);
  });

  it('an unknown backup id is 404 / ERROR_NO_SUCH_HOT_BACKUP', async () => {
    const err = await system.backup.restore('no-such-backup').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).httpCode).toBe(404);
    expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_NO_SUCH_HOT_BACKUP);
    await expect(system.backup.delete('')).rejects.toBeInstanceOf(ArangoClientError);
  });

  it('upload is sent as documented; the transfer reports its failure per DB-Server', async () => {
    const { uploadId } = await system.backup.upload({
      id: backupId,
      remoteRepository: 'local://tmp/backups',
      config: { local: { type: 'local' } },
    });
    expect(typeof uploadId).toBe('string');
    const status = await system.backup.uploadStatus(uploadId);
    expect(status.BackupId).toBe(backupId);
    const servers = Object.values(status.DBServers);
    expect(servers.length).toBeGreaterThan(0);
    for (const s of servers) {
      // The emulator has no remote repositories, so its transfers fail; a real server may well
      // write to a local one.
      if (realServer) {
        expect(typeof s.Status).toBe('string');
      } else {
        expect(s.Status).toBe('FAILED');
        expect(s.Error).toBe(errors.ERROR_FAILED_TO_UPLOAD_BACKUP);
      }
    }
    const aborted = await system.backup.abortUpload(uploadId);
    expect(aborted.Cancelled).toBe(true);
    await expect(system.backup.upload({ id: backupId, remoteRepository: '', config: {} })).rejects.toBeInstanceOf(ArangoClientError);
  });

  it('download status of an unknown transfer is a 404 error', async () => {
    const err = await system.backup.downloadStatus('12345').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).httpCode).toBe(404);
  });

  it('deletes a backup', async () => {
    await system.backup.delete(backupId);
    expect(Object.keys((await system.backup.list()).list)).not.toContain(backupId);
  });
});
