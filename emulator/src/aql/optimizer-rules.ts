/**
 * ArangoDB 3.12's optimizer rule database (OptimizerRulesFeature::addRules) and what the optimizer
 * counts when a query runs through it (Optimizer::createPlans), for `/_api/query/rules` and the
 * `stats` of `/_api/explain`.
 *
 * The single-server rules, their order (by rule level) and flags are those the 3.12.10 server
 * answers in the RestQueryRules transcript, less the Enterprise-only `late-materialization-offset-info`
 * (the emulator is a Community Edition server, whose build does not register it). Cluster-only
 * rules are registered on coordinators only (registerRule drops them elsewhere); they sit at the
 * places OptimizerRule::RuleLevel gives them, Enterprise-only ones left out again.
 */
import type { Plan, PlanNode } from './plan.js';

export interface RuleFlags {
  hidden: boolean;
  clusterOnly: boolean;
  canBeDisabled: boolean;
  canCreateAdditionalPlans: boolean;
  disabledByDefault: boolean;
  enterpriseOnly: boolean;
}

export interface OptimizerRule {
  name: string;
  description: string;
  flags: RuleFlags;
}

type Flag = 'hidden' | 'cluster' | 'fixed' | 'plans' | 'off';

/** Rule name, flags in short (`fixed`: cannot be disabled, `off`: disabled by default, `plans`: can create additional plans), description (ours). */
const TABLE: [string, Flag[], string][] = [
  ['replace-function-with-index', ['fixed'], 'Rewrite the legacy index functions (FULLTEXT, NEAR, WITHIN, WITHIN_RECTANGLE) into subqueries over an index.'],
  ['inline-subqueries', [], 'Merge a subquery into the outer query where that keeps the result.'],
  ['replace-like-with-range', ['fixed'], 'Turn a LIKE with a constant prefix into an index range.'],
  ['replace-entries-with-object-iteration', [], 'Iterate over an object directly instead of over ENTRIES() of it.'],
  ['simplify-conditions', [], 'Replace parts of calculation expressions with simpler equivalents.'],
  ['move-calculations-up', [], 'Evaluate calculations as early as their inputs allow.'],
  ['move-filters-up', [], 'Apply filters as early as their inputs allow.'],
  ['remove-redundant-calculations', [], 'Compute identical expressions once.'],
  ['remove-unnecessary-filters', [], 'Drop filters that are always true.'],
  ['remove-unnecessary-calculations', [], 'Drop calculations whose results are never used.'],
  ['specialize-collect', ['hidden', 'fixed', 'plans'], 'Pick the kind of COLLECT implementation to use.'],
  ['remove-redundant-sorts', [], 'Drop sorts made unnecessary by a later sort.'],
  ['optimize-subqueries', [], 'Stop subqueries early when only part of their result is used.'],
  ['interchange-adjacent-enumerations', ['plans'], 'Try nested loops in other orders (creates additional plans).'],
  ['move-calculations-up-2', [], 'Second pass of evaluating calculations as early as possible.'],
  ['move-filters-up-2', [], 'Second pass of applying filters as early as possible.'],
  ['replace-equal-attribute-accesses', ['off'], 'Use one value for attribute accesses a filter makes equal.'],
  ['remove-redundant-sorts-2', [], 'Second pass of dropping redundant sorts.'],
  ['remove-sort-rand-limit-1', [], 'Drop SORT RAND() in front of LIMIT 1.'],
  ['remove-collect-variables', [], 'Drop COLLECT INTO variables and aggregates nobody reads.'],
  ['propagate-constant-attributes', [], 'Carry constant attribute values across joins.'],
  ['remove-data-modification-out-variables', [], 'Do not build OLD and NEW when nothing reads them.'],
  ['replace-or-with-in', [], 'Turn OR-ed equality tests on one attribute into IN.'],
  ['replace-any-eq-with-in', [], 'Turn ANY == array comparisons into IN.'],
  ['remove-redundant-or', [], 'Merge OR-ed conditions on one attribute.'],
  ['geo-index-optimizer', [], 'Answer distance filters and sorts from a geo index.'],
  ['use-vector-index', [], 'Answer nearest-neighbour sorts from a vector index.'],
  ['push-filter-into-enumerate-near', ['hidden', 'fixed', 'off'], 'Move filters into a vector-index lookup.'],
  ['materialize-for-enumerate-near', ['hidden', 'fixed'], 'Fetch the documents a vector-index lookup found.'],
  ['use-indexes', [], 'Read collections through indexes that match the filters.'],
  ['remove-filter-covered-by-index', [], 'Drop filter conditions an index already guarantees.'],
  ['remove-unnecessary-filters-2', [], 'Second pass of dropping filters that are always true.'],
  ['use-index-for-sort', [], 'Let a sorted index deliver the sort order.'],
  ['sort-in-values', [], 'Sort the values of an IN list for faster lookups.'],
  ['optimize-traversal-last-element-access', [], 'Read the last vertex or edge of a path from the traversal variables.'],
  ['optimize-traversals', [], 'Push filters and projections into traversals.'],
  ['optimize-enumerate-path-filters', [], 'Push filters on a path variable into the path search.'],
  ['optimize-paths', [], 'Skip loading vertices a path search does not need.'],
  ['remove-filter-covered-by-traversal', [], 'Drop filter conditions a traversal already applies.'],
  ['handle-arangosearch-views', ['fixed'], 'Move search conditions and scorers into View access.'],
  ['arangosearch-constrained-sort', [], 'Let a View apply SORT with LIMIT itself.'],
  ['remove-unnecessary-calculations-2', [], 'Second pass of dropping unused calculations.'],
  ['remove-redundant-path-var', [], 'Do not build traversal path variables nobody reads.'],
  ['optimize-cluster-single-document-operations', ['cluster'], 'Let a coordinator handle a single-document operation directly.'],
  ['optimize-cluster-multiple-document-operations', ['cluster'], 'Send a constant batch of inserts to the shards in one go.'],
  ['move-calculations-down', [], 'Evaluate calculations as late as possible, after filters and limits.'],
  ['fuse-filters', [], 'Combine adjacent filters into one.'],
  ['distribute-in-cluster', ['cluster', 'fixed'], 'Send writes to the shards that hold the documents.'],
  ['scatter-in-cluster', ['cluster', 'fixed'], 'Spread reads over the shards of a collection.'],
  ['distribute-filtercalc-to-cluster', ['cluster'], 'Run filters and calculations on the DB-Servers.'],
  ['distribute-sort-to-cluster', ['cluster'], 'Sort on the DB-Servers and merge on the coordinator.'],
  ['move-filters-into-enumerate', [], 'Check filters while enumerating, before copying documents.'],
  ['remove-unnecessary-calculations-3', ['hidden', 'off'], 'Third pass of dropping unused calculations.'],
  ['remove-unnecessary-remote-scatter', ['cluster'], 'Keep coordinator-only work off the DB-Servers.'],
  ['undistribute-remove-after-enum-coll', ['cluster'], 'Remove documents on the shard that enumerates them.'],
  ['collect-in-cluster', ['cluster'], 'Aggregate on the DB-Servers first.'],
  ['sort-limit', [], 'Keep only the top results while sorting under a LIMIT.'],
  ['reduce-extraction-to-projection', [], 'Read only the attributes the query uses.'],
  ['restrict-to-single-shard', ['cluster'], 'Send an operation only to the shard its shard key selects.'],
  ['optimize-count', [], 'Count a subquery’s documents without building its result.'],
  ['parallelize-gather', ['cluster'], 'Gather results from the shards in parallel.'],
  ['decay-unnecessary-sorted-gather', ['cluster'], 'Skip merge-sorting what comes from a single shard.'],
  ['late-document-materialization-arangosearch', [], 'Fetch documents found in a View only after sorting and limiting.'],
  ['late-document-materialization', [], 'Fetch full documents only after sorting and limiting.'],
  ['push-limit-into-index', [], 'Stop an index scan once a LIMIT is reached.'],
  ['batch-materialize-documents', [], 'Fetch documents from indexes in batches.'],
  ['join-index-nodes', [], 'Join adjacent index lookups into one node.'],
  ['use-index-for-collect', [], 'Answer a COLLECT from a sorted index.'],
  ['push-down-late-materialization', [], 'Move late document fetches further down the plan.'],
  ['materialize-into-separate-variable', ['fixed'], 'Give late-materialized documents a variable of their own.'],
  ['optimize-projections', [], 'Drop unused projections and keep projected values in registers.'],
  ['remove-unnecessary-calculations-4', [], 'Final pass of dropping unused calculations.'],
  ['async-prefetch', [], 'Let nodes fetch their next input while the caller works.'],
  ['immutable-search-condition', [], 'Cache the results of a search condition that does not change in a loop.'],
  ['splice-subqueries', ['fixed'], 'Run subqueries inline in the main pipeline.'],
];

