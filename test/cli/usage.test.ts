import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { run, serverEnv, start } from './run.js';

let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startTestServer({ coordinators: 1 });
  dir = await mkdtemp(join(tmpdir(), 'arangots-cli-'));
});

afterAll(async () => {
  await server?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('help and usage errors', () => {
  it('--help of every command shows its usage, options and examples', async () => {
    for (const c of COMMANDS) {
      const { code, stdout, stderr } = await run([...c.name.split(' '), '--help']);
      expect(code, c.name).toBe(0);
      expect(stderr).toBe('');
      expect(stdout.startsWith(`Usage: arangots ${c.usage}\n`)).toBe(true);
      expect(stdout).toMatch(/\nExamples:\n {2}arangots /);
      expect(stdout).toContain('--hosts URLS');
    }
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    for (const c of COMMANDS) expect(top.stdout).toContain(`  ${c.name}  `);
    expect((await run(['help', 'cluster', 'health'])).stdout).toMatch(/^Usage: arangots cluster health/);
  });

  it('unknown commands and flags: one line plus usage, exit 64', async () => {
    const cases: [string[], string][] = [
      [['frobnicate'], "error: unknown command 'frobnicate'"],
      [['cluster'], "error: 'arangots cluster' needs a subcommand (one of: health, maintenance, server-maintenance, endpoints, imbalance, rebalance, top)"],
      [['cluster', 'explode'], "error: unknown command 'arangots cluster explode' (one of: health, maintenance, server-maintenance, endpoints, imbalance, rebalance, top)"],
      [['cluster', 'health', '--bogus'], "error: unknown option '--bogus'"],
      [['cluster', 'health', '--json=yes'], "error: option '--json' takes no value"],
      [['cluster', 'health', '--hosts'], "error: option '--hosts' needs a value"],
      [['cluster', 'health', 'extra'], "error: unexpected argument 'extra'"],
      [['cluster', 'health', '--watch', 'soon'], "error: unexpected argument 'soon'"],
      [['import'], "error: 'arangots import' needs an argument"],
      [['cluster', 'health', '--resolver', 'nearest'], "error: --resolver must be one of roundrobin, random, single, fallback, periodic, leastbusy, got 'nearest'"],
      [['cluster', 'health', '--timeout', '-1'], "error: option '--timeout' needs a value (write --timeout=VALUE for a value starting with '-')"],
      [['cluster', 'health', '--timeout=-1'], "error: --timeout must be a number of at least 0, got '-1'"],
      [[], 'error: no command given'],
    ];
    for (const [argv, message] of cases) {
      const { code, stdout, stderr } = await run(argv, { env: serverEnv(server) });
      expect(code, argv.join(' ')).toBe(64);
      expect(stdout).toBe('');
      const lines = stderr.trimEnd().split('\n');
      expect(lines, argv.join(' ')).toHaveLength(2);
      expect(lines[0]).toBe(message);
      expect(lines[1]).toMatch(/^usage: arangots /);
    }
  });
});

describe('the README documents the real options', () => {
  it('every --flag in the README sections of import, export and query is an option of that command', async () => {
    const readme = await readFile(join(process.cwd(), 'README.md'), 'utf8');
    for (const name of ['import', 'export', 'query']) {
      const section = readme.split(`### \`arangots ${name}\``)[1]?.split(/\n### |\n## /)[0] ?? '';
      expect(section, name).not.toBe('');
      const command = COMMANDS.find((c) => c.name === name);
      const known = new Set([...Object.keys(command?.options ?? {}), 'hosts', 'username', 'password-file', 'password-prompt', 'database', 'help']);
      const flags = [...section.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1] ?? '');
      expect(flags.length, name).toBeGreaterThan(0);
      for (const f of flags) expect(known.has(f) || (f.startsWith('no-') && known.has(f.slice(3))), `${name} --${f}`).toBe(true);
    }
  });
});

describe('connection errors and credentials', () => {
  it('unreachable hosts: one line for the call, then one line per host, no stack; --debug adds the stack', async () => {
    const env = { ARANGO_HOSTS: 'http://127.0.0.1:1' };
    const plain = await run(['cluster', 'health', '--timeout', '5'], { env });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^error: GET \S+\/_admin\/cluster\/health: could not reach the host — check --hosts\n {2}http:\/\/127\.0\.0\.1:1 {2}connection refused \(ECONNREFUSED\)(, \d tries)?\n$/);
    const three = await run(['cluster', 'health', '--timeout', '5', '--hosts', 'http://127.0.0.1:1, http://127.0.0.1:2,http://127.0.0.1:3']);
    expect(three.code).toBe(1);
    const lines = three.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^error: GET \S+: could not reach any of 3 hosts — check --hosts$/);
    expect(lines.slice(1)).toEqual([1, 2, 3].map((port) => expect.stringMatching(new RegExp(`^  http://127\\.0\\.0\\.1:${port}  connection refused \\(ECONNREFUSED\\)(, \\d tries)?$`))));
    const debug = await run(['cluster', 'health', '--debug'], { env });
    expect(debug.stderr.split('\n')[0]).toMatch(/^error: /);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('credentials inside --hosts or ARANGO_HOSTS: the flags to use instead, exit 64, the password never shown', async () => {
    const flag = await run(['cluster', 'health', '--hosts', `http://root:S3cr%3Et@127.0.0.1:1,${server.urls[0] ?? ''}`]);
    expect(flag.code).toBe(64);
    const [first, usage] = flag.stderr.trimEnd().split('\n');
    expect(first).toBe(
      'error: --hosts: http://***@127.0.0.1:1 holds credentials; give the user with --username (or ARANGO_USER) and the password with --password-file, --password-prompt or ARANGO_PASSWORD, and list the hosts without them',
    );
    expect(usage).toMatch(/^usage: arangots cluster health/);
    expect(flag.stderr).not.toMatch(/S3cr/);
    const fromEnv = await run(['query', 'RETURN 1'], { env: { ARANGO_HOSTS: 'https://admin:pw@db.example.com:8529' } });
    expect(fromEnv.code).toBe(64);
    expect(fromEnv.stderr).toMatch(/^error: ARANGO_HOSTS: https:\/\/\*\*\*@db\.example\.com:8529 holds credentials; give the user with --username/);
  });

  it('a wrong password (file or environment) is reported without the password', async () => {
    const secret = 'not-the-Password-7f3a';
    const file = join(dir, 'pw');
    await writeFile(file, `${secret}\n`);
    const env = { ARANGO_HOSTS: server.urls.join(',') };
    const viaFile = await run(['cluster', 'health', '--password-file', file, '--debug'], { env });
    expect(viaFile.code).toBe(1);
    expect(viaFile.stderr).toMatch(/^error: .*HTTP 401.* — check --username and the password\n/);
    expect(viaFile.stderr + viaFile.stdout).not.toContain(secret);
    const viaEnv = await run(['cluster', 'health', '--debug'], { env: { ...env, ARANGO_PASSWORD: secret } });
    expect(viaEnv.code).toBe(1);
    expect(viaEnv.stderr + viaEnv.stdout).not.toContain(secret);
    const missing = await run(['cluster', 'health', '--password-file', join(dir, 'absent')], { env });
    expect(missing.stderr).toBe(`error: cannot read password file '${join(dir, 'absent')}' (ENOENT)\n`);
  });

  it('the right password from a file works; --password-file and --password-prompt exclude each other', async () => {
    const file = join(dir, 'good');
    await writeFile(file, `${server.password}\n`);
    const ok = await run(['cluster', 'endpoints', '--password-file', file], { env: { ARANGO_HOSTS: server.urls.join(',') } });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const both = await run(['cluster', 'endpoints', '--password-file', file, '--password-prompt'], { env: { ARANGO_HOSTS: server.urls.join(',') } });
    expect(both.code).toBe(64);
  });

  it('--password-prompt reads the terminal in raw mode and echoes nothing', async () => {
    const stdin = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode(mode: boolean): void };
    const modes: boolean[] = [];
    stdin.isTTY = true;
    stdin.setRawMode = (mode: boolean) => {
      modes.push(mode);
    };
    const r = start(['cluster', 'endpoints', '--password-prompt'], { env: { ARANGO_HOSTS: server.urls.join(',') }, stdin, stderrTTY: true });
    // Typed with a typo corrected by backspace.
    stdin.write(`${server.password}X\u007f\r`);
    expect(await r.done).toBe(0);
    expect(r.stderr()).toBe('Password: \n');
    expect(r.stdout()).not.toContain(server.password);
    expect(modes).toEqual([true, false]);
  });
});

describe('as a child process', () => {
  it('runs through tsx with the process streams: plain table when piped, exit codes', async () => {
    const cli = join(process.cwd(), 'src/cli/main.ts');
    const exec = (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { env: { ...process.env, ...serverEnv(server), NO_COLOR: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    const health = await exec(['cluster', 'health']);
    expect(health.stderr).toBe('');
    expect(health.code).toBe(0);
    expect(health.stdout).toMatch(/^ID +NAME +ROLE +STATUS +ENDPOINT +VERSION +ENGINE\n/);
    expect(health.stdout).not.toContain('\x1b[');
    const bad = await exec(['cluster', 'health', '--nope']);
    expect(bad.code).toBe(64);
    expect(bad.stderr.split('\n')[0]).toBe("error: unknown option '--nope'");
  }, 60_000);
});
