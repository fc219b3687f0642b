import { describe, expect, it } from 'vitest';
import { ArangoClientError, ArangoServerError, errors } from 'arangots';
import { uniqueName } from './helpers/server.js';
import { useTestDatabase } from './helpers/database.js';

const ctx = useTestDatabase('tasks');

describe('server tasks', () => {
  it('creates a periodic task with a server-assigned id and reads it back (from any coordinator)', async () => {
    const task = await ctx.db.tasks.create({ name: 'tick', command: 'return params.x;', params: { x: 1 }, period: 60 });
    expect(task.type).toBe('periodic');
    expect(task.name).toBe('tick');
    expect(task.period).toBe(60);
    expect(task.database).toBe(ctx.db.name);
    for (let i = 0; i < 3; i++) {
      expect((await ctx.db.tasks.get(task.id)).id).toBe(task.id);
    }
    expect((await ctx.db.tasks.list()).map((t) => t.id)).toContain(task.id);
    expect(await ctx.db.tasks.delete(task.id)).toBe(true);
    expect(await ctx.db.tasks.has(task.id)).toBe(false);
  });

  it('creates a timed task under a chosen id', async () => {
    // Task ids are server-wide, and a real server keeps the task for the hour if a run dies.
    const id = uniqueName('once');
    const task = await ctx.db.tasks.create({ id, command: 'void 0;', offset: 3600 });
    expect(task.id).toBe(id);
    expect(task.type).toBe('timed');
    await ctx.db.tasks.delete(id);
  });

  it('an unknown task is 404 / ERROR_TASK_NOT_FOUND', async () => {
    const err = await ctx.db.tasks.get('no-such-task').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArangoServerError);
    expect((err as ArangoServerError).httpCode).toBe(404);
    expect((err as ArangoServerError).errorNum).toBe(errors.ERROR_TASK_NOT_FOUND);
    expect(await ctx.db.tasks.delete('no-such-task', { ignoreMissing: true })).toBe(false);
  });

  it('refuses a task without command or with a negative period before sending', async () => {
    await expect(ctx.db.tasks.create({ command: '' })).rejects.toBeInstanceOf(ArangoClientError);
    await expect(ctx.db.tasks.create({ command: 'x', period: -1 })).rejects.toBeInstanceOf(ArangoClientError);
  });
});
