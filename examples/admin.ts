/** README: "Server administration". */
// #region readme
import type { Database } from 'arangots';

export async function run({ db }: { db: Database }): Promise<{ version: string; role: string; metricFamilies: number; requestsMetric?: string; logEntries: number }> {
  const { version } = await db.version();
  const status = await db.serverStatus();
  const metrics = await db.metrics({ parse: true });
  const requests = metrics.find((m) => m.type === 'counter');
  const log = await db.logEntries({ size: 5, sort: 'desc' });
  const out: { version: string; role: string; metricFamilies: number; requestsMetric?: string; logEntries: number } = {
    version,
    role: status.serverInfo.role,
    metricFamilies: metrics.length,
    logEntries: log.messages.length,
  };
  if (requests) out.requestsMetric = requests.name;
  return out;
}
// #endregion readme
