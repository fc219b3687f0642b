import type { Direction, Expr, GraphSource, Statement, Value } from './ast.js';
import { toBool, toNumber } from './compare.js';
import type { ExecContext } from './context.js';
import { AqlError } from './errors.js';
import {
  collectionNameOf, PAUSE, requireDataSource, slotOf, type CExpr, type CompileEnv, type Row, type Stage,
} from './compile-env.js';
import { compileExpr } from './expressions.js';
import { isObject } from './functions/types.js';
import type { CollectionAccess, Doc, TxScope } from '../store/types.js';

/**
 * Graph statements: traversals (`FOR v, e, p IN min..max DIR start GRAPH g | edges`) and path
 * searches (SHORTEST_PATH, K_SHORTEST_PATHS, K_PATHS, ALL_SHORTEST_PATHS). Edges come from the
 * store's edge index when the collection offers one (`edges(vertexId, direction)`), in insertion
 * order, so results are deterministic; depth-first traversals then follow them newest first, as
 * 3.12 does.
 */

type Dir = 'outbound' | 'inbound' | 'any';
interface EdgeSource { name: string; dir: Dir }
interface Step { edge: Doc; to: string }

interface EdgeIndexed extends CollectionAccess {
  edges(vertexId: string, direction: Dir, tx?: TxScope): Doc[];
}

function hasEdgeIndex(c: CollectionAccess): c is EdgeIndexed {
  return typeof (c as Partial<EdgeIndexed>).edges === 'function';
}

function lower(d: Direction): Dir {
  return d.toLowerCase() as Dir;
}

function resolveEdgeSources(g: GraphSource, dir: Direction, env: CompileEnv): () => EdgeSource[] {
  if (g.kind === 'edges') {
    const list = g.collections.map((c) => {
      const name = collectionNameOf(env, c.name);
      requireDataSource(env, name);
      return { name, dir: lower(c.direction ?? dir) };
    });
    return () => list;
  }
  const nameF = compileExpr(g.name, env);
  const graphName = nameF([]);
  if (typeof graphName !== 'string') throw AqlError.of(400, 'ERROR_GRAPH_INVALID_GRAPH', 'invalid graph name');
  const def = env.ctx.db.graphs?.get(graphName);
  if (!def) throw AqlError.parsing(404, 'ERROR_GRAPH_NOT_FOUND', `AQL: graph '${graphName}' not found`);
  const list = def.edgeDefinitions.map((d) => ({ name: d.collection, dir: lower(dir) }));
  // a named graph declares its collections (no WITH needed)
  for (const d of def.edgeDefinitions) for (const c of [d.collection, ...d.from, ...d.to]) env.reads.add(c);
  for (const c of def.orphanCollections) env.reads.add(c);
  return () => list;
}

class Edges {
  constructor(
    private readonly ctx: ExecContext,
    private readonly sources: EdgeSource[],
  ) {}

  from(vertexId: string): Step[] {
    const out: Step[] = [];
    for (const s of this.sources) {
      if (!this.ctx.db.hasCollection(s.name) || this.ctx.hidden.has(s.name)) continue;
      const c = this.ctx.db.collection(s.name);
      const docs = hasEdgeIndex(c) ? c.edges(vertexId, s.dir, this.ctx.tx) : scanEdges(c, vertexId, s.dir, this.ctx.tx);
      this.ctx.stats.scannedIndex += docs.length;
      for (const e of docs) {
        const f = e['_from'];
        const t = e['_to'];
        if (s.dir !== 'inbound' && f === vertexId && typeof t === 'string') out.push({ edge: e, to: t });
        else if (s.dir !== 'outbound' && t === vertexId && typeof f === 'string') out.push({ edge: e, to: f });
      }
    }
    return out;
  }
}

function scanEdges(c: CollectionAccess, vertexId: string, dir: Dir, tx?: TxScope): Doc[] {
  const out: Doc[] = [];
  for (const e of c.all(tx)) {
    if ((dir !== 'inbound' && e['_from'] === vertexId) || (dir !== 'outbound' && e['_to'] === vertexId)) out.push(e);
  }
  return out;
}

function vertex(ctx: ExecContext, id: string): Value {
  const i = id.indexOf('/');
  if (i <= 0) return null;
  const coll = id.slice(0, i);
  if (ctx.knownCollections && !ctx.knownCollections.has(coll) && ctx.db.hasCollection(coll)) {
    throw AqlError.runtime(500, 'ERROR_QUERY_COLLECTION_LOCK_FAILED',
      `collection not known to traversal: '${coll}'. please add 'WITH ${coll}' as the first line in your AQL`);
  }
  if (!ctx.db.hasCollection(coll) || ctx.hidden.has(coll)) return null;
  ctx.readCollection(coll);
  ctx.stats.documentLookups++;
  const d = ctx.db.collection(coll).get(id.slice(i + 1), ctx.tx);
  if (!d) {
    ctx.warn('ERROR_ARANGO_DOCUMENT_NOT_FOUND', `vertex '${id}' not found`);
    return null;
  }
  return d as Value;
}

