/**
 * Statistics (openapi_3.12_monitoring_statistics.txt): `/_admin/statistics` of the server that
 * answers, from its request counters, and the description of its groups and figures. ArangoDB
 * deprecates both in favour of the metrics.
 */
import os from 'node:os';
import type { Router } from '../http/router.js';
import type { Histogram, ServerNode } from '../store/server-state.js';

/** `/_admin/statistics` of a node, from its request counters. */
export function statisticsBody(node: ServerNode): Record<string, unknown> {
  const s = node.stats;
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  const dist = (sum: number, count: number, buckets: number): Record<string, unknown> => ({
    sum, count, counts: [count, ...Array.from({ length: buckets - 1 }, () => 0)],
  });
  const measured = (h: Histogram): Record<string, unknown> => ({ sum: h.sum, count: h.count, counts: [...h.counts] });
  const client = {
    httpConnections: s.openConnections,
    connectionTime: dist(0, 0, 4),
    totalTime: measured(s.totalTime),
    requestTime: measured(s.requestTime),
    queueTime: measured(s.queueTime),
    ioTime: dist(0, s.requestsTotal, 10),
    bytesSent: dist(s.bytesSent, s.requestsTotal, 6),
    bytesReceived: dist(s.bytesReceived, s.requestsTotal, 6),
  };
  const m = s.byMethod;
  return {
    time: Date.now() / 1000,
    enabled: true,
    system: {
      minorPageFaults: 0, majorPageFaults: 0, userTime: cpu.user / 1e6, systemTime: cpu.system / 1e6,
      numberOfThreads: 1, residentSize: mem.rss, residentSizePercent: mem.rss / os.totalmem(), virtualSize: mem.rss + mem.external,
    },
    client,
    clientUser: client,
    http: {
      requestsTotal: s.requestsTotal, requestsSuperuser: s.requestsSuperuser, requestsUser: s.requestsUser,
      requestsAsync: s.requestsAsync, requestsGet: m.GET ?? 0, requestsHead: m.HEAD ?? 0, requestsPost: m.POST ?? 0,
      requestsPut: m.PUT ?? 0, requestsPatch: m.PATCH ?? 0, requestsDelete: m.DELETE ?? 0,
      requestsOptions: m.OPTIONS ?? 0, requestsOther: m.other ?? 0,
    },
    server: {
      uptime: (Date.now() - node.startTime) / 1000,
      physicalMemory: os.totalmem(),
      transactions: { started: 0, aborted: 0, committed: 0, intermediateCommits: 0, readOnly: 0, dirtyReadOnly: 0 },
      v8Context: { available: 0, busy: 0, dirty: 0, free: 0, max: 0, min: 0, memory: [] },
      threads: {
        'scheduler-threads': 1, blocked: 0, queued: 0, 'in-progress': 0, 'direct-exec': 0,
      },
    },
    error: false,
    code: 200,
  };
}

const STAT_GROUPS = [
  { group: 'system', name: 'Process Statistics', description: 'Statistics about the ArangoDB process' },
  { group: 'client', name: 'Client Connection Statistics', description: 'Statistics about the connections.' },
  { group: 'clientUser', name: 'Client User Connection Statistics', description: 'Statistics about the connections, only user traffic (ignoring superuser JWT traffic).' },
  { group: 'http', name: 'HTTP Request Statistics', description: 'Statistics about the HTTP requests.' },
  { group: 'server', name: 'Server Statistics', description: 'Statistics about the ArangoDB server' },
];

const STAT_FIGURES: Array<[string, string, string, string, string]> = [
  ['system', 'userTime', 'User Time', 'accumulated', 'seconds'],
  ['system', 'systemTime', 'System Time', 'accumulated', 'seconds'],
  ['system', 'numberOfThreads', 'Number of Threads', 'current', 'number'],
  ['system', 'residentSize', 'Resident Set Size', 'current', 'bytes'],
  ['system', 'residentSizePercent', 'Resident Set Size', 'current', 'percent'],
  ['system', 'virtualSize', 'Virtual Memory Size', 'current', 'bytes'],
  ['system', 'minorPageFaults', 'Minor Page Faults', 'accumulated', 'number'],
  ['system', 'majorPageFaults', 'Major Page Faults', 'accumulated', 'number'],
  ['client', 'httpConnections', 'Client Connections', 'current', 'number'],
  ['client', 'totalTime', 'Total Time', 'distribution', 'seconds'],
  ['client', 'requestTime', 'Request Time', 'distribution', 'seconds'],
  ['client', 'queueTime', 'Queue Time', 'distribution', 'seconds'],
  ['client', 'bytesSent', 'Bytes Sent', 'distribution', 'bytes'],
  ['client', 'bytesReceived', 'Bytes Received', 'distribution', 'bytes'],
  ['client', 'connectionTime', 'Connection Time', 'distribution', 'seconds'],
  ['http', 'requestsTotal', 'Total requests', 'accumulated', 'number'],
  ['http', 'requestsAsync', 'Async requests', 'accumulated', 'number'],
  ['http', 'requestsGet', 'HTTP GET requests', 'accumulated', 'number'],
  ['http', 'requestsHead', 'HTTP HEAD requests', 'accumulated', 'number'],
  ['http', 'requestsPost', 'HTTP POST requests', 'accumulated', 'number'],
  ['http', 'requestsPut', 'HTTP PUT requests', 'accumulated', 'number'],
  ['http', 'requestsPatch', 'HTTP PATCH requests', 'accumulated', 'number'],
  ['http', 'requestsDelete', 'HTTP DELETE requests', 'accumulated', 'number'],
  ['http', 'requestsOptions', 'HTTP OPTIONS requests', 'accumulated', 'number'],
  ['http', 'requestsOther', 'other HTTP requests', 'accumulated', 'number'],
  ['server', 'uptime', 'Server Uptime', 'current', 'seconds'],
  ['server', 'physicalMemory', 'Physical Memory', 'current', 'bytes'],
];

/**
 * Bucket boundaries of the distribution figures (the `counts` of /_admin/statistics have one more
 * entry): ArangoDB's request-time, bytes and connection-time cuts, as the 3.12.10 transcript lists them.
 */
function distributionCuts(identifier: string, units: string): number[] {
  if (identifier === 'connectionTime') return [0.1, 1, 60];
  return units === 'bytes' ? [250, 1000, 2000, 5000, 10000] : [0.01, 0.05, 0.1, 0.2, 0.5, 1, 5, 15, 30];
}

export function register(router: Router): void {
  router.get('/_admin/statistics', (req) => ({ status: 200, body: statisticsBody(req.ctx.server) }));
  router.get('/_admin/statistics-description', () => ({
    status: 200,
    body: {
      groups: STAT_GROUPS,
      figures: STAT_FIGURES.map(([group, identifier, name, type, units]) => ({
        group, identifier, name, description: name, type, ...(type === 'distribution' ? { cuts: distributionCuts(identifier, units) } : {}), units,
      })),
      error: false, code: 200,
    },
  }));
}
