/**
 * Gray faults, each injected into a running coordinator and observed from a raw client: the
 * coordinator misbehaves while the others keep answering. Time bounds are generous on purpose:
 * they tell "answers at once" from "answers after the fault", nothing finer.
 */
import { connect, type Socket } from 'node:net';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Agent, request } from 'undici';
import { startCluster, type Coordinator, type EmulatorCluster } from 'arangots-emulator';
import { basic, call, ioTurns, PASSWORD } from './http.js';

let cluster: EmulatorCluster;
let a: Coordinator;
let b: Coordinator;

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 2, rootPassword: PASSWORD });
  [a, b] = cluster.coordinators as [Coordinator, Coordinator];
  await call(b.url, 'POST', '/_api/collection', { body: { name: 'gray' } });
});
afterAll(() => cluster.close());
afterEach(async () => {
  await a.heal();
  await b.heal();
});

const AUTH = basic('root', PASSWORD);

/** Settles with 'pending' if `p` has not settled after `ms`. */
async function within<T>(p: Promise<T>, ms: number): Promise<T | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'pending'>((r) => (timer = setTimeout(() => r('pending'), ms)));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits for a condition the emulator reaches by itself (generous deadline: a loaded machine). */
const until = (check: () => boolean): Promise<true> => vi.waitUntil(check, { timeout: 20_000, interval: 5 });