function startId(v: Value, ctx: ExecContext): string | null {
  if (typeof v === 'string' && v.indexOf('/') > 0) return v;
  if (isObject(v) && typeof v['_id'] === 'string') return v['_id'];
  ctx.warn('ERROR_BAD_PARAMETER', 'Invalid input for traversal: Only id strings or objects with _id are allowed');
  return null;
}

interface TravOptions {
  order: 'dfs' | 'bfs' | 'weighted';
  uniqueVertices: 'none' | 'path' | 'global';
  uniqueEdges: 'none' | 'path';
  weightAttribute?: string;
  defaultWeight: number;
  /** Only vertices / edges of these collections are visited (OPTIONS vertexCollections / edgeCollections). */
  vertexCollections?: Set<string>;
  edgeCollections?: Set<string>;
}

function nameList(v: Value | undefined): Set<string> | undefined {
  if (typeof v === 'string') return new Set([v]);
  if (Array.isArray(v)) return new Set(v.filter((x): x is string => typeof x === 'string'));
  return undefined;
}

function traversalOptions(e: Expr | undefined, env: CompileEnv): TravOptions {
  const o: TravOptions = { order: 'dfs', uniqueVertices: 'none', uniqueEdges: 'path', defaultWeight: 1 };
  if (!e) return o;
  const v = compileExpr(e, env)([]);
  if (!isObject(v)) return o;
  if (v['bfs'] === true) o.order = 'bfs';
  if (v['order'] === 'bfs' || v['order'] === 'dfs' || v['order'] === 'weighted') o.order = v['order'];
  if (v['uniqueVertices'] === 'path' || v['uniqueVertices'] === 'global' || v['uniqueVertices'] === 'none') o.uniqueVertices = v['uniqueVertices'];
  if (v['uniqueEdges'] === 'none' || v['uniqueEdges'] === 'path') o.uniqueEdges = v['uniqueEdges'];
  if (v['uniqueEdges'] === 'global') throw AqlError.of(400, 'ERROR_BAD_PARAMETER', "uniqueEdges: 'global' is not supported anymore");
  if (typeof v['weightAttribute'] === 'string') o.weightAttribute = v['weightAttribute'];
  if (typeof v['defaultWeight'] === 'number') o.defaultWeight = v['defaultWeight'];
  const vc = nameList(v['vertexCollections']);
  if (vc) o.vertexCollections = vc;
  const ec = nameList(v['edgeCollections']);
  if (ec) o.edgeCollections = ec;
  if (o.uniqueVertices === 'global' && o.order === 'dfs') {
    throw AqlError.of(400, 'ERROR_BAD_PARAMETER', "uniqueVertices: 'global' is only supported with order: 'bfs' or 'weighted'");
  }
  return o;
}

function weightOf(edge: Doc, o: { weightAttribute?: string; defaultWeight: number }): number {
  if (!o.weightAttribute) return 1;
  const w = edge[o.weightAttribute];
  if (typeof w === 'number') {
    if (w < 0) throw AqlError.runtime(400, 'ERROR_GRAPH_NEGATIVE_EDGE_WEIGHT', 'negative edge weight found');
    return w;
  }
  return o.defaultWeight;
}

interface PathState {
  vertexIds: string[];
  vertices: Value[];
  edges: Doc[];
  weight: number;
  weights: number[];
}

export function compileGraphStatement(s: Extract<Statement, { kind: 'traversal' | 'shortestPath' }>, env: CompileEnv): Stage {
  return s.kind === 'traversal' ? compileTraversal(s, env) : compilePaths(s, env);
}

