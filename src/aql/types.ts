/**
 * The shapes `db.aql` takes and answers: query and explain options, plans, running and slow
 * queries, tracking, optimizer rules, user functions and the two caches.
 */
import type { QueryWarning } from '../cursor.js';

/** Bind parameter values by name, without the leading `@` (`@@name` data-source parameters as `"@name"`). */
export type BindVars = Record<string, unknown>;

/**
 * Options of `execute`. Names are ArangoDB's; the driver puts each where the 3.12 API documents
 * it (top level of the body, `options`, or a header).
 */
export interface QueryOptions {
  /** Bind parameters; merged with those of an `aql` query (a name in both is an error). */
  bindVars?: BindVars;
  // Top level of the request body.
  /** Return the total number of results in `cursor.count` (not for stream queries). */
  count?: boolean;
  /** Results per batch (server default 1000). */
  batchSize?: number;
  /** Seconds the server keeps an idle cursor. */
  ttl?: number;
  /** Bytes the query may use; 0 for no limit. */
  memoryLimit?: number;
  // Inside `options`.
  /** Use (or bypass, with false) the query results cache. */
  cache?: boolean;
  fullCount?: boolean;
  fillBlockCache?: boolean;
  maxNumberOfPlans?: number;
  /** arangojs's name for `maxNumberOfPlans`. */
  maxPlans?: number;
  maxNodesPerCallstack?: number;
  maxWarningCount?: number;
  failOnWarning?: boolean;
  /** Let a batch lost in transit be fetched again (`nextBatchId`); the cursor does so itself. */
  allowRetry?: boolean;
  /** Compute results lazily instead of all at once on the first request. */
  stream?: boolean;
  usePlanCache?: boolean;
  spillOverThresholdMemoryUsage?: number;
  spillOverThresholdNumRows?: number;
  optimizer?: { rules?: string[] };
  /** 1 (or true): phase timings in `extra.profile`; 2: also per-node stats and the plan. */
  profile?: boolean | 0 | 1 | 2;
  satelliteSyncWait?: number;
  /** Seconds after which the server kills the query. */
  maxRuntime?: number;
  maxDNFConditionMembers?: number;
  maxTransactionSize?: number;
  intermediateCommitSize?: number;
  intermediateCommitCount?: number;
  skipInaccessibleCollections?: boolean;
  // A header.
  /** Read from followers too (`x-arango-allow-dirty-read`); the server keeps it for the cursor's batches. */
  allowDirtyReads?: boolean;
}

/** Options of {@link AqlApi.explain} (`POST /_api/explain`); the query is planned, not run. */
export interface ExplainOptions {
  bindVars?: BindVars;
  /** Return every plan the optimizer built (then the result has `plans`, not `plan`). */
  allPlans?: boolean;
  /** The most plans the optimizer may create. */
  maxNumberOfPlans?: number;
  /** arangojs's name for `maxNumberOfPlans`. */
  maxPlans?: number;
  /** Plan as if `fullCount` were requested (default `false`). */
  fullCount?: boolean;
  /** Profiling level as for a run query (default `0`). */
  profile?: boolean | 0 | 1 | 2;
  /** Number of plan nodes after which execution splits the call stack. */
  maxNodesPerCallstack?: number;
  /** The most warnings returned (server default 10). */
  maxWarningCount?: number;
  /** Abort with an error on the first warning instead of collecting it. */
  failOnWarning?: boolean;
  /** Optimizer rules to enable (`+name`) or disable (`-name`, `-all`). */
  optimizer?: { rules?: string[] };
  /** Use or fill the 3.12 execution plan cache (default `false`). */
  usePlanCache?: boolean;
}

/**
 * One execution plan: its nodes (as the server describes them), the optimizer rules applied, the
 * collections and variables used, and the optimizer's estimates (cost, number of result items).
 */
export interface ExplainPlan {
  nodes: Record<string, unknown>[];
  rules: string[];
  collections: { name: string; type: string }[];
  variables: Record<string, unknown>[];
  estimatedCost: number;
  estimatedNrItems: number;
  isModificationQuery: boolean;
  [key: string]: unknown;
}

/**
 * Optimizer statistics of an explain: rules executed and skipped, plans created, peak memory (bytes)
 * and the time the optimizer took (seconds).
 */
export interface ExplainStats {
  rulesExecuted?: number;
  rulesSkipped?: number;
  plansCreated?: number;
  peakMemoryUsage?: number;
  executionTime?: number;
  [key: string]: unknown;
}

/** The answer of `explain()` without `allPlans`: the optimal plan (lowest estimated cost). */
export interface SingleExplainResult {
  plan: ExplainPlan;
  /** Whether the results cache could hold this query's result. */
  cacheable: boolean;
  warnings: QueryWarning[];
  stats: ExplainStats;
}

