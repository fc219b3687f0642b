import type { Expr, Statement, Value } from './ast.js';
import { compare, equals, toBool, toNumber, toString } from './compare.js';
import { AqlError } from './errors.js';
import { searchScores } from './context.js';
import { PAUSE, type CExpr, type CompileEnv, type Row, type Stage } from './compile-env.js';
import { compileExpr } from './expressions.js';
import { tokens } from './functions/index.js';
import { like } from './functions/regex.js';
import { hasOwn, isObject } from './functions/types.js';

/**
 * `FOR d IN view SEARCH …` over the collections a view links. Supported subset: AND / OR / NOT,
 * ==, !=, <, <=, >, >=, IN (arrays and ranges), LIKE, PHRASE, TOKENS, ANALYZER, STARTS_WITH,
 * EXISTS, IN_RANGE, MIN_MATCH, BOOST; BM25()/TFIDF() give a term-frequency based score.
 * Analyzers: `identity` (whole value), `text_*` (lower-cased words) and `norm_*`. Anything else
 * (NGRAM_MATCH, LEVENSHTEIN_MATCH, GEO_*, custom analyzers' pipelines) answers 501.
 */


interface Matcher {
  (doc: Value, row: Row): { match: boolean; score: number };
}

function viewCollections(env: CompileEnv, view: string): string[] {
  const v = env.ctx.db.views?.get(view);
  if (!v) return [];
  if (v.type === 'search-alias') return [...new Set((v.indexes ?? []).map((i) => i.collection))];
  return Object.keys(v.links ?? {});
}

/** The attribute path of `d.a.b` relative to the loop variable, or null. */
function pathOf(e: Expr, variable: string): string[] | null {
  if (e.kind === 'attr') {
    const p = pathOf(e.object, variable);
    return p ? [...p, e.name] : null;
  }
  if (e.kind === 'index' && e.index.kind === 'value' && typeof e.index.value === 'string') {
    const p = pathOf(e.object, variable);
    return p ? [...p, e.index.value] : null;
  }
  if (e.kind === 'ref' && e.name === variable) return [];
  return null;
}