const RULES: OptimizerRule[] = TABLE.map(([name, f, description]) => ({
  name,
  description,
  flags: {
    hidden: f.includes('hidden'), clusterOnly: f.includes('cluster'), canBeDisabled: !f.includes('fixed'),
    canCreateAdditionalPlans: f.includes('plans'), disabledByDefault: f.includes('off'), enterpriseOnly: false,
  },
}));

/** The rules a server registers: cluster-only ones on coordinators only. */
export function registeredRules(coordinator: boolean): OptimizerRule[] {
  return RULES.filter((r) => coordinator || !r.flags.clusterOnly);
}

export interface RuleRun {
  /** Rules run on the plan, in order (hidden ones included: they are timed too). */
  ran: string[];
  /** Optimizer::Stats: non-hidden rules run (reruns counted again) and skipped. */
  rulesExecuted: number;
  rulesSkipped: number;
}

/**
 * What Optimizer::createPlans counts for one plan: a rule that is enabled runs (and counts as
 * executed unless hidden); one that is disabled is skipped, and counts as skipped unless hidden
 * or a disabled-by-default rule nobody enabled. `optimizer.rules` applies in order as in
 * Optimizer::initializeRules: `-name` / `-all` disable what can be disabled, `+name` / `+all`
 * enable (`+all` leaves disabled-by-default rules alone); unknown names are ignored.
 *
 * A rule that changed the plan may ask to run again on it (Optimizer::addPlanAndRerun):
 * removeUnnecessaryCalculationsRule does when it removed calculations and others remain, so
 * `remove-unnecessary-calculations-2` (the one of those passes the emulator applies, plan.ts)
 * counts twice then.
 */
