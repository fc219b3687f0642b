import type { Expr, Statement, Value } from './ast.js';
import { compare, toBool, valueKey } from './compare.js';
import { AqlError } from './errors.js';
import { SLOT_BYTES } from './context.js';
import { isConstantExpr } from './constant.js';
import {
  checkReadAfterWrite, collectionNameOf, NO_CONSTANTS, PAUSE, requireDataSource, slotOf, sortCooperatively, type CExpr, type CompileEnv, type Item, type Row, type Stage,
} from './compile-env.js';
import { assertNever, compileExpr, rangeBounds } from './expressions.js';
import { compileCollect, compileWindow } from './collect.js';
import { compileWrite } from './modify.js';
import { compileGraphStatement } from './graph.js';
import { compileSearch } from './search.js';
import { mayBeBig, resumable } from './resumable.js';
import { sortAfter } from './sort-condition.js';
import { conditionFilters } from './condition-finder.js';
import { chooseIndex, hintJson, hintOf, lookupKeys, lookupOf, primaryKeyLookup, type ConstantOf, type IndexChoice } from './index-choice.js';
import { compileIndexUnion } from './index-union.js';
import type { QueryProfiler, RowStep, StageTrace } from './profile.js';
import type { Doc } from '../store/types.js';

/**
 * Compiles a (sub)query body into a function from the starting row to its results. With `top`
 * the body is the main query (its last LIMIT may report fullCount).
 */
export function compileBody(body: Statement[], env: CompileEnv, top: boolean): (start: Row) => Iterable<Value | typeof PAUSE> {
  const stages: Stage[] = [];
  // with profile 2: what each stage runs, kept in step with `stages` (profile.ts)
  const prof = env.profiler;
  const trace = prof?.body(body);
  const owners: StageOwner[] = [];
  let ret: Extract<Statement, { kind: 'return' }> | undefined;
  if (top) {
    const limits = body.filter((s) => s.kind === 'limit');
    const last = limits[limits.length - 1];
    if (last) env.fullCountLimit = last;
  }
  for (let i = 0; i < body.length; i++) {
    const s = body[i] as Statement;
    const hoisted = hoistSubqueries(s, env);
    stages.push(...hoisted);
    for (let h = 0; h < hoisted.length; h++) owners.push({ role: 'hoisted', statements: [s] });
    if (s.kind === 'return') {
      ret = s;
      break;
    }
    const st = s.kind === 'for' ? compileFor(s, env, body.slice(i + 1), body.slice(0, i).some(isLoop)) : compileStatement(s, env);
    const steps = prof ? ROW_STEPS.get(st) : undefined;
    if (prof && steps) {
      // counted step by step, before fusing hides where one statement ends
      stages.push(rowStages(env.ctx, steps.map((f) => prof.step(f, s))));
      owners.push({ role: 'steps', statements: [s] });
    } else {
      stages.push(st);
      owners.push({ role: 'statement', statements: [s] });
    }
  }
  fuseRowStages(stages, env, prof ? owners : undefined);
  // a RETURN expression over big values runs resumably (resumable.ts), others as a closure
  const retGen = ret ? resumable(ret.expr, env) : undefined;
  let retExpr = ret && !retGen ? compileExpr(ret.expr, env) : undefined;
  if (prof && ret && retExpr) retExpr = prof.expr(retExpr, ret);
  const distinct = ret?.distinct ?? false;
  const ctx = env.ctx;
  const stageTraces = prof && trace ? owners.map((o) => prof.stage(trace, o.role, o.statements)) : undefined;
  const returnTrace = prof && trace ? prof.stage(trace, 'return', ret ? [ret] : []) : undefined;
  function* run(start: Row): Iterable<Value | typeof PAUSE> {
    let stream: Iterable<Item> = [start];
    if (stageTraces) {
      (trace as NonNullable<typeof trace>).runs++;
      stages.forEach((st, i) => { stream = (prof as QueryProfiler).traced(st(stream, start), stageTraces[i] as StageTrace); });
    } else {
      for (const st of stages) stream = st(stream, start);
    }
    const seen = distinct ? new Set<string>() : undefined;
    try {
      for (const item of stream) {
        if (item === PAUSE) {
          yield PAUSE;
          continue;
        }
        let v: Value;
        if (retExpr) v = retExpr(item);
        else if (retGen) v = yield* retGen(item);
        else continue; // a write without RETURN produces nothing
        if (seen) {
          const k = valueKey(v);
          if (seen.has(k)) continue;
          seen.add(k);
          ctx.hold(SLOT_BYTES + k.length);
        }
        yield v;
        if (ctx.pause) yield PAUSE;
      }
    } finally {
      if (seen) for (const k of seen) ctx.release(SLOT_BYTES + k.length);
    }
  }
  return returnTrace ? (start) => (prof as QueryProfiler).traced(run(start), returnTrace) : run;
}

