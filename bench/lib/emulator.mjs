/**
 * The benchmark server: the built emulator CLI in a child process (so its CPU is not the client's),
 * started with `--control` so fault injection (`latency <i> <ms>`) reaches it over stdin.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../emulator/dist/bin/cli.js', import.meta.url));

/**
 * @param {{ coordinators?: number, password: string }} options
 * @returns {Promise<{ urls: string[], pid: number, control: (command: string) => Promise<string>, close: () => Promise<void> }>}
 */
export async function startEmulator({ coordinators = 3, password }) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [CLI, '--coordinators', String(coordinators), '--port', '0', '--password', password, '--control'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const urls = [];
  /** Replies to control commands, in order (the CLI answers one line per command). */
  const waiting = [];
  let banner = '';
  const ready = new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`emulator exited early (code ${String(code)}):\n${banner}`)));
    lines.on('line', (line) => {
      if (line.startsWith('ok ') || line.startsWith('error ')) {
        const next = waiting.shift();
        if (line.startsWith('ok ')) next?.resolve(line.slice(3));
        else next?.reject(new Error(`emulator control: ${line.slice(6)}`));
        return;
      }
      banner += `${line}\n`;
      const match = /^\s+(http:\/\/\S+)\s/.exec(line);
      if (match !== null) urls.push(match[1]);
      if (line.startsWith('Press Ctrl-C')) resolve();
    });
  });
  await ready;
  if (urls.length !== coordinators) throw new Error(`expected ${coordinators} coordinator URLs from the emulator, got ${urls.length}:\n${banner}`);
  return {
    urls,
    pid: child.pid ?? 0,
    control(command) {
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.stdin.write(`${command}\n`);
      });
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      // Closing stdin makes a --control emulator shut down; SIGTERM in case it does not.
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGTERM'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
