import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startCluster, type EmulatorCluster } from '../src/cluster.js';

const AUTH = `Basic ${Buffer.from('root:pw').toString('base64')}`;

interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

let cluster: EmulatorCluster;

async function call(method: string, path: string, body?: unknown, coord = 0): Promise<Answer> {
  const res = await request((cluster.urls[coord] ?? '') + path, {
    method: method as 'GET',
    headers: { authorization: AUTH, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text === '' ? {} : (JSON.parse(text) as unknown), headers: res.headers };
}

function obj(a: Answer): Record<string, unknown> {
  return a.body as Record<string, unknown>;
}

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 2, rootPassword: 'pw' });
});

afterAll(async () => {
  await cluster.close();
});

describe('tasks', () => {
  it('registers a periodic task with a generated id', async () => {
    const r = await call('POST', '/_api/tasks', { name: 'SampleTask', command: "require('@arangodb').print(params);", params: { foo: 'bar' }, period: 2 });
    expect(r.status).toBe(200);
    const t = obj(r);
    expect(t).toMatchObject({
      name: 'SampleTask',
      type: 'periodic',
      period: 2,
      offset: 0,
      command: "(function (params) { require('@arangodb').print(params); } )(params);",
      database: '_system',
    });
    expect(typeof t.id).toBe('string');
    expect(typeof t.created).toBe('number');
    expect(t).not.toHaveProperty('params');
    // Ids carry the creating coordinator: another coordinator answers as the owner would.
    const viaOther = await call('GET', `/_api/tasks/${String(t.id)}`, undefined, 1);
    expect(viaOther.status).toBe(200);
    expect(viaOther.headers['x-arango-request-forwarded-to']).toBe(cluster.coordinators[0]?.id);
  });

  it('registers a timed task under a given id, 409/1851 for a duplicate', async () => {
    const r = await call('PUT', '/_db/_system/_api/tasks/testTask', { command: "console.log('hi');", offset: 10000 });
    expect(r.status).toBe(200);
    expect(obj(r)).toMatchObject({ id: 'testTask', name: 'user-defined task', type: 'timed', offset: 10000 });
    expect(obj(r)).not.toHaveProperty('period');
    const dup = await call('PUT', '/_api/tasks/testTask', { command: 'x' });
    expect(dup.status).toBe(409);
    expect(obj(dup).errorNum).toBe(1851);
  });

  it('validates the task body', async () => {
    expect(obj(await call('POST', '/_api/tasks', { name: 'no command' })).errorNum).toBe(10);
    expect(obj(await call('POST', '/_api/tasks', { command: 'x', period: -1 })).errorNum).toBe(10);
    expect((await call('POST', '/_api/tasks', [1])).status).toBe(400);
  });

  it('lists and gets tasks, 404/1852 for unknown ids', async () => {
    const list = await call('GET', '/_api/tasks');
    expect(list.status).toBe(200);
    expect((list.body as Array<{ name: string }>).map((t) => t.name).sort()).toEqual(['SampleTask', 'user-defined task']);
    const one = await call('GET', '/_api/tasks/testTask');
    expect(obj(one).id).toBe('testTask');
    const missing = await call('GET', '/_api/tasks/non-existing-task');
    expect(missing.status).toBe(404);
    expect(obj(missing)).toMatchObject({ error: true, code: 404, errorNum: 1852, errorMessage: 'task not found' });
  });

  it('removes a timed task once its offset has passed', async () => {
    expect((await call('PUT', '/_api/tasks/soon', { command: 'x', offset: 0 })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect((await call('GET', '/_api/tasks/soon')).status).toBe(404);
  });

  it('deletes tasks', async () => {
    const r = await call('DELETE', '/_api/tasks/testTask');
    expect(r.body).toEqual({ error: false, code: 200 });
    const again = await call('DELETE', '/_api/tasks/testTask');
    expect(again.status).toBe(404);
    expect(obj(again).errorNum).toBe(1852);
  });
});
