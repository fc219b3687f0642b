/**
 * The emulator the fuzzer attacks, in a child process of its own so that a crash is seen (the
 * child dies) instead of taking the fuzzer down. Loopback only. Prints `{"urls":[…]}` once
 * listening and exits when its stdin closes.
 */
import { startCluster } from '../src/index.js';

const coordinators = Number(process.env['FUZZ_COORDINATORS'] ?? '3');
const cluster = await startCluster({ coordinators, rootPassword: process.env['FUZZ_ROOT_PASSWORD'] ?? '', host: '127.0.0.1' });
// A small body limit keeps gzip bombs and huge bodies cheap while still crossing it.
cluster.state.maxBodyBytes = 8 * 1024 * 1024;
process.stdout.write(`${JSON.stringify({ urls: cluster.urls })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void cluster.close().then(() => process.exit(0));
});