/** One raw HTTP/1.1 request on a fresh TCP connection, kept open until `close()`. */
function rawOpen(url: string, path: string): { connected: Promise<void>; data: () => string; close: () => void } {
  const { hostname, port } = new URL(url);
  let data = '';
  let s: Socket | undefined;
  const connected = new Promise<void>((resolve, reject) => {
    s = connect(Number(port), hostname, () => {
      s!.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH}\r\n\r\n`);
      resolve();
    });
    s.on('data', (d) => (data += d.toString()));
    s.on('error', reject);
  });
  return { connected, data: () => data, close: () => s?.destroy() };
}

describe('hang()', () => {
  it('reads requests on new connections and answers none until resume(); the others keep answering', async () => {
    a.hang();
    const before = a.traffic.requests;
    const pending = call(a.url, 'GET', '/_api/version');
    // read (however long the client took to send it), and not answered
    await until(() => a.traffic.requests > before);
    expect(a.traffic.requests).toBe(before + 1);
    expect(await within(pending, 400)).toBe('pending');
    expect((await call(b.url, 'GET', '/_api/version')).status).toBe(200);
    expect(a.faults().hang).toBe(true);
    a.resume();
    expect((await pending).status).toBe(200);
  });

  it('hangs already-open keep-alive sockets too', async () => {
    const agent = new Agent({ connections: 1 });
    try {
      const get = () => request(`${a.url}/_api/version`, { dispatcher: agent, headers: { authorization: AUTH } });
      const first = await get();
      await first.body.text();
      a.hang();
      const pending = get();
      expect(await within(pending, 400)).toBe('pending');
      a.resume();
      const res = await pending;
      expect(res.statusCode).toBe(200);
      await res.body.text();
    } finally {
      await agent.close();
    }
  });

  it('does not apply a held write whose client gave up', async () => {
    a.hang();
    const before = a.traffic.requests;
    const gaveUp = new AbortController();
    const write = request(`${a.url}/_api/document/gray`, {
      method: 'POST', headers: { authorization: AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ _key: 'abandoned' }), signal: gaveUp.signal,
    });
    // the coordinator holds it (a client that gave up before it was read proves nothing)
    await until(() => a.traffic.requests > before);
    gaveUp.abort();
    await expect(write).rejects.toThrow();
    // Let the server see the closed connection (client and emulator share this process).
    await ioTurns();
    a.resume();
    await ioTurns();
    expect((await call(b.url, 'GET', '/_api/document/gray/abandoned')).status).toBe(404);
  });
});

describe('blackhole()', () => {
  it('accepts TCP connections and never reads them; resume() serves the held connection', async () => {
    a.blackhole();
    const before = { ...a.traffic };
    const held = rawOpen(a.url, '/_api/version');
    try {
      await held.connected;
      await until(() => a.traffic.connections > before.connections);
      expect(a.traffic.connections).toBe(before.connections + 1);
      // accepted, the request sent, and nothing comes back
      await sleep(400);
      expect(held.data()).toBe('');
      expect(a.traffic.requests).toBe(before.requests); // never read
    } finally {
      held.close();
    }
    // A connection still open when the black hole ends is read and answered.
    const later = rawOpen(a.url, '/_api/version');
    try {
      await later.connected;
      await until(() => a.traffic.connections > before.connections + 1);
      await sleep(100);
      expect(later.data()).toBe('');
      a.resume();
      await until(() => later.data().includes('\r\n\r\n'));
      expect(later.data()).toMatch(/^HTTP\/1\.1 200/);
    } finally {
      later.close();
    }
  });
});

describe('slowBody()', () => {
  it('sends the headers on time and trickles the body at the given rate', async () => {
    a.slowBody(2_000);
    const started = performance.now();
    const res = await request(`${a.url}/_api/cursor`, {
      method: 'POST', headers: { authorization: AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'RETURN 1..800', batchSize: 1 }),
    });
    const headersAt = performance.now() - started;
    const body = await res.body.text();
    const bodyAt = performance.now() - started;
    expect(res.statusCode).toBe(201);
    expect(body.length).toBeGreaterThan(3_000);
    // headers long before the body: the body alone takes over 900 ms (asserted below)
    expect(headersAt).toBeLessThan(10_000);
    // ≥ 3 000 bytes at 2 000 bytes/s: well over a second, however loaded the machine is.
    expect(bodyAt - headersAt).toBeGreaterThan(900);
    expect((JSON.parse(body) as { result: number[][] }).result[0]).toHaveLength(800);
  });

  it('serves a rate under 20 bytes/s as slow as asked', async () => {
    a.slowBody(8);
    const res = await request(`${a.url}/_api/version`, { headers: { authorization: AUTH } });
    const headersAt = performance.now();
    let got = 0;
    for await (const chunk of res.body) {
      got += (chunk as Buffer).length;
      if (got >= 10) break;
    }
    // ten bytes at 8 bytes/s: nine gaps of 125 ms after the first (at 20 bytes/s, 450 ms)
    expect(performance.now() - headersAt).toBeGreaterThanOrEqual(900);
  });
});

describe('stragglers()', () => {
  it('delays the given fraction of answers by the given time, with a repeatable draw', async () => {
    // A straggler takes at least the delay, however idle the machine; an answer under it was not
    // delayed. The delay is long so that a loaded machine does not push plain answers past it.
    const slowCount = async (): Promise<number> => {
      a.stragglers(0.5, 1_000, 7);
      let slow = 0;
      for (let i = 0; i < 10; i++) {
        const t = performance.now();
        await call(a.url, 'GET', '/_api/version');
        if (performance.now() - t >= 990) slow++;
      }
      return slow;
    };
    const first = await slowCount();
    expect(first).toBeGreaterThanOrEqual(2);
    expect(first).toBeLessThanOrEqual(8);
    expect(a.faults().stragglers).toEqual({ fraction: 0.5, delayMs: 1_000 });
  });
});

describe('pause()', () => {
  it('nothing on the paused coordinator progresses for the given time; the others answer', async () => {
    a.pause(3_000);
    const t = performance.now();
    let answeredAfter = 0;
    const onA = call(a.url, 'GET', '/_api/version').finally(() => (answeredAfter = performance.now() - t));
    const fresh = rawOpen(a.url, '/_api/version');
    try {
      const onB = await call(b.url, 'GET', '/_api/version');
      expect(onB.status).toBe(200);
      // b answered while a was still paused (3 s leave a loaded machine plenty of time), a did not
      expect(a.faults().pausedForMs).toBeGreaterThan(0);
      expect(answeredAfter).toBe(0);
      expect(fresh.data()).toBe('');
      expect((await onA).status).toBe(200);
      expect(answeredAfter).toBeGreaterThanOrEqual(2_900);
      await until(() => fresh.data().includes('\r\n\r\n'));
      expect(fresh.data()).toMatch(/^HTTP\/1\.1 200/);
    } finally {
      fresh.close();
    }
  });
});

describe('loseResponses()', () => {
  it('applies the next requests, then resets their connection instead of answering', async () => {
    a.loseResponses(1);
    const lost = request(`${a.url}/_api/document/gray`, {
      method: 'POST', headers: { authorization: AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ _key: 'lost1' }),
    });
    await expect(lost).rejects.toThrow();
    // Applied all the same, and the next request is answered.
    expect((await call(b.url, 'GET', '/_api/document/gray/lost1')).status).toBe(200);
    expect((await call(a.url, 'GET', '/_api/version')).status).toBe(200);
    expect(a.faults().loseResponses).toBe(0);
  });
});

describe('keepAliveTimeout()', () => {
  it('closes idle keep-alive sockets after the given time, without announcing it', async () => {
    a.keepAliveTimeout(250);
    const { hostname, port } = new URL(a.url);
    const result = await new Promise<{ head: string; closedAfter: number }>((resolve, reject) => {
      let head = '';
      let answeredAt = 0;
      const s = connect(Number(port), hostname, () => {
        s.write(`GET /_api/version HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH}\r\n\r\n`);
      });
      s.on('data', (d) => {
        head += d.toString();
        answeredAt ||= performance.now();
      });
      s.on('close', () => resolve({ head, closedAfter: performance.now() - answeredAt }));
      s.on('error', reject);
      setTimeout(() => reject(new Error('socket not closed by the server')), 5_000).unref();
    });
    expect(result.head).toMatch(/^HTTP\/1\.1 200/);
    expect(result.head.toLowerCase()).toContain('connection: keep-alive');
    expect(result.head.toLowerCase()).not.toContain('keep-alive: timeout');
    expect(result.closedAfter).toBeGreaterThanOrEqual(150);
    // Node's own keep-alive timer adds about a second; the fault keeps the time it was given
    expect(result.closedAfter).toBeLessThan(1_000);
    expect(a.faults().keepAliveTimeoutMs).toBe(250);
  });

  it('closes a pooled client\'s idle socket between its requests', async () => {
    a.keepAliveTimeout(100);
    const agent = new Agent({ connections: 1 });
    try {
      const before = a.traffic.connections;
      for (let i = 0; i < 3; i++) {
        const res = await request(`${a.url}/_api/version`, { dispatcher: agent, headers: { authorization: AUTH } });
        await res.body.text();
        await new Promise((r) => setTimeout(r, 400));
      }
      // every request after an idle gap longer than the timeout needed a new connection
      expect(a.traffic.connections - before).toBe(3);
    } finally {
      await agent.close();
    }
  });
});

describe('flap()', () => {
  it('is up and down in turn until heal()', async () => {
    a.flap(250, 250);
    const seen = new Set<string>();
    // A call in flight when the coordinator goes down is reset (ECONNRESET) rather than refused, so
    // keep calling until both a refusal and an answer were seen; the window is wide for a loaded machine.
    const until = performance.now() + 10_000;
    while (performance.now() < until && !(seen.has('status 200') && seen.has('ECONNREFUSED'))) {
      const outcome = await call(a.url, 'GET', '/_api/version').then(
        (r) => `status ${r.status}`,
        (e: { code?: string }) => e.code ?? 'error',
      );
      seen.add(outcome);
      await new Promise((r) => setTimeout(r, 40));
    }
    expect(seen).toContain('status 200');
    expect(seen).toContain('ECONNREFUSED');
    await a.heal();
    expect(a.running).toBe(true);
    expect(a.faults().flap).toBeNull();
    expect((await call(a.url, 'GET', '/_api/version')).status).toBe(200);
  });
});

describe('fault arguments', () => {
  it('refuses values that mean nothing, naming them', () => {
    expect(() => a.slowBody(-1)).toThrow(/-1/);
    expect(() => a.stragglers(1.5, 10)).toThrow(/1\.5/);
    expect(() => a.pause(Number.NaN)).toThrow(/NaN/);
    expect(() => a.loseResponses(0.5)).toThrow(/0\.5/);
    expect(() => a.keepAliveTimeout(0)).toThrow(/0/);
    expect(() => a.flap(100, -5)).toThrow(/-5/);
  });

  it('heal() clears every gray fault', async () => {
    a.hang();
    a.slowBody(10);
    a.stragglers(1, 1000);
    a.loseResponses(3);
    a.keepAliveTimeout(100);
    await a.heal();
    expect(a.faults()).toEqual({
      hang: false, blackhole: false, slowBody: 0, stragglers: null, pausedForMs: 0,
      loseResponses: 0, keepAliveTimeoutMs: 59_000, flap: null,
    });
    expect((await call(a.url, 'GET', '/_api/version')).status).toBe(200);
  });
});

describe('--control', () => {
  it('drives the gray faults from stdin', async () => {
    const cli = fileURLToPath(new URL('../bin/cli.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--coordinators', '2', '--port', '0', '--control', '--password', PASSWORD], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    // Every stdout line, queued from the start: readline drops lines nobody listens for.
    const queued: string[] = [];
    const waiting: ((line: string) => void)[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      const w = waiting.shift();
      if (w) w(line);
      else queued.push(line);
    });
    const next = (): Promise<string> => {
      const line = queued.shift();
      return line !== undefined ? Promise.resolve(line) : new Promise((r) => waiting.push(r));
    };
    try {
      // The banner ends with "Press Ctrl-C"; commands are answered after it.
      while (!(await next()).startsWith('Press Ctrl-C'));
      const ask = async (command: string): Promise<string> => {
        const answer = next();
        child.stdin.write(`${command}\n`);
        return answer;
      };
      for (const command of ['hang 0', 'resume 0', 'blackhole 1', 'resume 1', 'slowbody 0 1000', 'stragglers 0 0.1 50',
        'pause 1 10', 'lose 0 1', 'keepalive 1 500', 'flap 0 1000 1000', 'heal 0', 'heal 1']) {
        expect(await ask(command)).toBe(`ok ${command}`);
      }
      expect(await ask('traffic 0')).toMatch(/^ok traffic 0 \{"requests":\d+,"probes":\d+,"connections":\d+,"lastArrivalAt":\d+\}$/);
      expect(await ask('stragglers 0 2 50')).toMatch(/^error .*2/);
      expect(await ask('wobble 0')).toMatch(/^error unknown command 'wobble'/);
    } finally {
      child.stdin.end();
      await new Promise((r) => child.once('exit', r));
    }
  });
});
