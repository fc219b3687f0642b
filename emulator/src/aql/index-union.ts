/**
 * The FOR over a collection that reads an OR through one index lookup per branch
 * (or-index-choice.ts): the branches in turn, each document once per input row, as IndexExecutor
 * does with several cursors (checkUniqueness; its set is reset for each input row). The FILTER
 * after it still runs, so a dropped index only costs the lookup: the rest of the query scans.
 */
import type { Expr, Value } from './ast.js';
import { PAUSE, type CExpr, type CompileEnv, type Stage } from './compile-env.js';
import { lookupOf, type SortedLookup } from './index-choice.js';

/** `compile` is expressions.ts compileExpr, passed in so that this module stays out of the compiler's import cycle. */
export function compileIndexUnion(
  branches: readonly SortedLookup[], name: string, slot: number, env: CompileEnv, compile: (e: Expr, env: CompileEnv) => CExpr,
): Stage {
  const ctx = env.ctx;
  const valueEs = new Map<Expr, CExpr>();
  for (const b of branches) {
    for (const e of [...b.eq.map((q) => q.expr), b.lower?.expr, b.upper?.expr]) if (e) valueEs.set(e, compile(e, env));
  }
  return function* forIndexUnion(input) {
    for (const r of input) {
      if (r === PAUSE) { yield r; continue; }
      if (ctx.hidden.has(name)) continue;
      const coll = ctx.db.collection(name);
      const indexes = branches.map((b) => coll.indexes?.find((i) => i.id === b.index.id));
      const readable = coll.indexScan !== undefined && indexes.every((i) => i !== undefined);
      const seen = new Set<string>();
      const lookups = readable
        ? branches.map((b, i) => () => coll.indexScan?.(indexes[i] as NonNullable<(typeof indexes)[number]>, lookupOf(b, (e) => (valueEs.get(e) as CExpr)(r)), ctx.tx) ?? [])
        : [() => coll.all(ctx.tx)];
      for (const read of lookups) {
        for (const doc of read()) {
          if (seen.has(doc._key)) continue;
          seen.add(doc._key);
          if (readable) ctx.stats.scannedIndex++;
          else ctx.stats.scannedFull++;
          const nr = r.slice();
          nr[slot] = doc as Value;
          yield nr;
          if (ctx.tick()) yield PAUSE;
        }
      }
    }
  };
}
