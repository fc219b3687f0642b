/**
 * What still differs between the emulator and ArangoDB 3.12.10's recorded answers, by exchange
 * (`Example (deployment)#i`), and why. `top`: status, top-level keys or errorNum differ; `nested`:
 * only nested keys do. transcripts-3.12.test.ts fails on an unlisted difference and on a stale entry.
 */
export interface Difference {
  level: 'top' | 'nested';
  reason: string;
}

const R = {
  jsTransaction: 'JavaScript transactions (POST /_api/transaction with an `action`) need a JavaScript engine: the emulator answers 501 / 9 (out of scope, issue 19)',
  enterprise: 'Enterprise Edition only (the recording is from an Enterprise server): SmartGraph/SatelliteGraph attributes and licence answers are not the Community Edition the emulator reports',
  replayOrder: 'the docs build ran this example after others that left state behind (tokens, collections such as `animals` and `demo`) or before the example that removed it; the replay runs each example from its own setup',
  noV8: 'per-V8-context statistics: the emulator has no JavaScript engine, so there are no contexts to describe',
  asyncPrefetch: 'the async-prefetch optimizer rule: 3.12 marks nodes `isAsyncPrefetchEnabled` (they fetch their next batch on another thread while the caller works); the emulator runs a query on one thread and pulls rows on demand, so it neither applies nor lists the rule (plan.ts)',
  persistentIndex: 'index use beyond a FILTER right after its FOR: 3.12 first moves `LET a = p.id FILTER a == 4` next to the loop and answers it and `SORT p.id` from the persistent index (use-indexes, use-index-for-sort), reading only the projected attributes (reduce-extraction-to-projection); the emulator uses an index only for a FILTER directly after the FOR (index-choice.ts) and never for SORT, so its plan keeps the collection scan, the FILTER and the SORT',
  buildDetails: 'build details of the recorded Enterprise binary (enterprise-version, CPU flags, library versions): Enterprise-only or facts of a real build the emulator has no honest value for',
} as const;

export const DIFFERENCES: Record<string, Difference> = {
  'HttpGharialCreateDisjointSmart (single)#0': { level: 'nested', reason: R.enterprise },
  'HttpGharialCreateEnterprise (single)#0': { level: 'nested', reason: R.enterprise },
  'HttpGharialCreateSatellite (single)#0': { level: 'nested', reason: R.enterprise },
  'HttpGharialCreateSmart (single)#0': { level: 'nested', reason: R.enterprise },
  'HttpGharialCreateSmartWithSatellites (single)#0': { level: 'nested', reason: R.enterprise },
  'job_getStatusById_02 (single)#1': { level: 'top', reason: R.jsTransaction },
  'RestAccessTokenList (single)#0': { level: 'nested', reason: R.replayOrder },
  'RestAdminLicenseGet (cluster)#0': { level: 'top', reason: R.enterprise },
  'RestAdminStatistics1 (single)#0': { level: 'nested', reason: R.noV8 },
  'RestCursorProfileQuery (single)#0': { level: 'nested', reason: R.asyncPrefetch },
  'RestExplainAllPlans (single)#0': { level: 'nested', reason: R.asyncPrefetch },
  'RestExplainEmpty (single)#0': { level: 'nested', reason: R.asyncPrefetch },
  'RestExplainOptimizerRules (single)#0': { level: 'nested', reason: R.persistentIndex },
  'RestExplainOptions (single)#0': { level: 'nested', reason: R.persistentIndex },
  'RestExplainValid (single)#0': { level: 'nested', reason: R.asyncPrefetch },
  'RestExplainWarning (single)#0': { level: 'nested', reason: R.asyncPrefetch },
  'RestFetchUserDatabaseListFull (single)#0': { level: 'nested', reason: R.replayOrder },
  'RestTransactionAbort (single)#0': { level: 'top', reason: R.jsTransaction },
  'RestTransactionAbortInternal (single)#0': { level: 'top', reason: R.jsTransaction },
  'RestTransactionMulti (single)#0': { level: 'top', reason: R.jsTransaction },
  'RestTransactionSingle (single)#0': { level: 'top', reason: R.jsTransaction },
  'RestVersionDetails (single)#0': { level: 'nested', reason: R.buildDetails },
};