function compileTraversal(s: Extract<Statement, { kind: 'traversal' }>, env: CompileEnv): Stage {
  const ctx = env.ctx;
  const sources = resolveEdgeSources(s.graph, s.direction, env);
  const minE = compileExpr(s.min, env);
  const maxE = compileExpr(s.max, env);
  const startE = compileExpr(s.start, env);
  const vSlot = slotOf(env, s.vertexVar);
  const eSlot = s.edgeVar ? slotOf(env, s.edgeVar) : -1;
  const pSlot = s.pathVar ? slotOf(env, s.pathVar) : -1;
  const pruneVarSlot = s.prune?.variable ? slotOf(env, s.prune.variable) : -1;
  const prune: CExpr | undefined = s.prune ? compileExpr(s.prune.cond, env) : undefined;
  const opts = traversalOptions(s.options, env);

  return function* traversal(input) {
    for (const r of input) {
      if (r === PAUSE) { yield r; continue; }
      const min = Math.max(0, Math.trunc(toNumber(minE(r))));
      const max = Math.trunc(toNumber(maxE(r)));
      const sid = startId(startE(r), ctx);
      if (sid === null) continue;
      const sv = vertex(ctx, sid);
      if (sv === null) continue;
      const edges = new Edges(ctx, sources());
      const weighted = opts.order === 'weighted';
      const rowFor = (st: PathState): Row => {
        const nr = r.slice();
        nr[vSlot] = st.vertices[st.vertices.length - 1] as Value;
        if (eSlot >= 0) nr[eSlot] = (st.edges[st.edges.length - 1] ?? null) as Value;
        if (pSlot >= 0) {
          const p: Record<string, Value> = { edges: st.edges as Value[], vertices: st.vertices };
          if (weighted) p['weights'] = st.weights;
          nr[pSlot] = p;
        }
        return nr;
      };
      /** Evaluates PRUNE on a path: true means do not expand it further. */
      const pruned = (nr: Row): boolean => {
        if (!prune) return false;
        const v = prune(nr);
        if (pruneVarSlot >= 0) nr[pruneVarSlot] = v;
        return toBool(v);
      };
      const globalSeen = new Set<string>([sid]);
      const expand = (st: PathState): PathState[] => {
        const last = st.vertexIds[st.vertexIds.length - 1] as string;
        const out: PathState[] = [];
        for (const step of edges.from(last)) {
          if (opts.edgeCollections && !opts.edgeCollections.has(step.edge._id.slice(0, step.edge._id.indexOf('/')))) continue;
          if (opts.vertexCollections && !opts.vertexCollections.has(step.to.slice(0, step.to.indexOf('/')))) continue;
          if (opts.uniqueEdges === 'path' && st.edges.some((e) => e._id === step.edge._id)) continue;
          if (opts.uniqueVertices === 'path' && st.vertexIds.includes(step.to)) continue;
          if (opts.uniqueVertices === 'global') {
            if (globalSeen.has(step.to)) continue;
            globalSeen.add(step.to);
          }
          const w = weighted ? weightOf(step.edge, opts) : 1;
          out.push({
            vertexIds: [...st.vertexIds, step.to],
            vertices: [...st.vertices, vertex(ctx, step.to)],
            edges: [...st.edges, step.edge],
            weight: st.weight + w,
            weights: weighted ? [...st.weights, st.weight + w] : st.weights,
          });
        }
        return out;
      };
      const root: PathState = { vertexIds: [sid], vertices: [sv], edges: [], weight: 0, weights: [0] };
      if (opts.order === 'dfs') {
        const stack: PathState[] = [root];
        while (stack.length > 0) {
          const st = stack.pop() as PathState;
          const depth = st.edges.length;
          const nr = rowFor(st);
          const stop = pruned(nr);
          if (depth >= min) yield nr;
          if (ctx.tick()) yield PAUSE;
          if (stop || depth >= max) continue;
          // ArangoDB 3.12's DFS enumerator pushes a vertex's edges on its stack in index order
          // and pops the last: the most recently inserted edge is followed first.
          stack.push(...expand(st));
        }
      } else {
        // bfs: FIFO; weighted: always continue with the lightest path found so far
        const queue: PathState[] = [root];
        while (queue.length > 0) {
          let idx = 0;
          if (weighted) for (let i = 1; i < queue.length; i++) if ((queue[i] as PathState).weight < (queue[idx] as PathState).weight) idx = i;
          const st = queue.splice(idx, 1)[0] as PathState;
          const depth = st.edges.length;
          const nr = rowFor(st);
          const stop = pruned(nr);
          if (depth >= min) yield nr;
          if (ctx.tick()) yield PAUSE;
          if (stop || depth >= max) continue;
          queue.push(...expand(st));
        }
      }
    }
  };
}

