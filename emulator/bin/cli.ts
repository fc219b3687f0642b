#!/usr/bin/env node
/**
 * `arangots-emulator --coordinators 3 --port 8529 [--dbservers 2] [--password pw] [--single]
 * [--no-auth] [--jwt-secret s] [--http.trusted-origin o]… [--control]`: runs an emulated cluster until Ctrl-C.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startCluster, startServer, type EmulatorCluster } from '../src/index.js';

const usage = `Usage: arangots-emulator [options]
  --coordinators N   coordinators to start (default 3)
  --dbservers N      simulated DB-servers (default 2)
  --agents N         simulated agents (default 3)
  --port P           first port; coordinators use P, P+1, ... (default 8529; 0 = free ports)
  --host H           address to listen on (default 127.0.0.1)
  --password PW      password of root (default empty)
  --jwt-secret S     HS256 secret accepted for superuser tokens (default random)
  --no-auth          disable authentication
  --http.trusted-origin O
                     an origin whose CORS answers may carry credentials (repeatable;
                     '*' or 'all' = every origin; default none)
  --single           run one single server (role SINGLE) instead of a cluster
  --control          read fault-injection commands from stdin, one per line, answered
                     'ok …' or 'error …' on stdout (i = coordinator index from 0):
                       latency <i> <ms> | stop <i> | start <i> | fail <i> <count> [status]
                       hang <i> | blackhole <i> | resume <i> | slowbody <i> <bytes/s>
                       stragglers <i> <fraction> <ms> [seed] | pause <i> <ms> | lose <i> <count>
                       keepalive <i> <ms> | flap <i> <up-ms> <down-ms> | heal <i>
                       traffic <i>  (JSON: requests, probes, connections, lastArrivalAt)
                     The emulator exits when stdin closes. Used by the benchmarks, which run it
                     as a child.
  -h, --help         show this help`;

function int(v: string | undefined, name: string, def: number, min: number): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got '${v}'`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      coordinators: { type: 'string' },
      dbservers: { type: 'string' },
      agents: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      password: { type: 'string' },
      'jwt-secret': { type: 'string' },
      'no-auth': { type: 'boolean' },
      'http.trusted-origin': { type: 'string', multiple: true },
      single: { type: 'boolean' },
      control: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const common = {
    port: int(values.port, 'port', 8529, 0),
    rootPassword: values.password ?? '',
    authentication: values['no-auth'] !== true,
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(values['jwt-secret'] !== undefined ? { jwtSecret: values['jwt-secret'] } : {}),
    ...(values['http.trusted-origin'] !== undefined ? { trustedOrigins: values['http.trusted-origin'] } : {}),
  };
  const cluster: EmulatorCluster = values.single
    ? await startServer(common)
    : await startCluster({
        ...common,
        coordinators: int(values.coordinators, 'coordinators', 3, 1),
        dbServers: int(values.dbservers, 'dbservers', 2, 1),
        agents: int(values.agents, 'agents', 3, 1),
      });
  const kind = values.single ? 'single server' : `cluster (${cluster.urls.length} coordinators)`;
  process.stdout.write(`arangots-emulator: ArangoDB-compatible ${kind} running\n`);
  for (const [i, c] of cluster.coordinators.entries()) {
    process.stdout.write(`  ${cluster.urls[i] ?? ''}  ${c.shortName}  ${c.id}\n`);
  }
  process.stdout.write('Press Ctrl-C to stop.\n');
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    process.stdout.write(`\n${signal}: shutting down\n`);
    void cluster.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  if (values.control === true) {
    // Stdin and not an HTTP route: only the process that started the emulator can inject faults.
    const lines = createInterface({ input: process.stdin });
    lines.on('line', (line) => {
      void control(cluster, line.trim()).then(
        (done) => process.stdout.write(`ok ${done}\n`),
        (e: unknown) => process.stdout.write(`error ${e instanceof Error ? e.message : String(e)}\n`),
      );
    });
    lines.on('close', () => shutdown('stdin closed'));
  }
}

/** One `--control` command; resolves with what was done. */
async function control(cluster: EmulatorCluster, line: string): Promise<string> {
  const [verb, index, ...args] = line.split(/\s+/);
  const i = Number(index);
  const coordinator = Number.isInteger(i) ? cluster.coordinators[i] : undefined;
  if (coordinator === undefined) throw new Error(`unknown coordinator index '${index ?? ''}' in '${line}' (0..${cluster.coordinators.length - 1})`);
  switch (verb) {
    case 'latency':
      coordinator.setLatency(Number(args[0]));
      return `latency ${i} ${Number(args[0])}`;
    case 'stop':
      await coordinator.stop();
      return `stop ${i}`;
    case 'start':
      await coordinator.start();
      return `start ${i}`;
    case 'fail':
      coordinator.failNext(Number(args[0]), args[1] === undefined ? undefined : Number(args[1]));
      return `fail ${i} ${Number(args[0])}`;
    case 'hang':
      coordinator.hang();
      return `hang ${i}`;
    case 'blackhole':
      coordinator.blackhole();
      return `blackhole ${i}`;
    case 'resume':
      coordinator.resume();
      return `resume ${i}`;
    case 'slowbody':
      coordinator.slowBody(Number(args[0]));
      return `slowbody ${i} ${Number(args[0])}`;
    case 'stragglers':
      coordinator.stragglers(Number(args[0]), Number(args[1]), args[2] === undefined ? undefined : Number(args[2]));
      return `stragglers ${i} ${Number(args[0])} ${Number(args[1])}`;
    case 'pause':
      coordinator.pause(Number(args[0]));
      return `pause ${i} ${Number(args[0])}`;
    case 'lose':
      coordinator.loseResponses(Number(args[0]));
      return `lose ${i} ${Number(args[0])}`;
    case 'keepalive':
      coordinator.keepAliveTimeout(Number(args[0]));
      return `keepalive ${i} ${Number(args[0])}`;
    case 'flap':
      coordinator.flap(Number(args[0]), Number(args[1]));
      return `flap ${i} ${Number(args[0])} ${Number(args[1])}`;
    case 'heal':
      await coordinator.heal();
      return `heal ${i}`;
    case 'traffic':
      return `traffic ${i} ${JSON.stringify(coordinator.traffic)}`;
    default:
      throw new Error(`unknown command '${verb ?? ''}' (latency | stop | start | fail | hang | blackhole | resume | slowbody | stragglers | pause | lose | keepalive | flap | heal | traffic)`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`arangots-emulator: ${e instanceof Error ? e.message : String(e)}\n${usage}\n`);
  process.exit(1);
});
