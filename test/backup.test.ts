import { beforeAll, describe, expect, it } from 'vitest';
import { ArangoClientError, ArangoServerError, errors } from 'arangots';
import { destructiveAllowed, realServer } from './helpers/server.js';
import { useTestDatabase } from './helpers/database.js';

const ctx = useTestDatabase('backup');

beforeAll(async () => {
  await ctx.db.createCollection('items');
});

describe('hot backups', () => {
  let backupId = '';

  it('creates a labelled backup and lists it', async () => {
    await ctx.db.collection('items').insert({ _key: 'a', v: 1 });
    const created = await ctx.sys.backup.create({ label: 'first', allowInconsistent: false });
    expect(created.id).toMatch(/_first$/);
    expect(created.potentiallyInconsistent).toBe(false);
    backupId = created.id;

    const all = await ctx.sys.backup.list();
    expect(Object.keys(all.list)).toContain(backupId);
    const one = await ctx.sys.backup.get(backupId);
    expect(one.id).toBe(backupId);
    expect(one.available).toBe(true);
  });

  // Rolls the whole deployment back to the backup.
  it.skipIf(!destructiveAllowed)('restores the data as it was at backup time', async () => {
    await ctx.db.collection('items').update('a', { v: 2 });
    await ctx.db.collection('items').insert({ _key: 'b', v: 3 });
    const result = await ctx.sys.backup.restore(backupId);
    expect(typeof result).toBe('object');
    // The server keeps the state it replaced as another backup.
    if (typeof result.previous === 'string') await ctx.sys.backup.delete(result.previous);
    expect((await ctx.db.collection('items').get('a'))?.v).toBe(1);
    expect(await ctx.db.collection('items').has('b')).toBe(false);
  });

  it('an unknown backup id is 404 / ERROR_NO_SUCH_HOT_BACKUP', async () => {
    const err = await ctx.sys.backup.restore('no-such-backup').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).httpCode).toBe(404);
    expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_NO_SUCH_HOT_BACKUP);
    await expect(ctx.sys.backup.delete('')).rejects.toBeInstanceOf(ArangoClientError);
  });

  it('upload is sent as documented; the transfer reports its failure per DB-Server', async () => {
    const { uploadId } = await ctx.sys.backup.upload({
      id: backupId,
      remoteRepository: 'local://tmp/backups',
      config: { local: { type: 'local' } },
    });
    expect(typeof uploadId).toBe('string');
    const status = await ctx.sys.backup.uploadStatus(uploadId);
    expect(status.BackupId).toBe(backupId);
    const servers = Object.values(status.DBServers);
    expect(servers.length).toBeGreaterThan(0);
    for (const s of servers) {
      // A `local` repository is a directory of the server: the upload completes (the emulator
      // keeps it in memory); a real server may still be copying.
      if (realServer) {
        expect(typeof s.Status).toBe('string');
      } else {
        expect(s.Status).toBe('COMPLETED');
      }
    }
    const aborted = await ctx.sys.backup.abortUpload(uploadId);
    expect(aborted.Cancelled).toBe(true);
    await expect(ctx.sys.backup.upload({ id: backupId, remoteRepository: '', config: {} })).rejects.toBeInstanceOf(ArangoClientError);
  });

  it('download status of an unknown transfer is a 404 error', async () => {
    const err = await ctx.sys.backup.downloadStatus('12345').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).httpCode).toBe(404);
  });

  it('deletes a backup', async () => {
    await ctx.sys.backup.delete(backupId);
    expect(Object.keys((await ctx.sys.backup.list()).list)).not.toContain(backupId);
  });
});