/** The answer of `explain()` with `allPlans: true`: every plan the optimizer created. */
export interface MultiExplainResult {
  plans: ExplainPlan[];
  warnings: QueryWarning[];
  stats: ExplainStats;
}

/**
 * The answer of {@link AqlApi.validate} (`POST /_api/query`): the query parses; the collections it
 * names, its bind parameter names and the abstract syntax tree.
 */
export interface ValidateResult {
  parsed: boolean;
  collections: string[];
  /** Names of the bind parameters the query uses (`@@` ones with a leading `@`). */
  bindVars: string[];
  ast: Record<string, unknown>[];
}

/** A running query (`GET /_api/query/current`) or a slow one (`GET /_api/query/slow`). */
export interface QueryInfo {
  id: string;
  database: string;
  user: string;
  /** The query text, possibly truncated to the tracking's `maxQueryStringLength`. */
  query: string;
  bindVars: BindVars;
  dataSources?: string[];
  /** When the query started (ISO 8601). */
  started: string;
  /** Seconds the query ran (so far, for a running query). */
  runTime: number;
  /** Peak memory in bytes (in 32 KB steps). */
  peakMemoryUsage: number;
  /** Execution state, e.g. `executing`, `finished`, `killed`. */
  state: string;
  /** Whether the query uses a streaming cursor. */
  stream: boolean;
  modificationQuery?: boolean;
  warnings?: number;
  /** Slow queries only: the query's errorNum (0 on success). */
  exitCode?: number;
  [key: string]: unknown;
}

/** Query tracking settings of a database (`/_api/query/properties`). */
export interface QueryTrackingProperties {
  /** Whether queries are tracked at all (`queries()` answers `[]` otherwise). */
  enabled: boolean;
  /** Whether slow queries are kept (needs `enabled`). */
  trackSlowQueries: boolean;
  /** Whether the tracked queries keep their bind parameters. */
  trackBindVars: boolean;
  /** Slow queries kept at most (server default 64). */
  maxSlowQueries: number;
  /** Seconds after which a regular query counts as slow. */
  slowQueryThreshold: number;
  /** Seconds after which a streaming query counts as slow. */
  slowStreamingQueryThreshold: number;
  /** Query text kept at most, in bytes (server default 4096). */
  maxQueryStringLength: number;
}

/**
 * An optimizer rule (`GET /_api/query/rules`) and its flags: hidden (internal), cluster-only, whether
 * it can be disabled or create additional plans, disabled by default, Enterprise-only.
 */
export interface QueryRule {
  name: string;
  flags: {
    hidden: boolean;
    clusterOnly: boolean;
    canBeDisabled: boolean;
    canCreateAdditionalPlans: boolean;
    disabledByDefault: boolean;
    enterpriseOnly: boolean;
  };
}

/**
 * A user-defined AQL function (`/_api/aqlfunction`): its qualified name (`NAMESPACE::NAME`), its
 * JavaScript code and whether it is declared deterministic.
 */
export interface AqlUserFunction {
  name: string;
  code: string;
  isDeterministic: boolean;
}

/** The query results cache settings (`/_api/query-cache/properties`, global for the server). */
export interface QueryCacheProperties {
  /** `off`, `on` (cache every cacheable query) or `demand` (only queries run with `cache: true`). */
  mode: 'off' | 'on' | 'demand';
  /** Results stored at most per database. */
  maxResults: number;
  /** Cumulated size of the stored results at most per database, in bytes. */
  maxResultsSize: number;
  /** Size of one stored result at most, in bytes. */
  maxEntrySize: number;
  /** Whether results of queries on system collections are stored. */
  includeSystem: boolean;
}

/** A result stored in the query results cache (`GET /_api/query-cache/entries`). */
export interface QueryCacheEntry {
  hash: string;
  query: string;
  bindVars?: BindVars;
  /** Size of the result and bind parameters, in bytes. */
  size: number;
  /** Number of documents/rows in the result. */
  results: number;
  started: string;
  /** Times the result was served from the cache. */
  hits: number;
  /** Seconds the query took. */
  runTime: number;
  dataSources: string[];
}

/**
 * An execution plan stored in the 3.12 plan cache (`GET /_api/query-plan-cache`); `bindVars` are only
 * those that shaped the plan, `memoryUsage` is in bytes, `created` an ISO 8601 time.
 */
export interface QueryPlanCacheEntry {
  hash: string;
  query: string;
  queryHash: number;
  bindVars: BindVars;
  fullCount: boolean;
  dataSources: string[];
  created: string;
  hits: number;
  memoryUsage: number;
}
