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
  db = await system.createDatabase(uniqueName('tasks'));
});

afterAll(async () => {
  await system?.dropDatabase(db.name, { ignoreMissing: true });
  await client?.close();
  await server?.close();
});

describe('server tasks', () => {
  it('creates a periodic task with a server-assigned id and reads it back (from any coordinator)', async () => {
    const task = await db.tasks.create({ name: 'tick', command: 'return params.x;', params: { x: 1 }, period: 60 });
    expect(task.type).toBe('periodic');
    expect(task.name).toBe('tick');
    expect(task.period).toBe(60);
    expect(task.database).toBe(db.name);
    for (let i = 0; i < 3; i++) {
      expect((await db.tasks.get(task.id)).id).toBe(task.id);
    }
    expect((await db.tasks.list()).map((t) => t.id)).toContain(task.id);
    expect(await db.tasks.delete(task.id)).toBe(true);
    expect(await db.tasks.has(task.id)).toBe(false);
  });

  it('creates a timed task under a chosen id', async () => {
    // Task ids are server-wide, and a real server keeps the task for the hour if a run dies.
    const id = uniqueName('once');
    const task = await db.tasks.create({ id, command: 'void 0;', offset: 3600 });
    expect(task.id).toBe(id);
    expect(task.type).toBe('timed');
    await db.tasks.delete(id);
  });

  it('an unknown task is 404 / ERROR_TASK_NOT_FOUND', async () => {
    const err = await db.tasks.get('no-such-task').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).httpCode).toBe(404);
    expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_TASK_NOT_FOUND);
    expect(await db.tasks.delete('no-such-task', { ignoreMissing: true })).toBe(false);
  });

  it('refuses a task without command or with a negative period before sending', async () => {
    await expect(db.tasks.create({ command: '' })).rejects.toBeInstanceOf(ArangoClientError);
    await expect(db.tasks.create({ command: 'x', period: -1 })).rejects.toBeInstanceOf(ArangoClientError);
  });
});