function valueAt(doc: Value, path: string[]): Value | undefined {
  let cur: Value | undefined = doc;
  for (const k of path) {
    if (!isObject(cur) || !hasOwn(cur, k)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** Values an attribute holds, arrays expanded (ArangoSearch indexes array members). */
function indexedValues(doc: Value, path: string[]): Value[] {
  const v = valueAt(doc, path);
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

export function compileSearch(s: Extract<Statement, { kind: 'for' }>, view: string, slot: number, env: CompileEnv): Stage {
  const ctx = env.ctx;
  const variable = s.variable;
  const matcher = s.search ? compileCond(s.search, 'identity') : (): { match: boolean; score: number } => ({ match: true, score: 0 });

  function compileCond(e: Expr, analyzer: string): Matcher {
    if (e.kind === 'binary' && (e.op === 'AND' || e.op === 'OR')) {
      const l = compileCond(e.left, analyzer);
      const r = compileCond(e.right, analyzer);
      if (e.op === 'AND') return (d, row) => {
        const a = l(d, row);
        if (!a.match) return a;
        const b = r(d, row);
        return { match: b.match, score: a.score + b.score };
      };
      return (d, row) => {
        const a = l(d, row);
        const b = r(d, row);
        return { match: a.match || b.match, score: (a.match ? a.score : 0) + (b.match ? b.score : 0) };
      };
    }
    if (e.kind === 'unary' && e.op === 'NOT') {
      const m = compileCond(e.operand, analyzer);
      return (d, row) => ({ match: !m(d, row).match, score: 0 });
    }
    if (e.kind === 'call') return compileSearchCall(e, analyzer);
    if (e.kind === 'binary') {
      const path = pathOf(e.left, variable);
      if (path) return compileComparison(e.op, path, e.right, analyzer);
      const rpath = pathOf(e.right, variable);
      const flipped: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };
      if (rpath && flipped[e.op]) return compileComparison(flipped[e.op] as string, rpath, e.left, analyzer);
    }
    if (e.kind === 'value' || e.kind === 'bind') {
      const v = compileExpr(e, env);
      return (_d, row) => ({ match: toBool(v(row)), score: 0 });
    }
    throw AqlError.unsupported(`this SEARCH expression (${e.kind})`);
  }

  function compileComparison(op: string, path: string[], rightE: Expr, analyzer: string): Matcher {
    if ((op === 'IN' || op === 'NOT IN') && rightE.kind === 'range') {
      const lo = compileExpr(rightE.from, env);
      const hi = compileExpr(rightE.to, env);
      const m: Matcher = (d, row) => {
        const a = lo(row);
        const b = hi(row);
        const hit = indexedValues(d, path).some((x) => typeof x === 'number' && x >= toNumber(a) && x <= toNumber(b));
        return { match: hit, score: hit ? 1 : 0 };
      };
      return op === 'IN' ? m : (d, row) => ({ match: !m(d, row).match, score: 0 });
    }
    const right = compileExpr(rightE, env);
    const termsOf = (v: Value): Value[] => (typeof v === 'string' ? tokens(v, analyzer, env.ctx) : [v]);
    const test = (x: Value, y: Value): boolean => {
      switch (op) {
        case '==': case 'IN': return equals(x, y);
        case '!=': case 'NOT IN': return !equals(x, y);
        case '<': return typeof x === typeof y && compare(x, y) < 0;
        case '<=': return typeof x === typeof y && compare(x, y) <= 0;
        case '>': return typeof x === typeof y && compare(x, y) > 0;
        case '>=': return typeof x === typeof y && compare(x, y) >= 0;
        case 'LIKE': return typeof x === 'string' && like(x, toString(y), false);
        default: throw AqlError.unsupported(`operator ${op} in SEARCH`);
      }
    };
    return (d, row) => {
      const rv = right(row);
      const candidates = op === 'IN' || op === 'NOT IN' ? (Array.isArray(rv) ? rv : [rv]) : [rv];
      const terms = indexedValues(d, path).flatMap(termsOf);
      let hits = 0;
      if (op === '!=' || op === 'NOT IN') {
        const any = candidates.some((c) => terms.some((t) => equals(t, c)));
        return { match: !any, score: 0 };
      }
      for (const c of candidates) for (const t of terms) if (test(t, c)) hits++;
      return { match: hits > 0, score: hits / Math.max(1, Math.sqrt(terms.length)) };
    };
  }

  function compileSearchCall(e: Extract<Expr, { kind: 'call' }>, analyzer: string): Matcher {
    const a = e.args;
    const argF = (i: number): CExpr => compileExpr(a[i] as Expr, env);
    switch (e.name) {
      case 'ANALYZER': {
        const an = compileExpr(a[1] as Expr, env)([]);
        if (typeof an !== 'string') throw AqlError.of(400, 'ERROR_BAD_PARAMETER', 'ANALYZER() expects an analyzer name');
        return compileCond(a[0] as Expr, an);
      }
      case 'BOOST': {
        const m = compileCond(a[0] as Expr, analyzer);
        const f = argF(1);
        return (d, row) => {
          const r = m(d, row);
          return { match: r.match, score: r.score * toNumber(f(row)) };
        };
      }
      case 'PHRASE': {
        const path = pathOf(a[0] as Expr, variable);
        if (!path) throw AqlError.unsupported('PHRASE() on a non-attribute');
        const parts = a.slice(1).map((x) => compileExpr(x, env));
        return (d, row) => {
          const vals = parts.map((p) => p(row));
          let an = analyzer;
          const phrase: string[] = [];
          // PHRASE(attr, "text" [, analyzer]) or PHRASE(attr, "a", 0, "b", …)
          if (vals.length >= 2 && typeof vals[vals.length - 1] === 'string' && vals.length % 2 === 0) an = vals.pop() as string;
          for (const v of vals) {
            if (typeof v === 'string') phrase.push(...tokens(v, an, env.ctx));
            else if (Array.isArray(v)) phrase.push(...v.map(toString));
          }
          for (const text of indexedValues(d, path)) {
            if (typeof text !== 'string') continue;
            const t = tokens(text, an, env.ctx);
            for (let i = 0; i + phrase.length <= t.length; i++) {
              if (phrase.every((p, j) => t[i + j] === p)) return { match: true, score: phrase.length / Math.sqrt(t.length) };
            }
          }
          return { match: false, score: 0 };
        };
      }
      case 'STARTS_WITH': {
        const path = pathOf(a[0] as Expr, variable);
        if (!path) throw AqlError.unsupported('STARTS_WITH() on a non-attribute in SEARCH');
        const pref = argF(1);
        const minF = a[2] ? argF(2) : undefined;
        return (d, row) => {
          const p = pref(row);
          const prefixes = (Array.isArray(p) ? p : [p]).map(toString);
          const need = minF ? toNumber(minF(row)) : 1;
          const terms = indexedValues(d, path).flatMap((v) => (typeof v === 'string' ? tokens(v, analyzer, env.ctx) : []));
          const n = prefixes.filter((x) => terms.some((t) => t.startsWith(x))).length;
          return { match: n >= need, score: n };
        };
      }
      case 'EXISTS': {
        const path = pathOf(a[0] as Expr, variable);
        if (!path) throw AqlError.unsupported('EXISTS() on a non-attribute');
        const typeF = a[1] ? argF(1) : undefined;
        return (d, row) => {
          const v = valueAt(d, path);
          if (v === undefined) return { match: false, score: 0 };
          const t = typeF ? typeF(row) : null;
          if (t === null || t === 'analyzer') return { match: true, score: 0 };
          const tn = v === null ? 'null' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'numeric' : typeof v === 'string' ? 'string' : 'object';
          return { match: t === tn || (t === 'type' && true), score: 0 };
        };
      }
      case 'IN_RANGE': {
        const path = pathOf(a[0] as Expr, variable);
        if (!path) throw AqlError.unsupported('IN_RANGE() on a non-attribute');
        const [lo, hi, il, ih] = [argF(1), argF(2), argF(3), argF(4)];
        return (d, row) => {
          const l = lo(row); const h = hi(row); const incL = toBool(il(row)); const incH = toBool(ih(row));
          const hit = indexedValues(d, path).some((x) => {
            if (typeof x !== typeof l) return false;
            const c1 = compare(x, l); const c2 = compare(x, h);
            return (incL ? c1 >= 0 : c1 > 0) && (incH ? c2 <= 0 : c2 < 0);
          });
          return { match: hit, score: hit ? 1 : 0 };
        };
      }
      case 'MIN_MATCH': {
        const conds = a.slice(0, -1).map((x) => compileCond(x, analyzer));
        const minF = argF(a.length - 1);
        return (d, row) => {
          let n = 0; let score = 0;
          for (const c of conds) { const r = c(d, row); if (r.match) { n++; score += r.score; } }
          return { match: n >= toNumber(minF(row)), score };
        };
      }
      case 'LIKE': {
        const path = pathOf(a[0] as Expr, variable);
        if (!path) throw AqlError.unsupported('LIKE() on a non-attribute in SEARCH');
        return compileComparison('LIKE', path, a[1] as Expr, analyzer);
      }
      default:
        throw AqlError.unsupported(`function ${e.name}() inside SEARCH`);
    }
  }

  // SEARCH … OPTIONS { collections: [...] } restricts the linked collections searched
  let only: Set<string> | undefined;
  if (s.options) {
    const o = compileExpr(s.options, env)([]);
    if (isObject(o) && Array.isArray(o['collections'])) only = new Set(o['collections'].map(toString));
  }
  return function* searchView(input) {
    for (const r of input) {
      if (r === PAUSE) { yield r; continue; }
      for (const name of viewCollections(env, view)) {
        if (only && !only.has(name)) continue;
        if (!ctx.db.hasCollection(name)) continue;
        for (const doc of ctx.db.collection(name).all(ctx.tx)) {
          ctx.stats.scannedIndex++;
          const res = matcher(doc as Value, r);
          if (!res.match) continue;
          searchScores.set(doc, res.score);
          const nr = r.slice();
          nr[slot] = doc as Value;
          yield nr;
          if (ctx.tick()) yield PAUSE;
        }
      }
    }
  };
}
