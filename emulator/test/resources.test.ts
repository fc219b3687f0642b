import { connect } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type EmulatorCluster } from 'arangots-emulator';
import { call, PASSWORD } from './http.js';

let cluster: EmulatorCluster;
let url: string;
let other: string;

beforeAll(async () => {
  cluster = await startCluster({ coordinators: 2, rootPassword: PASSWORD });
  [url, other] = cluster.urls as [string, string];
  expect((await call(url, 'POST', '/_api/collection', { body: { name: 'deep' } })).status).toBe(200);
});
afterAll(() => cluster.close());

const nestedArrays = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const nestedObjects = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const corrupted = (r: Awaited<ReturnType<typeof call>>): void => {
  expect(r.status).toBe(400);
  expect(r.json).toMatchObject({ error: true, code: 400, errorNum: 600 });
  expect(String(r.json.errorMessage)).toContain('nesting too deep');
};

/** One raw exchange on a fresh socket: what the server answers to bytes no HTTP client would send. */
function raw(base: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const s = connect(Number(port), hostname, () => s.write(bytes));
    let out = '';
    s.on('data', (d: Buffer) => { out += d.toString('latin1'); });
    s.on('end', () => resolve(out));
    s.on('error', reject);
    s.setTimeout(20_000, () => { s.destroy(); reject(new Error('no answer')); });
  });
}

describe('JSON nesting bound (400 / 600)', () => {
  it('refuses a deep document, deep bind variables and a deep user extra, and stores nothing', async () => {
    corrupted(await call(url, 'POST', '/_api/document/deep?returnNew=true', { rawBody: `{"x":${nestedArrays(100_000)}}` }));
    // as an async job: accepted, and the stored result is the same refusal
    const job = await call(url, 'POST', '/_api/document/deep?returnNew=true', { rawBody: nestedObjects(1001), headers: { 'x-arango-async': 'store' } });
    expect(job.status).toBe(202);
    let result = await call(url, 'PUT', `/_api/job/${String(job.headers['x-arango-async-id'])}`);
    for (let i = 0; i < 200 && result.status === 204; i++) {
      await new Promise((r) => setTimeout(r, 10));
      result = await call(url, 'PUT', `/_api/job/${String(job.headers['x-arango-async-id'])}`);
    }
    corrupted(result);
    corrupted(await call(url, 'POST', '/_api/cursor', { rawBody: `{"query":"RETURN @v","bindVars":{"v":${nestedArrays(20_000)}}}` }));
    corrupted(await call(url, 'POST', '/_api/user', { rawBody: `{"user":"deepuser","passwd":"x","extra":${nestedObjects(50_000)}}` }));
    const count = await call(url, 'GET', '/_api/collection/deep/count');
    expect(count.json.count).toBe(0);
    // the users list still renders for everybody
    const users = await call(other, 'GET', '/_api/user');
    expect(users.status).toBe(200);
    expect((users.json.result as Array<{ user: string }>).map((u) => u.user)).not.toContain('deepuser');
  });

  it('accepts nesting up to the bound, and reads it back', async () => {
    const doc = `{"_key":"ok","x":${nestedArrays(999)}}`;
    expect((await call(url, 'POST', '/_api/document/deep', { rawBody: doc })).status).toBe(202);
    const back = await call(other, 'GET', '/_api/document/deep/ok');
    expect(back.status).toBe(200);
    expect(back.text).toContain(nestedArrays(999));
    // brackets inside strings do not count
    const text = `{"_key":"s","x":"${'['.repeat(5000)}"}`;
    expect((await call(url, 'POST', '/_api/document/deep', { rawBody: text })).status).toBe(202);
  });

  it('a value too deep to serialise is never built: JSON_PARSE answers null and warning 1524, the connection stays', async () => {
    // the AQL engine refuses values nested past 1000 levels (see aql-limits.test.ts); were one
    // built, the renderer would answer a 500 envelope instead of dropping the connection
    const r = await call(url, 'POST', '/_api/cursor', { body: { query: 'RETURN JSON_PARSE(@s)', bindVars: { s: nestedArrays(20_000) } } });
    expect(r.status).toBe(201);
    expect(r.json.result).toEqual([null]);
    expect((r.json.extra as { warnings: { code: number }[] }).warnings.map((w) => w.code)).toEqual([1524]);
    expect((await call(url, 'GET', '/_api/version')).status).toBe(200);
  });
});

describe('request bodies after Content-Encoding', () => {
  it('decodes gzip and deflate bodies of authenticated requests', async () => {
    const body = JSON.stringify({ _key: 'gz', v: 1 });
    expect((await call(url, 'POST', '/_api/document/deep', { rawBody: gzipSync(body), headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' } })).status).toBe(202);
    expect((await call(url, 'POST', '/_api/document/deep', { rawBody: deflateSync(JSON.stringify({ _key: 'df' })), headers: { 'content-encoding': 'deflate' } })).status).toBe(202);
  });

  it('counts the limit after decompression and stops inflating there (413)', async () => {
    const before = cluster.state.maxBodyBytes;
    cluster.state.maxBodyBytes = 4 * 1024 * 1024;
    try {
      // 64 MiB of zeros as concatenated gzip members: about 64 KiB on the wire
      const member = gzipSync(Buffer.alloc(1024 * 1024));
      const bomb = Buffer.concat(Array.from({ length: 64 }, () => member));
      expect(bomb.length).toBeLessThan(cluster.state.maxBodyBytes);
      const rss = process.memoryUsage().rss;
      const r = await call(url, 'POST', '/_api/document/deep', { rawBody: bomb, headers: { 'content-encoding': 'gzip' } });
      expect(r.status).toBe(413);
      expect(r.json).toEqual({ error: true, code: 413, errorNum: 400, errorMessage: 'request body too large' });
      expect(process.memoryUsage().rss - rss).toBeLessThan(48 * 1024 * 1024);
      const plain = await call(url, 'POST', '/_api/document/deep', { rawBody: Buffer.alloc(5 * 1024 * 1024, 0x20) });
      expect(plain.status).toBe(413);
    } finally {
      cluster.state.maxBodyBytes = before;
    }
  });

  it('a broken stream is 400 / 10; an unauthenticated encoded body 403 / 11', async () => {
    const broken = await call(url, 'POST', '/_api/document/deep', { rawBody: Buffer.from('not gzip at all'), headers: { 'content-encoding': 'gzip' } });
    expect(broken.status).toBe(400);
    expect(broken.json).toEqual({ error: true, code: 400, errorNum: 10, errorMessage: 'a decoding error occurred while handling Content-Encoding: gzip' });
    const anon = await call(url, 'POST', '/_open/auth', { auth: null, rawBody: gzipSync('{"username":"root","password":"x"}'), headers: { 'content-encoding': 'gzip' } });
    expect(anon.status).toBe(403);
    expect(anon.json).toMatchObject({ error: true, code: 403, errorNum: 11 });
  });
});

describe('malformed HTTP', () => {
  it('answers in the envelope and closes the connection', async () => {
    for (const bytes of ['GARBAGE\r\n\r\n', 'GET /_api/version HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n']) {
      const answer = await raw(url, bytes);
      expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
      expect(JSON.parse(body)).toEqual({ error: true, code: 400, errorNum: 400, errorMessage: 'malformed HTTP request' });
    }
    const big = await raw(url, `GET /_api/version HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    expect(big).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(big.slice(big.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: true, code: 431, errorNum: 400 });
    expect((await call(other, 'GET', '/_api/version')).status).toBe(200);
  });
});
