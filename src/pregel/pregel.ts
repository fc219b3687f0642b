/**
 * Pregel jobs (`/_api/control_pregel`). ArangoDB deprecated Pregel in 3.11 and removed it in 3.12,
 * where these paths answer with an error; the driver still sends the requests as 3.11 documented
 * them, so it works against servers that have Pregel and reports the error from those that do not.
 */
import { expectList, unexpected, isJsonAnswer } from '../shape.js';
import type { Connection } from '../connection.js';
import { ArangoClientError } from '../errors.js';
import type { CallOptions } from '../transport/request.js';
import { path } from '../transport/path.js';
import { callOptions, withoutEnvelope } from '../admin/envelope.js';
import { describeHandle, inspectable, type HandleDescription } from '../describe.js';

/**
 * The Pregel algorithms of ArangoDB up to 3.11: PageRank, single-source shortest path (`sssp`),
 * connected components (`connectedcomponents`, `wcc`, `scc`), HITS (`hits`, `hitskleinberg`),
 * effective closeness, LineRank, label propagation and SLPA (community detection).
 */
export type PregelAlgorithm =
  | 'pagerank'
  | 'sssp'
  | 'connectedcomponents'
  | 'wcc'
  | 'scc'
  | 'hits'
  | 'hitskleinberg'
  | 'effectivecloseness'
  | 'linerank'
  | 'labelpropagation'
  | 'slpa';

/**
 * Body of `POST /_api/control_pregel`: the algorithm, what to run it on (a named graph, or vertex
 * and edge collections), and its parameters.
 */
export interface PregelJobOptions {
  algorithm: PregelAlgorithm;
  /** A named graph, or explicit `vertexCollections` and `edgeCollections`. */
  graphName?: string;
  vertexCollections?: string[];
  edgeCollections?: string[];
  /** Algorithm parameters (`store`, `maxGSS`, `parallelism`, `async`, `resultField`, …). */
  params?: {
    store?: boolean;
    maxGSS?: number;
    parallelism?: number;
    async?: boolean;
    resultField?: string;
    useMemoryMaps?: boolean;
    shardKeyAttribute?: string;
    [key: string]: unknown;
  };
}

/**
 * `GET /_api/control_pregel/{id}`: the job's `state` (e.g. `loading`, `running`, `storing`, `done`,
 * `canceled`, `fatal error`), the global superstep reached (`gss`), the times of its phases in
 * seconds, message counts, the vertex and edge counts, and the algorithm's aggregators.
 */
export interface PregelJobStatus {
  id: string;
  database?: string;
  algorithm: string;
  created?: string;
  expires?: string;
  ttl?: number;
  state: string;
  gss: number;
  totalRuntime?: number;
  startupTime?: number;
  computationTime?: number;
  storageTime?: number;
  aggregators?: Record<string, unknown>;
  sendCount?: number;
  receivedCount?: number;
  reports?: unknown[];
  vertexCount?: number;
  edgeCount?: number;
  [key: string]: unknown;
}

function checkId(id: unknown, what: string): string {
  if (typeof id === 'number' && Number.isInteger(id)) return String(id);
  if (typeof id !== 'string' || id === '') throw new ArangoClientError(`${what}: expected a Pregel job id`);
  return id;
}

/**
 * Pregel jobs of a database: `db.pregel`, as documented up to ArangoDB 3.11.
 *
 * @deprecated Pregel was removed in ArangoDB 3.12: every call answers 404 there.
 */
export class Pregel {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle('Pregel', this.connection);
  }
  constructor(private readonly connection: Connection) {}

  /** Starts a job; answers its id (python-arango's `create_job`). */
  async createJob(options: PregelJobOptions & CallOptions): Promise<string> {
    if (typeof options?.algorithm !== 'string' || (options.algorithm as string) === '') {
      throw new ArangoClientError('create pregel job: "algorithm" is required');
    }
    const hasGraph = options.graphName !== undefined;
    const hasCollections = options.vertexCollections !== undefined || options.edgeCollections !== undefined;
    if (hasGraph === hasCollections) {
      throw new ArangoClientError('create pregel job: give either "graphName" or "vertexCollections" with "edgeCollections"');
    }
    if (hasCollections && (options.vertexCollections === undefined || options.edgeCollections === undefined)) {
      throw new ArangoClientError('create pregel job: "vertexCollections" and "edgeCollections" go together');
    }
    const body: Record<string, unknown> = { algorithm: options.algorithm };
    if (options.graphName !== undefined) body.graphName = options.graphName;
    if (options.vertexCollections !== undefined) body.vertexCollections = options.vertexCollections;
    if (options.edgeCollections !== undefined) body.edgeCollections = options.edgeCollections;
    if (options.params !== undefined) body.params = options.params;
    return this.connection.send({ operation: 'pregel.createJob', method: 'POST', path: '/_api/control_pregel', body, ...callOptions(options) }, (res) => {
      // The answer is the bare id as a JSON string (older servers: a number).
      if ((typeof res.body === 'string' && isJsonAnswer(res)) || typeof res.body === 'number') return String(res.body);
      throw unexpected(res, 'the job id as a JSON string or number (create pregel job)');
    });
  }

  /**
   * `GET /_api/control_pregel/{id}`: a job's status.
   *
   * @throws {@link ArangoServerError} 404 for an unknown job (and on ArangoDB 3.12, which has no Pregel).
   */
  async job(id: string | number, call?: CallOptions): Promise<PregelJobStatus> {
    return this.connection.send(
      { operation: 'pregel.job', method: 'GET', path: path`/_api/control_pregel/${checkId(id, 'pregel job')}`, ...callOptions(call) },
      (res) => {
        const job = withoutEnvelope<PregelJobStatus>(res, 'pregel job');
        if (typeof job.state !== 'string') throw unexpected(res, 'a Pregel job status: a JSON object with a "state"');
        return job;
      },
    );
  }

  /** `GET /_api/control_pregel`: every job of the database that has not expired. */
  async jobs(call?: CallOptions): Promise<PregelJobStatus[]> {
    return this.connection.send({ operation: 'pregel.jobs', method: 'GET', path: '/_api/control_pregel', ...callOptions(call) }, (res) => {
      return expectList<PregelJobStatus>(res, res.body, { state: 'string' }, 'pregel jobs');
    });
  }

  /** Cancels a running job (and discards a finished one's results). */
  async deleteJob(id: string | number, call?: CallOptions): Promise<void> {
    await this.connection.send(
      { operation: 'pregel.deleteJob', method: 'DELETE', path: path`/_api/control_pregel/${checkId(id, 'delete pregel job')}`, ...callOptions(call) },
      () => undefined,
    );
  }
}

inspectable(Pregel);