interface StageOwner {
  role: 'statement' | 'hoisted' | 'steps';
  statements: Statement[];
}

// ---------------------------------------------------------------------------------------------
// row stages

const ROW_STEPS = new WeakMap<Stage, RowStep[]>();

function rowStage(ctx: CompileEnv['ctx'], step: RowStep): Stage {
  return rowStages(ctx, [step]);
}

function rowStages(ctx: CompileEnv['ctx'], steps: RowStep[]): Stage {
  const st: Stage = function* rows(input) {
    for (const r of input) {
      if (r === PAUSE) { yield r; continue; }
      let out: Row | undefined = r;
      for (let i = 0; i < steps.length && out !== undefined; i++) out = (steps[i] as RowStep)(out);
      if (out !== undefined) yield out;
      if (ctx.pause) yield PAUSE;
    }
  };
  ROW_STEPS.set(st, steps);
  return st;
}

/**
 * Runs adjacent FILTERs and LETs as one stage. Each stage is a generator pulling from the one
 * before, so a query of thousands of statements (ArangoDB allows plans of up to 4000 nodes,
 * plan-limits.ts) would otherwise nest that many generators on the call stack for every row.
 */
function fuseRowStages(stages: Stage[], env: CompileEnv, owners?: StageOwner[]): void {
  for (let i = stages.length - 1; i > 0; i--) {
    const a = ROW_STEPS.get(stages[i - 1] as Stage);
    const b = ROW_STEPS.get(stages[i] as Stage);
    if (a && b) {
      stages.splice(i - 1, 2, rowStages(env.ctx, [...a, ...b]));
      owners?.splice(i - 1, 2, { role: 'steps', statements: [...(owners[i - 1] as StageOwner).statements, ...(owners[i] as StageOwner).statements] });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// subqueries

/**
 * Subqueries in a statement's expressions run as a stage of their own before the statement, the
 * way ArangoDB's parser turns each into a LET of a temporary variable (a SubqueryNode ahead of
 * the node that uses it). Unlike a subquery evaluated inside an expression, such a stage passes
 * PAUSE on, so a long subquery lets the event loop (and other coordinators) run and can be
 * killed. Subqueries whose evaluation is conditional (a ternary branch, the right side of AND /
 * OR, UPSERT's INSERT and UPDATE) or that see variables of an inline expression (`[* RETURN …]`,
 * PRUNE, UPSERT's OLD) stay inside their expression.
 */
function hoistSubqueries(s: Statement, env: CompileEnv): Stage[] {
  const found: Extract<Expr, { kind: 'subquery' }>[] = [];
  const walk = (e: Expr | undefined): void => {
    if (!e) return;
    switch (e.kind) {
      case 'subquery': found.push(e); return;
      case 'array': e.elements.forEach(walk); return;
      case 'object': for (const en of e.entries) { if (typeof en.key !== 'string') walk(en.key); walk(en.value); } return;
      case 'attr': walk(e.object); return;
      case 'index': walk(e.object); walk(e.index); return;
      case 'expand': walk(e.object); return;
      case 'unary': walk(e.operand); return;
      case 'binary': walk(e.left); if (e.op !== 'AND' && e.op !== 'OR') walk(e.right); return;
      case 'arrayCmp': walk(e.left); walk(e.right); return;
      case 'ternary': walk(e.cond); return;
      case 'range': walk(e.from); walk(e.to); return;
      case 'call': if (e.name !== 'NOOPT' && e.name !== 'PASSTHRU') e.args.forEach(walk); return;
      default: return;
    }
  };
  switch (s.kind) {
    case 'for': if (s.source.kind !== 'collection' && !(s.source.kind === 'bind' && s.source.collection)) walk(s.source); break;
    case 'filter': walk(s.cond); break;
    case 'let': case 'return': walk(s.expr); break;
    case 'sort': for (const it of s.items) walk(it.expr); break;
    case 'collect':
      for (const g of s.groups) walk(g.expr);
      for (const a of s.aggregates) a.args.forEach(walk);
      walk(s.into?.expr);
      break;
    case 'insert': walk(s.doc); break;
    case 'update': case 'replace': walk(s.key); walk(s.doc); break;
    case 'remove': walk(s.key); break;
    case 'upsert': walk(s.search); break; // INSERT runs only when nothing matched
    default: break;
  }
  return found.map((sq) => {
    const run = compileBody(sq.body, env, false);
    const slot = slotOf(env, `\u0000subquery${(env.hoisted ??= new Map()).size}`);
    env.hoisted.set(sq, slot);
    const ctx = env.ctx;
    return function* subquery(input) {
      for (const r of input) {
        if (r === PAUSE) { yield r; continue; }
        const out: Value[] = [];
        try {
          for (const v of run(r)) {
            if (v === PAUSE) { yield PAUSE; continue; }
            out.push(v);
            ctx.hold(SLOT_BYTES);
          }
        } finally {
          ctx.release(out.length * SLOT_BYTES);
        }
        ctx.account(out.length * SLOT_BYTES);
        const nr = r.slice();
        nr[slot] = out;
        yield nr;
      }
    };
  });
}


function compileStatement(s: Statement, env: CompileEnv): Stage {
  const ctx = env.ctx;
  switch (s.kind) {
    case 'with': {
      for (const c of s.collections) requireDataSource(env, collectionNameOf(env, c));
      return (input) => input;
    }
    case 'for': return compileFor(s, env);
    case 'traversal':
    case 'shortestPath':
      return compileGraphStatement(s, env);
    case 'filter': {
      const heavy = resumable(s.cond, env);
      if (heavy) {
        return function* filterResumable(input) {
          for (const r of input) {
            if (r === PAUSE) { yield r; continue; }
            if (toBool(yield* heavy(r))) yield r;
            else ctx.stats.filtered++;
            if (ctx.pause) yield PAUSE;
          }
        };
      }
      const cond = timedOperand(compileExpr(s.cond, env), env, s);
      if (isConstantExpr(s.cond, env.constants ?? NO_CONSTANTS) && !toBool(cond([]))) {
        // ExecutionPlan::fromNodeFilter makes a constant false FILTER a NoResultsNode, which never
        // asks its input for rows: nothing before it runs (no scans, no filtered count)
        return function* noResults() {};
      }
      return rowStage(ctx, (r) => {
        if (toBool(cond(r))) return r;
        ctx.stats.filtered++;
        return undefined;
      });
    }
    case 'let': {
      const slot = slotOf(env, s.variable);
      const heavy = resumable(s.expr, env);
      if (heavy) {
        if (mayBeBig(s.expr, env)) (env.bigVars ??= new Set()).add(s.variable);
        // computed while the query runs, so it is not a compile-time constant even when constant
        return function* letResumable(input) {
          for (const r of input) {
            if (r === PAUSE) { yield r; continue; }
            const nr = r.slice();
            nr[slot] = yield* heavy(r);
            if (ctx.pause) yield PAUSE;
            yield nr;
          }
        };
      }
      if (mayBeBig(s.expr, env)) (env.bigVars ??= new Set()).add(s.variable);
      const f = compileExpr(s.expr, env);
      // a constant LET is folded (f returns the value without side effects); references use the value
      if (!env.noFold && isConstantExpr(s.expr, env.constants ?? NO_CONSTANTS)) (env.constants ??= new Map()).set(s.variable, f([]));
      return rowStage(ctx, (r) => {
        const nr = r.slice();
        nr[slot] = f(r);
        return nr;
      });
    }
    case 'sort': {
      // the FOR before it reads an index in this order already
      if (env.sortsByIndex?.has(s)) return (input) => input;
      const keys = s.items.map((i) => {
        const g = resumable(i.expr, env);
        return { g, f: g ? undefined : timedOperand(compileExpr(i.expr, env), env, s), dir: i.asc ? 1 : -1 };
      });
      const resumableKeys = keys.some((k) => k.g !== undefined);
      return function* sort(input) {
        let rows: { r: Row; k: Value[] }[] = [];
        let bytes = 0;
        try {
          for (const r of input) {
            if (r === PAUSE) { yield r; continue; }
            let k: Value[];
            if (resumableKeys) {
              k = [];
              for (const key of keys) k.push(key.g ? yield* key.g(r) : (key.f as CExpr)(r));
            } else {
              k = keys.map((key) => (key.f as CExpr)(r));
            }
            rows.push({ r, k });
            // the row and its sort keys stay until the SORT is done
            const b = SLOT_BYTES * (r.length + keys.length + 2);
            bytes += b;
            ctx.hold(b);
          }
          rows = yield* sortCooperatively(rows, (a, b) => {
            for (let i = 0; i < keys.length; i++) {
              const c = compare(a.k[i] as Value, b.k[i] as Value);
              if (c !== 0) return c * (keys[i] as { dir: number }).dir;
            }
            return 0;
          }, ctx);
          for (const x of rows) {
            yield x.r;
            if (ctx.tick()) yield PAUSE;
          }
        } finally {
          ctx.release(bytes);
        }
      };
    }
    case 'limit': {
      const off = limitValue(s.offset, env, 'offset');
      const cnt = limitValue(s.count, env, 'count');
      const isFull = env.fullCountLimit === s;
      return function* limit(input) {
        const counting = isFull && ctx.fullCountWanted;
        let seen = 0;
        for (const r of input) {
          if (r === PAUSE) { yield r; continue; }
          seen++;
          if (seen > off && seen <= off + cnt) {
            yield r;
            // the last row wanted: nothing more is pulled from before (as a LimitExecutor asks for no more)
            if (seen === off + cnt && !counting) break;
          } else if (seen > off + cnt && !counting) break;
        }
        if (counting) ctx.stats.fullCount = seen;
      };
    }
    case 'collect': return compileCollect(s, env);
    case 'window': return compileWindow(s, env);
    case 'return':
      throw AqlError.unsupported('RETURN in the middle of a query');
    case 'insert': case 'update': case 'replace': case 'remove': case 'upsert':
      return compileWrite(s, env);
  }
  return assertNever(s as never);
}

/** With profile 2, an operand timed for its statement's CalculationNode (profile.ts). */
function timedOperand(f: CExpr, env: CompileEnv, s: Statement): CExpr {
  return env.profiler ? env.profiler.expr(f, s) : f;
}

/**
 * A LIMIT offset or count, fixed before the query runs as in ExecutionPlan::fromNodeLimit: a
 * constant number (fractions truncated), `null` for the default (0 / unbounded); anything
 * else is 400/1504 with ArangoDB's message, raised while the plan is instantiated.
 */
function limitValue(e: Expr, env: CompileEnv, which: 'offset' | 'count'): number {
  if (!isConstantExpr(e, env.constants ?? NO_CONSTANTS)) {
    throw AqlError.of(400, 'ERROR_QUERY_NUMBER_OUT_OF_RANGE', 'AQL: LIMIT offset/count values must be constant numeric values (while instantiating plan)');
  }
  const v = compileExpr(e, env)([]);
  if (v === null) return which === 'offset' ? 0 : Infinity;
  const n = typeof v === 'number' ? Math.trunc(v) : NaN;
  if (!(n >= 0)) {
    throw AqlError.of(400, 'ERROR_QUERY_NUMBER_OUT_OF_RANGE', `AQL: LIMIT ${which} value is not a number or out of range (while instantiating plan)`);
  }
  return n;
}

/** Documents in the order of sort elements (attribute paths), for an index that has gone away. */
function sortedByElements(docs: Iterable<Doc>, elements: readonly { path: string[]; asc: boolean }[]): Doc[] {
  const at = (d: Doc, path: readonly string[]): Value => {
    let cur: unknown = d;
    for (const p of path) cur = cur !== null && typeof cur === 'object' && !Array.isArray(cur) ? (cur as Record<string, unknown>)[p] : undefined;
    return (cur ?? null) as Value;
  };
  return [...docs].sort((a, b) => {
    for (const e of elements) {
      const c = compare(at(a, e.path), at(b, e.path));
      if (c !== 0) return e.asc ? c : -c;
    }
    return 0;
  });
}

/** Statements that emit rows per input row: a FOR after one runs in an inner loop (ExecutionNode::isInInnerLoop). */
function isLoop(s: Statement): boolean {
  return s.kind === 'for' || s.kind === 'traversal' || s.kind === 'shortestPath';
}

function compileFor(s: Extract<Statement, { kind: 'for' }>, env: CompileEnv, rest: readonly Statement[] = [], innerLoop = false): Stage {
  const ctx = env.ctx;
  const slot = slotOf(env, s.variable);
  const src = s.source;
  if (src.kind === 'collection' || (src.kind === 'bind' && src.collection)) {
    const name = collectionNameOf(env, src);
    const kind = requireDataSource(env, name);
    checkReadAfterWrite(env, name);
    if (kind === 'view') return compileSearch(s, name, slot, env);
    if (s.search) {
      throw AqlError.parsing(400, 'ERROR_QUERY_PARSE', `AQL: SEARCH needs a view, '${name}' is a collection`);
    }
    const choice = indexChoiceFor(s, name, env, rest, innerLoop);
    (env.indexChoices ??= new Map()).set(s, choice ?? null);
    if (choice?.kind === 'sorted' && choice.union) return compileIndexUnion(choice.union, name, slot, env, compileExpr);
    if (choice?.kind === 'sorted') {
      const sorted = choice;
      const valueEs = new Map<Expr, CExpr>();
      for (const e of [...sorted.eq.map((q) => q.expr), sorted.lower?.expr, sorted.upper?.expr]) if (e) valueEs.set(e, compileExpr(e, env));
      return function* forSortedIndex(input) {
        for (const r of input) {
          if (r === PAUSE) { yield r; continue; }
          if (ctx.hidden.has(name)) continue;
          const coll = ctx.db.collection(name);
          const index = coll.indexes?.find((i) => i.id === sorted.index.id);
          // dropped while a streaming cursor runs: every document, which the FILTER (still run) sorts out
          let docs = index && coll.indexScan ? coll.indexScan(index, lookupOf(sorted, (e) => (valueEs.get(e) as CExpr)(r)), ctx.tx) : coll.all(ctx.tx);
          // a reverse iteration visits the entries (value tuples, then keys) backwards
          if (index && sorted.order?.ascending === false) docs = [...docs].reverse();
          // without the index, the SORT it replaced still has to happen
          else if (!index && sorted.order?.removes) docs = sortedByElements(docs, sorted.order.elements);
          for (const doc of docs) {
            if (index) ctx.stats.scannedIndex++;
            else ctx.stats.scannedFull++;
            const nr = r.slice();
            nr[slot] = doc as Value;
            yield nr;
            if (ctx.tick()) yield PAUSE;
          }
        }
      };
    }
    const lookup = choice?.kind === 'primary' ? choice.terms : undefined;
    if (lookup) {
      const keyEs = lookup.map((t) => compileExpr(t.expr, env));
      const primary = choice as Extract<IndexChoice, { kind: 'primary' }>;
      const descending = primary.order?.ascending === false;
      return function* forPrimaryKey(input) {
        for (const r of input) {
          if (r === PAUSE) { yield r; continue; }
          if (ctx.hidden.has(name)) continue;
          const coll = ctx.db.collection(name);
          // the primary index keeps keys in byte order (RocksDB's bytewise comparator), not AQL's string order
          const keys = primary.scan ? Array.from(coll.all(ctx.tx), (d) => (d as { _key: string })._key).sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)) : lookupKeys(lookup, keyEs.map((e) => e(r)), name);
          if (descending) keys.reverse();
          for (const k of keys) {
            const doc = coll.get(k, ctx.tx);
            if (!doc) continue;
            ctx.stats.scannedIndex++;
            const nr = r.slice();
            nr[slot] = doc as Value;
            yield nr;
            if (ctx.tick()) yield PAUSE;
          }
        }
      };
    }
    return function* forCollection(input) {
      for (const r of input) {
        if (r === PAUSE) { yield r; continue; }
        if (ctx.hidden.has(name)) continue;
        const coll = ctx.db.collection(name);
        for (const doc of coll.all(ctx.tx)) {
          ctx.stats.scannedFull++;
          const nr = r.slice();
          nr[slot] = doc as Value;
          yield nr;
          if (ctx.tick()) yield PAUSE;
        }
      }
    };
  }
  if (s.search) throw AqlError.parsing(400, 'ERROR_QUERY_PARSE', 'AQL: SEARCH can only be used on views');
  if (src.kind === 'range') {
    const from = compileExpr(src.from, env);
    const to = compileExpr(src.to, env);
    return function* forRange(input) {
      for (const r of input) {
        if (r === PAUSE) { yield r; continue; }
        const [a, b] = rangeBounds(from(r), to(r));
        const step = a <= b ? 1 : -1;
        for (let i = a; step > 0 ? i <= b : i >= b; i += step) {
          const nr = r.slice();
          nr[slot] = i;
          yield nr;
          if (ctx.tick()) yield PAUSE;
        }
      }
    };
  }
  const heavy = resumable(src, env);
  const f = heavy ? undefined : timedOperand(compileExpr(src, env), env, s);
  return function* forList(input) {
    for (const r of input) {
      if (r === PAUSE) { yield r; continue; }
      const list = f ? f(r) : yield* (heavy as NonNullable<typeof heavy>)(r);
      if (!Array.isArray(list)) {
        if (list === null) continue;
        throw AqlError.runtime(400, 'ERROR_QUERY_ARRAY_EXPECTED',
          `collection or array expected as operand to FOR loop; you provided a value of type '${typeof list === 'object' ? 'object' : typeof list === 'boolean' ? 'bool' : typeof list}'`);
      }
      for (const x of list) {
        const nr = r.slice();
        nr[slot] = x;
        yield nr;
        if (ctx.tick()) yield PAUSE;
      }
    }
  };
}

/**
 * The index a `FOR` over a collection reads, decided once when the query is compiled (the plan
 * shows the same choice: QueryExecution.indexChoices). Constant operands are evaluated here, as
 * the server's optimizer sees them after injecting bind parameters.
 */
function indexChoiceFor(s: Extract<Statement, { kind: 'for' }>, name: string, env: CompileEnv, rest: readonly Statement[], innerLoop: boolean): IndexChoice | undefined {
  const coll = env.ctx.db.collection(name);
  const indexes = coll.indexes;
  if (!indexes) {
    const terms = primaryKeyLookup(s.variable, rest[0]);
    return terms ? { kind: 'primary', terms, whole: false } : undefined;
  }
  // literals, bind parameters and constant LETs only: evaluating anything else here could raise
  // its warnings twice; an operand of unknown value is treated as not constant (the sparse-index
  // checks then refuse it, which can only cost an index, never a result)
  const constantOf: ConstantOf = (e) => {
    switch (e.kind) {
      case 'value': return { value: e.value };
      case 'bind': return !e.collection && e.name in env.bindVars ? { value: env.bindVars[e.name] as Value } : undefined;
      case 'ref': return env.constants?.has(e.name) ? { value: env.constants.get(e.name) as Value } : undefined;
      case 'array': {
        const vs = e.elements.map(constantOf);
        return vs.every((v) => v !== undefined) ? { value: vs.map((v) => (v as { value: Value }).value) } : undefined;
      }
      default: return undefined;
    }
  };
  const options = s.options && isConstantExpr(s.options, env.constants ?? NO_CONSTANTS) ? compileExpr(s.options, env)([]) : undefined;
  // an inner loop's index order is per outer row: it cannot replace a SORT (handleSortCondition)
  const sort = innerLoop ? undefined : sortAfter(s.variable, rest);
  // a forced hint fails only where the emulator sees everything the server's rules would try
  const hint = hintOf(options, sort !== undefined || !rest.some((x) => x.kind === 'sort'));
  if (hint) (env.indexHints ??= new Map()).set(s, hintJson(hint));
  const lets = conditionFilters(rest);
  const choice = chooseIndex(s.variable, lets.filters, indexes, coll.count(env.ctx.tx), constantOf, hint, sort, lets);
  if (choice?.order?.removes) (env.sortsByIndex ??= new Set()).add(choice.order.removes);
  return choice;
}
