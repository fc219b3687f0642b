/**
 * The packages as a user gets them: `npm pack` of arangots and arangots-emulator, installed with
 * npm into a fresh project outside the repository, then used only through what was installed —
 * the emulator's CLI, the driver's CLI, the typings (strict, NodeNext, ESM and CommonJS) and
 * `require()` from a CommonJS file. Every ```ts block of the READMEs and docs/ that imports only
 * the two packages and Node's own modules is compiled there too, as a reader would paste it.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The parent `npm test` exports npm_* settings (dry-run, prefix, …) that must not reach the npm calls made here. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
const long = 240_000;

interface Manifest {
  name: string;
  scripts?: Record<string, string>;
  workspaces?: unknown;
  exports?: Record<string, unknown>;
  bin?: Record<string, string>;
  files?: string[];
  engines?: Record<string, string>;
}

let dir: string;
let project: string;
const tarballs: Record<string, string> = {};

async function npm(args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  return run(NPM, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
}

async function pack(packageDir: string): Promise<string> {
  // --json: the file name npm wrote; prepack builds a clean dist/ first.
  const { stdout } = await npm(['pack', '--json', '--pack-destination', dir], packageDir);
  const [result] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  if (!result) throw new Error(`npm pack in ${packageDir} reported nothing`);
  return join(dir, result.filename);
}

function installed(name: string): string {
  return join(project, 'node_modules', name);
}

function manifest(name: string): Manifest {
  return JSON.parse(readFileSync(join(installed(name), 'package.json'), 'utf8')) as Manifest;
}

function files(root: string, prefix = ''): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(root, join(prefix, e.name)) : [join(prefix, e.name)],
  );
}

/** Every ```ts block of the READMEs and guides whose imports a fresh project can resolve. */
function snippets(): { name: string; code: string }[] {
  const docs = existsSync(join(ROOT, 'docs')) ? readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`) : [];
  const out: { name: string; code: string }[] = [];
  for (const file of ['README.md', 'emulator/README.md', ...docs]) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    let i = 0;
    for (const [, code] of text.matchAll(/```ts\n([\s\S]*?)```/g)) {
      i++;
      const imports = [...(code ?? '').matchAll(/from '([^']+)'/g)].map((m) => m[1] ?? '');
      if (imports.some((s) => !s.startsWith('node:') && s !== 'arangots' && s !== 'arangots-emulator')) continue;
      out.push({ name: `${file.replace(/[/.]/g, '-')}-${i}`, code: code ?? '' });
    }
  }
  return out;
}

describe('the packed packages in a fresh project', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'arangots-pack-'));
    project = join(dir, 'project');
    mkdirSync(project);
    const [driver, emulator] = await Promise.all([pack(ROOT), pack(join(ROOT, 'emulator'))]);
    tarballs.driver = driver;
    tarballs.emulator = emulator;
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    // The registry is asked only for what the cache lacks (undici, @types/node).
    await npm(['install', '--prefer-offline', '--no-audit', '--no-fund', driver], project);
    await npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--save-dev', emulator, '@types/node@20'], project);
  }, long);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ship the built code, the typings, the CLIs and a manifest without build-time fields', () => {
    for (const name of ['arangots', 'arangots-emulator']) {
      const m = manifest(name);
      expect(m.scripts?.prepare, `${name}: prepare`).toBeUndefined();
      expect(m.scripts?.postinstall, `${name}: postinstall`).toBeUndefined();
      expect(m.workspaces, `${name}: workspaces`).toBeUndefined();
      expect(m.engines?.node).toBe('^20.19.0 || >=22.12.0');
    }
    const driver = files(installed('arangots'));
    expect(driver).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js']));
    expect(driver.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(f))).toEqual([]);
    expect(driver.filter((f) => f.endsWith('.map') || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    const emulator = files(installed('arangots-emulator'));
    expect(emulator).toEqual(expect.arrayContaining(['dist/src/index.js', 'dist/src/index.d.ts', 'dist/bin/cli.js', 'README.md', 'LICENSE']));
    expect(emulator.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(f))).toEqual([]);
    expect(emulator.some((f) => f.startsWith('dist/test/'))).toBe(false);
    expect(existsSync(join(project, 'node_modules', '.bin', 'arangots'))).toBe(true);
    expect(existsSync(join(project, 'node_modules', '.bin', 'arangots-emulator'))).toBe(true);
  });

  it('the installed emulator CLI serves a cluster; the cluster example and the arangots CLI work against it', async () => {
    const emulator: ChildProcess = spawn(join(project, 'node_modules', '.bin', 'arangots-emulator'), ['--coordinators', '2', '--port', '0', '--password', 'pw'], {
      cwd: project,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const urls: string[] = [];
      const lines = createInterface({ input: emulator.stdout as NodeJS.ReadableStream });
      for await (const line of lines) {
        const m = /^\s+(http:\/\/\S+)\s/.exec(line);
        if (m?.[1]) urls.push(m[1]);
        if (line.startsWith('Press Ctrl-C')) break;
      }
      expect(urls).toHaveLength(2);
      const cliEnv = { ...env, ARANGO_HOSTS: urls.join(','), ARANGO_USER: 'root', ARANGO_PASSWORD: 'pw', NO_COLOR: '1' };

      // The README's cluster example, compiled in the consumer project (see the next test), run with node.
      await compile();
      const example = await run(process.execPath, ['out/run-cluster.js', ...urls], { cwd: project, env });
      const answers = JSON.parse(example.stdout) as Record<string, unknown>;
      expect(answers).toMatchObject({ id: expect.stringMatching(/^CRDN-/), role: 'COORDINATOR', health: { Health: expect.any(Object) } });

      const help = await run(join(project, 'node_modules', '.bin', 'arangots'), ['--help'], { cwd: project, env: cliEnv });
      expect(help.stdout).toContain('cluster health');
      const health = await run(join(project, 'node_modules', '.bin', 'arangots'), ['cluster', 'health'], { cwd: project, env: cliEnv });
      expect(health.stdout).toMatch(/Coordinator0001\s+Coordinator\s+GOOD/);
      expect(health.stdout).toMatch(/\b7 servers\b/); // 2 coordinators, 2 DB-servers, 3 agents; exit code 0: all GOOD
    } finally {
      emulator.kill('SIGTERM');
      if (emulator.exitCode === null) await once(emulator, 'exit');
    }
  }, long);

  it('a strict NodeNext TypeScript project compiles against the installed typings (ESM, CommonJS, README and guide snippets)', async () => {
    await compile();
    expect(existsSync(join(project, 'out', 'consumer.js'))).toBe(true);
    expect(existsSync(join(project, 'out', 'consumer-cjs.cjs'))).toBe(true);
  }, long);

  it('CommonJS loads the driver with require() (Node ≥ 20.19)', async () => {
    writeFileSync(
      join(project, 'plain.cjs'),
      `const { ArangoClient, aql, ArangoServerError } = require('arangots');
const q = aql\`RETURN \${1}\`;
console.log(JSON.stringify({ client: typeof ArangoClient, query: q.query, error: typeof ArangoServerError }));\n`,
    );
    const plain = await run(process.execPath, ['plain.cjs'], { cwd: project, env });
    expect(JSON.parse(plain.stdout)).toEqual({ client: 'function', query: 'RETURN @value0', error: 'function' });
    expect(plain.stderr).toBe('');
    await compile();
    const typed = await run(process.execPath, ['out/consumer-cjs.cjs'], { cwd: project, env });
    expect(typed.stdout.trim()).toBe('function');
  }, long);
});

