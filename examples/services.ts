/** README: "Foxx, Pregel, replication and WAL". */
// #region readme
import { ArangoServerError, type Database } from 'arangots';

/** A refused call surfaces as an ArangoServerError carrying ArangoDB's status and errorNum. */
const refusal = (e: unknown) => (e instanceof ArangoServerError ? { httpCode: e.httpCode, errorNum: e.errorNum } : Promise.reject(e));

export async function run({ db }: { db: Database }) {
  const services = await db.foxx.services(true); // installed Foxx services, system ones excluded
  const { state } = await db.replication.loggerState(); // the write-ahead log's last tick, running flag, …
  // Pregel was removed in 3.12: starting a job answers 404.
  const pregel = await db.pregel.createJob({ algorithm: 'pagerank', graphName: 'social' }).catch(refusal);
  return { services: services.length, loggerRunning: state.running, pregel };
}
// #endregion readme
