import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, startServer, type EmulatorCluster } from 'arangots-emulator';
import { call, PASSWORD } from './http.js';

let trusted: EmulatorCluster;
let plain: EmulatorCluster;
let all: EmulatorCluster;

beforeAll(async () => {
  trusted = await startCluster({ coordinators: 1, rootPassword: PASSWORD, trustedOrigins: ['http://ui.test/', 'https://admin.test'] });
  plain = await startServer({ rootPassword: PASSWORD });
  all = await startServer({ rootPassword: PASSWORD, trustedOrigins: ['all'] });
});
afterAll(async () => {
  await Promise.all([trusted.close(), plain.close(), all.close()]);
});

const url = (c: EmulatorCluster): string => c.urls[0] as string;

describe('CORS (--http.trusted-origin)', () => {
  it('echoes every origin but allows credentials only for trusted ones', async () => {
    for (const [origin, creds] of [['http://ui.test', 'true'], ['http://ui.test/', 'true'], ['https://admin.test', 'true'], ['http://evil.test', 'false'], ['https://ui.test', 'false']] as const) {
      const r = await call(url(trusted), 'GET', '/_api/version', { headers: { origin } });
      expect(r.status).toBe(200);
      expect(r.headers['access-control-allow-origin']).toBe(origin);
      expect(r.headers['access-control-allow-credentials']).toBe(creds);
      expect(r.headers['access-control-expose-headers']).toBe('etag, content-encoding, content-length, location, server, x-arango-errors, x-arango-async-id');
    }
  });

  it('trusts nobody by default, on authenticated routes and on errors too', async () => {
    const ok = await call(url(plain), 'GET', '/_api/collection', { headers: { origin: 'http://evil.test' } });
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-credentials']).toBe('false');
    const denied = await call(url(plain), 'GET', '/_api/collection', { auth: null, headers: { origin: 'http://evil.test' } });
    expect(denied.status).toBe(401);
    expect(denied.headers['access-control-allow-credentials']).toBe('false');
    const none = await call(url(plain), 'GET', '/_api/version');
    expect(none.headers['access-control-allow-origin']).toBeUndefined();
    expect(none.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it("'*' / 'all' trusts every origin", async () => {
    const r = await call(url(all), 'GET', '/_api/version', { headers: { origin: 'http://anything.test' } });
    expect(r.headers['access-control-allow-credentials']).toBe('true');
  });

  it('answers preflights before authentication, with the same credential rule', async () => {
    const asked = { 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' };
    const good = await call(url(trusted), 'OPTIONS', '/_api/cursor', { auth: null, headers: { origin: 'http://ui.test', ...asked } });
    expect(good.status).toBe(200);
    expect(good.headers['access-control-allow-origin']).toBe('http://ui.test');
    expect(good.headers['access-control-allow-credentials']).toBe('true');
    expect(good.headers['access-control-allow-methods']).toBe('DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT');
    expect(good.headers['access-control-allow-headers']).toBe('authorization, content-type');
    expect(good.headers['access-control-max-age']).toBe('1800');
    const evil = await call(url(trusted), 'OPTIONS', '/_api/cursor', { auth: null, headers: { origin: 'http://evil.test', ...asked } });
    expect(evil.status).toBe(200);
    expect(evil.headers['access-control-allow-credentials']).toBe('false');
    const bare = await call(url(trusted), 'OPTIONS', '/_api/cursor', { auth: null });
    expect(bare.headers.allow).toBe('DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT');
    expect(bare.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('the CLI takes --http.trusted-origin, repeatable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/bin/cli.ts', '--single', '--port', '0', '--http.trusted-origin', 'http://a.test', '--http.trusted-origin', 'http://b.test/'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const lines = createInterface({ input: child.stdout });
      let base: string | undefined;
      for await (const line of lines) {
        const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (m) { base = m[1]; break; }
      }
      expect(base).toBeDefined();
      for (const [origin, creds] of [['http://a.test', 'true'], ['http://b.test', 'true'], ['http://c.test', 'false']] as const) {
        const r = await call(base as string, 'GET', '/_api/version', { auth: ['root', ''], headers: { origin } });
        expect(r.headers['access-control-allow-credentials']).toBe(creds);
      }
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
