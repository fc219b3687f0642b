/**
 * Metrics (openapi_3.12_monitoring_metrics.txt): Prometheus text of a server's counters, with
 * ArangoDB's metric names; `serverId` reads another server of the cluster.
 */
import os from 'node:os';
import type { EmuRequest, EmuResponse, Router } from '../http/router.js';
import type { Histogram, ServerNode, ServerState } from '../store/server-state.js';
import { targetNode } from './target-node.js';

function roleLabel(node: ServerNode): string {
  return node.role === 'PRIMARY' ? 'DBSERVER' : node.role;
}

/** Prometheus text of a node's counters, with ArangoDB's metric names. */
export function metricsText(state: ServerState, node: ServerNode): string {
  const s = node.stats;
  const label = `{role="${roleLabel(node)}",shortname="${node.shortName}"}`;
  const lines: string[] = [];
  const metric = (name: string, type: 'counter' | 'gauge', help: string, value: number): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name}${label} ${value}`);
  };
  metric('arangodb_http_request_statistics_total_requests_total', 'counter', 'Total number of HTTP requests', s.requestsTotal);
  metric('arangodb_http_request_statistics_async_requests_total', 'counter', 'Number of asynchronously executed HTTP requests', s.requestsAsync);
  metric('arangodb_http_request_statistics_superuser_requests_total', 'counter', 'Total number of HTTP requests executed by superuser/JWT', s.requestsSuperuser);
  metric('arangodb_http_request_statistics_user_requests_total', 'counter', 'Total number of HTTP requests executed by clients', s.requestsUser);
  for (const [m, n] of Object.entries(s.byMethod)) {
    const name = m === 'other' ? 'other' : `http_${m.toLowerCase()}`;
    metric(`arangodb_http_request_statistics_${name}_requests_total`, 'counter', `Number of HTTP ${m} requests`, n);
  }
  metric('arangodb_client_connection_statistics_client_connections', 'gauge', 'The number of client connections that are currently open', s.openConnections);
  const hist = (name: string, help: string, sum: number, count: number): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`,
      `${name}_bucket{role="${roleLabel(node)}",shortname="${node.shortName}",le="+Inf"} ${count}`,
      `${name}_count${label} ${count}`, `${name}_sum${label} ${sum}`);
  };
  hist('arangodb_client_connection_statistics_bytes_received', 'Bytes received for requests', s.bytesReceived, s.requestsTotal);
  hist('arangodb_client_connection_statistics_bytes_sent', 'Bytes sent for responses', s.bytesSent, s.requestsTotal);
  const timeHist = (name: string, help: string, h: Histogram): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
    let cumulative = 0;
    h.cuts.forEach((cut, i) => {
      cumulative += h.counts[i] ?? 0;
      lines.push(`${name}_bucket{role="${roleLabel(node)}",shortname="${node.shortName}",le="${cut}"} ${cumulative}`);
    });
    lines.push(`${name}_bucket{role="${roleLabel(node)}",shortname="${node.shortName}",le="+Inf"} ${h.count}`, `${name}_count${label} ${h.count}`, `${name}_sum${label} ${h.sum}`);
  };
  timeHist('arangodb_client_connection_statistics_total_time', 'Total time needed to answer a request [s]', s.totalTime);
  timeHist('arangodb_client_connection_statistics_request_time', 'Request time needed to answer a request [s]', s.requestTime);
  timeHist('arangodb_client_connection_statistics_queue_time', 'Queue time needed to answer a request [s]', s.queueTime);
  metric('arangodb_scheduler_queue_time_violations_total', 'counter', 'Tasks dropped because the client-requested queue time restriction would be violated', s.queueTimeViolations);
  metric('arangodb_scheduler_low_prio_queue_last_dequeue_time', 'gauge', 'Last recorded dequeue time for a low priority queue item [ms]', s.lastQueueTimeMs);
  metric('arangodb_server_statistics_server_uptime_total', 'counter', 'Number of seconds elapsed since server start', Math.floor((Date.now() - node.startTime) / 1000));
  metric('arangodb_server_statistics_physical_memory', 'gauge', 'Physical memory in bytes', os.totalmem());
  metric('arangodb_server_statistics_cpu_cores', 'gauge', 'Number of CPU cores visible to the arangod process', os.cpus().length);
  metric('arangodb_process_statistics_resident_set_size', 'gauge', 'Resident set size of the arangod process [bytes]', process.memoryUsage().rss);
  const jobs = state.jobs.countByOwner(node.id);
  metric('arangodb_scheduler_queue_length', 'gauge', 'Server\'s internal queue length', 0);
  metric('arangodb_async_jobs_pending', 'gauge', 'Async jobs pending on this server', jobs.pending);
  metric('arangodb_async_jobs_done', 'gauge', 'Async job results stored on this server', jobs.done);
  metric('arangodb_databases_total', 'gauge', 'Number of databases', state.databaseNames().length);
  return `${lines.join('\n')}\n`;
}

export function register(router: Router): void {
  const metrics = (req: EmuRequest): EmuResponse => ({
    status: 200,
    rawBody: metricsText(req.ctx.state, targetNode(req)),
    headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' },
  });
  router.get('/_admin/metrics', metrics);
  router.get('/_admin/metrics/v2', metrics);
  router.get('/_admin/usage-metrics', () => ({
    status: 200, rawBody: '', headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' },
  }));
}
