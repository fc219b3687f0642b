/** Public entry of `arangots-emulator`. */
export { startCluster, startServer } from './cluster.js';
export type { ClusterOptions, Coordinator, EmulatorCluster } from './cluster.js';
export type { GrayFaultStatus, TrafficStats } from './http/faults.js';
export { ServerState, ARANGO_VERSION } from './store/server-state.js';
export type { ServerNode, NodeRole, DatabaseOptions } from './store/server-state.js';
export { ArangoHttpError, httpError } from './errors.js';
export { errors, errorMessages } from './error-codes.js';
export { signJwt, verifyJwt } from './http/auth.js';