export function ruleRun(plan: Pick<Plan, 'rules' | 'nodes'>, optimizerRules: readonly string[], coordinator: boolean): RuleRun {
  const rules = registeredRules(coordinator);
  const enabled = new Map(rules.map((r) => [r.name, !r.flags.disabledByDefault]));
  for (const entry of optimizerRules) {
    if (entry === '') continue;
    const on = !entry.startsWith('-');
    const name = entry.replace(/^[-+]/, '');
    for (const r of rules) {
      if (name !== 'all' && name !== r.name) continue;
      if (on) {
        if (name !== 'all' || !r.flags.disabledByDefault) enabled.set(r.name, true);
      } else if (r.flags.canBeDisabled) {
        enabled.set(r.name, false);
      }
    }
  }
  const ran: string[] = [];
  let rulesExecuted = 0;
  let rulesSkipped = 0;
  const rerun = (name: string): boolean => name === 'remove-unnecessary-calculations-2' && plan.rules.includes(name) && hasCalculations(plan.nodes);
  for (const r of rules) {
    if (enabled.get(r.name) !== true) {
      if (!r.flags.hidden && !r.flags.disabledByDefault) rulesSkipped++;
      continue;
    }
    const times = rerun(r.name) ? 2 : 1;
    for (let i = 0; i < times; i++) ran.push(r.name);
    if (!r.flags.hidden) rulesExecuted += times;
  }
  return { ran, rulesExecuted, rulesSkipped };
}

/** Whether calculations or subqueries are left: the nodes removeUnnecessaryCalculationsRule looks at. */
function hasCalculations(nodes: readonly PlanNode[]): boolean {
  return nodes.some((n) => n['type'] === 'CalculationNode' || n['type'] === 'SubqueryNode');
}