let compiled: Promise<void> | undefined;

/** Writes the consumer sources and runs tsc once (the tests above share the result). */
function compile(): Promise<void> {
  compiled ??= (async () => {
    const src = join(project, 'src');
    mkdirSync(src, { recursive: true });
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          types: ['node'],
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          verbatimModuleSyntax: true,
          skipLibCheck: false,
          rootDir: 'src',
          outDir: 'out',
        },
        include: ['src'],
      }),
    );
    writeFileSync(
      join(src, 'consumer.ts'),
      `import { ArangoClient, aql, ArangoServerError, errors, type Document, type Database } from 'arangots';
import { startCluster, type EmulatorCluster } from 'arangots-emulator';

interface User { name: string; age?: number }

export async function demo(db: Database): Promise<Document<User> | null> {
  const users = db.collection<User>('users');
  await users.insert({ name: 'a' }, { returnNew: true });
  const cursor = await db.aql.execute<string>(aql\`FOR u IN \${users} RETURN u.name\`);
  for await (const name of cursor) name.toUpperCase();
  try {
    return await users.get('missing');
  } catch (e) {
    if (e instanceof ArangoServerError && e.errorNum === errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND) return null;
    throw e;
  }
}

export async function cluster(): Promise<EmulatorCluster> {
  const c = await startCluster({ coordinators: 1, port: 0 });
  const client = new ArangoClient({ hosts: c.urls });
  await client.close();
  return c;
}
`,
    );
    writeFileSync(
      join(src, 'consumer-cjs.cts'),
      `import arangots = require('arangots');
const client: arangots.ArangoClient = new arangots.ArangoClient({ hosts: 'http://127.0.0.1:8529' });
void client.close();
console.log(typeof arangots.ArangoClient);
`,
    );
    // The seed's cluster example exactly as the README shows it, and a runner that calls it.
    const example = /\/\/ #region readme\n([\s\S]*?)\/\/ #endregion readme/.exec(readFileSync(join(ROOT, 'examples', 'cluster.ts'), 'utf8'))?.[1];
    if (!example) throw new Error('examples/cluster.ts has no readme region');
    writeFileSync(join(src, 'cluster.ts'), example);
    writeFileSync(
      join(src, 'run-cluster.ts'),
      `import { ArangoClient } from 'arangots';
import { run } from './cluster.js';

const hosts = process.argv.slice(2);
const client = new ArangoClient({ hosts });
const db = await client.db('_system', { username: 'root', password: 'pw' });
const health = await db.cluster.health();
await client.close();
const dbServerId = Object.keys(health.Health).find((id) => id.startsWith('PRMR-'));
if (dbServerId === undefined) throw new Error('no DB-server in the health answer');
process.stdout.write(JSON.stringify(await run({ hosts, username: 'root', password: 'pw', dbServerId })));
`,
    );
    const snippetDir = join(src, 'snippets');
    mkdirSync(snippetDir, { recursive: true });
    for (const { name, code } of snippets()) writeFileSync(join(snippetDir, `${name}.ts`), code);
    try {
      await run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: project, env });
    } catch (e) {
      const out = e as { stdout?: string; stderr?: string };
      throw new Error(`tsc failed in the consumer project:\n${out.stdout ?? ''}${out.stderr ?? ''}`);
    }
  })();
  return compiled;
}