function compilePaths(s: Extract<Statement, { kind: 'shortestPath' }>, env: CompileEnv): Stage {
  const ctx = env.ctx;
  const sources = resolveEdgeSources(s.graph, s.direction, env);
  const startE = compileExpr(s.start, env);
  const targetE = compileExpr(s.target, env);
  const minE = s.min ? compileExpr(s.min, env) : undefined;
  const maxE = s.max ? compileExpr(s.max, env) : undefined;
  const vSlot = slotOf(env, s.vertexVar);
  const eSlot = s.edgeVar ? slotOf(env, s.edgeVar) : -1;
  const optsV = s.options ? compileExpr(s.options, env)([]) : null;
  const o = isObject(optsV) ? optsV : {};
  const wopts = {
    ...(typeof o['weightAttribute'] === 'string' ? { weightAttribute: o['weightAttribute'] } : {}),
    defaultWeight: typeof o['defaultWeight'] === 'number' ? o['defaultWeight'] : 1,
  };
  const type = s.type;

  return function* paths(input) {
    for (const r of input) {
      if (r === PAUSE) { yield r; continue; }
      const sid = startId(startE(r), ctx);
      const tid = startId(targetE(r), ctx);
      if (sid === null || tid === null) continue;
      const edges = new Edges(ctx, sources());
      const toObj = (p: PathState): Value => {
        const out: Record<string, Value> = { edges: p.edges as Value[], vertices: p.vertexIds.map((id) => vertex(ctx, id)) };
        if (type === 'K_SHORTEST_PATHS') out['weight'] = p.weight;
        return out;
      };
      if (type === 'SHORTEST_PATH') {
        const p = shortest(edges, sid, tid, wopts);
        if (!p) continue;
        for (let i = 0; i < p.vertexIds.length; i++) {
          const nr = r.slice();
          nr[vSlot] = vertex(ctx, p.vertexIds[i] as string);
          if (eSlot >= 0) nr[eSlot] = i === 0 ? null : (p.edges[i - 1] as Value);
          yield nr;
        }
        continue;
      }
      const min = minE ? Math.trunc(toNumber(minE(r))) : 0;
      const max = maxE ? Math.trunc(toNumber(maxE(r))) : Infinity;
      let best = Infinity;
      for (const p of enumeratePaths(edges, sid, tid, type === 'K_SHORTEST_PATHS' ? wopts : { defaultWeight: 1 }, max)) {
        if (p === PAUSE) { yield PAUSE; continue; }
        if (p.edges.length < min) continue;
        if (type === 'ALL_SHORTEST_PATHS') {
          if (p.edges.length > best) break;
          best = p.edges.length;
        }
        const nr = r.slice();
        nr[vSlot] = toObj(p);
        yield nr;
      }
    }
  };

  function* enumeratePaths(edges: Edges, from: string, to: string, w: { weightAttribute?: string; defaultWeight: number }, maxLen: number): Generator<PathState | typeof PAUSE> {
    // paths in order of weight (edge count when unweighted), each path without repeated vertices
    const queue: PathState[] = [{ vertexIds: [from], vertices: [], edges: [], weight: 0, weights: [] }];
    while (queue.length > 0) {
      let idx = 0;
      for (let i = 1; i < queue.length; i++) if ((queue[i] as PathState).weight < (queue[idx] as PathState).weight) idx = i;
      const st = queue.splice(idx, 1)[0] as PathState;
      const last = st.vertexIds[st.vertexIds.length - 1] as string;
      if (last === to && (st.edges.length > 0 || from === to)) {
        yield st;
        if (from === to) continue;
        continue;
      }
      if (st.edges.length >= maxLen) continue;
      for (const step of edges.from(last)) {
        if (st.vertexIds.includes(step.to)) continue;
        queue.push({
          vertexIds: [...st.vertexIds, step.to], vertices: [], edges: [...st.edges, step.edge],
          weight: st.weight + weightOf(step.edge, w), weights: [],
        });
      }
      if (ctx.tick()) yield PAUSE;
    }
  }
}

/** Dijkstra (BFS when unweighted) from `from` to `to`; null when unreachable. */
function shortest(edges: Edges, from: string, to: string, w: { weightAttribute?: string; defaultWeight: number }): PathState | null {
  const dist = new Map<string, number>([[from, 0]]);
  const prev = new Map<string, { v: string; e: Doc }>();
  const done = new Set<string>();
  const queue: string[] = [from];
  while (queue.length > 0) {
    let idx = 0;
    for (let i = 1; i < queue.length; i++) if ((dist.get(queue[i] as string) ?? Infinity) < (dist.get(queue[idx] as string) ?? Infinity)) idx = i;
    const v = queue.splice(idx, 1)[0] as string;
    if (done.has(v)) continue;
    done.add(v);
    if (v === to) break;
    const dv = dist.get(v) ?? 0;
    for (const step of edges.from(v)) {
      const nd = dv + weightOf(step.edge, w);
      if (nd < (dist.get(step.to) ?? Infinity)) {
        dist.set(step.to, nd);
        prev.set(step.to, { v, e: step.edge });
        queue.push(step.to);
      }
    }
  }
  if (!dist.has(to)) return null;
  const ids: string[] = [to];
  const es: Doc[] = [];
  let cur = to;
  while (cur !== from) {
    const p = prev.get(cur);
    if (!p) return null;
    es.unshift(p.e);
    ids.unshift(p.v);
    cur = p.v;
  }
  return { vertexIds: ids, vertices: [], edges: es, weight: dist.get(to) ?? 0, weights: [] };
}
