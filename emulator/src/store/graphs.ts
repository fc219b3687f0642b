import { randomBytes } from 'node:crypto';
import { httpError } from '../errors.js';

/**
 * Named graphs (gharial). ArangoDB stores them as documents in `_graphs`; here each database
 * keeps a `graphs` map. The AQL engine reads these definitions for `GRAPH 'name'` traversals.
 */

export interface EdgeDefinition {
  collection: string;
  /** Sorted and without duplicates, as ArangoDB keeps them (a std::set server-side). */
  from: string[];
  to: string[];
}

export interface GraphDefinition {
  name: string;
  /** Changes on every modification of the definition. */
  _rev: string;
  edgeDefinitions: EdgeDefinition[];
  orphanCollections: string[];
  numberOfShards: number;
  replicationFactor: number | 'satellite';
  writeConcern: number;
  isSmart: boolean;
  isDisjoint: boolean;
  isSatellite: boolean;
  smartGraphAttribute?: string;
  /** Collections created as SatelliteCollections inside a SmartGraph (Enterprise option, stored as given). */
  satellites?: string[];
}

/** Options of `POST /_api/gharial` that shape the collections a graph creates. */
export interface GraphOptions {
  numberOfShards?: number;
  replicationFactor?: number | 'satellite';
  writeConcern?: number;
  smartGraphAttribute?: string;
  satellites?: string[];
  isSmart?: boolean;
  isDisjoint?: boolean;
}

/** A revision string in ArangoDB's shape (`_` followed by 10 base64-ish characters). */
export function newGraphRev(): string {
  const alphabet = '-_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(10);
  let out = '_';
  for (const b of bytes) out += alphabet[b % 64];
  return out;
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string' && x !== '');
}

function sortedUnique(names: string[]): string[] {
  return [...new Set(names)].sort();
}

/**
 * Parses one `{ collection, from, to }` object. ArangoDB answers 400 /
 * ERROR_GRAPH_CREATE_MALFORMED_EDGE_DEFINITION (1923) for anything else.
 */
export function parseEdgeDefinition(raw: unknown): EdgeDefinition {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw httpError(400, 'ERROR_GRAPH_CREATE_MALFORMED_EDGE_DEFINITION', 'edge definition is not an object');
  }
  const r = raw as Record<string, unknown>;
  if (typeof r.collection !== 'string' || r.collection === '') {
    throw httpError(400, 'ERROR_GRAPH_CREATE_MALFORMED_EDGE_DEFINITION', "edge definition needs a 'collection' string");
  }
  if (!isStringArray(r.from) || !isStringArray(r.to)) {
    throw httpError(
      400,
      'ERROR_GRAPH_CREATE_MALFORMED_EDGE_DEFINITION',
      `edge definition '${r.collection}' needs 'from' and 'to' arrays of collection names`,
    );
  }
  return { collection: r.collection, from: sortedUnique(r.from), to: sortedUnique(r.to) };
}

export function parseOrphans(raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  if (!isStringArray(raw)) {
    throw httpError(400, 'ERROR_GRAPH_CREATE_MALFORMED_ORPHAN_LIST', "'orphanCollections' must be an array of collection names");
  }
  return [...new Set(raw)];
}

/** Every vertex collection of the graph: those of the edge definitions, then the orphans (sorted). */
export function vertexCollectionsOf(g: Pick<GraphDefinition, 'edgeDefinitions' | 'orphanCollections'>): string[] {
  const all = new Set<string>(g.orphanCollections);
  for (const d of g.edgeDefinitions) {
    for (const c of d.from) all.add(c);
    for (const c of d.to) all.add(c);
  }
  return [...all].sort();
}

/** Vertex collections used by the edge definitions (orphans excluded). */
export function edgeDefinitionVertices(g: Pick<GraphDefinition, 'edgeDefinitions'>): Set<string> {
  const all = new Set<string>();
  for (const d of g.edgeDefinitions) {
    for (const c of d.from) all.add(c);
    for (const c of d.to) all.add(c);
  }
  return all;
}

export function edgeCollectionsOf(g: Pick<GraphDefinition, 'edgeDefinitions'>): string[] {
  return g.edgeDefinitions.map((d) => d.collection).sort();
}

function sameDefinition(a: EdgeDefinition, b: EdgeDefinition): boolean {
  return (
    a.collection === b.collection &&
    a.from.length === b.from.length &&
    a.to.length === b.to.length &&
    a.from.every((c, i) => c === b.from[i]) &&
    a.to.every((c, i) => c === b.to[i])
  );
}

/**
 * An edge collection may appear in several graphs only with exactly the same from/to lists
 * (400 / ERROR_GRAPH_COLLECTION_USE_IN_MULTI_GRAPHS, 1921).
 */
export function checkEdgeDefinitionConflicts(
  graphs: Iterable<GraphDefinition>,
  def: EdgeDefinition,
  ownGraph: string,
): void {
  for (const g of graphs) {
    if (g.name === ownGraph) continue;
    for (const other of g.edgeDefinitions) {
      if (other.collection === def.collection && !sameDefinition(other, def)) {
        throw httpError(
          400,
          'ERROR_GRAPH_COLLECTION_USE_IN_MULTI_GRAPHS',
          `${def.collection} edge collection already used in edge def`,
        );
      }
    }
  }
}

/** Within one graph an edge collection may have only one definition (400 / 1920). */
export function checkNoDuplicateEdgeCollections(defs: EdgeDefinition[]): void {
  const seen = new Set<string>();
  for (const d of defs) {
    if (seen.has(d.collection)) {
      throw httpError(400, 'ERROR_GRAPH_COLLECTION_MULTI_USE', `${d.collection} multi use of edge collection in edge def`);
    }
    seen.add(d.collection);
  }
}

/** Collections an edge definition update in other graphs would touch: graphs that share the edge collection. */
export function graphsUsingEdgeCollection(graphs: Iterable<GraphDefinition>, collection: string): GraphDefinition[] {
  const out: GraphDefinition[] = [];
  for (const g of graphs) if (g.edgeDefinitions.some((d) => d.collection === collection)) out.push(g);
  return out;
}

/** Every collection (vertex or edge) a graph refers to. */
export function collectionsOf(g: GraphDefinition): string[] {
  return [...new Set([...vertexCollectionsOf(g), ...edgeCollectionsOf(g)])];
}

/** True when a collection is part of any graph other than `exceptGraph` (decides `dropCollections`). */
export function usedByOtherGraph(graphs: Iterable<GraphDefinition>, collection: string, exceptGraph: string): boolean {
  for (const g of graphs) {
    if (g.name === exceptGraph) continue;
    if (collectionsOf(g).includes(collection)) return true;
  }
  return false;
}

/**
 * The JSON ArangoDB returns for a graph. The sharding attributes are a cluster's: a single server
 * answers without them (3.12.10 single-server transcripts), as GraphManager writes them only there.
 */
export function graphToJson(g: GraphDefinition, cluster = true): Record<string, unknown> {
  const out: Record<string, unknown> = {
    _key: g.name,
    _id: `_graphs/${g.name}`,
    _rev: g._rev,
    name: g.name,
    edgeDefinitions: g.edgeDefinitions.map((d) => ({ collection: d.collection, from: [...d.from], to: [...d.to] })),
    orphanCollections: [...g.orphanCollections],
    numberOfShards: g.numberOfShards,
    replicationFactor: g.replicationFactor,
    writeConcern: g.writeConcern,
    isSmart: g.isSmart,
    isDisjoint: g.isDisjoint,
    isSatellite: g.isSatellite,
  };
  if (g.smartGraphAttribute !== undefined) out.smartGraphAttribute = g.smartGraphAttribute;
  if (g.satellites !== undefined) out.satellites = [...g.satellites];
  if (!cluster && !g.isSmart && !g.isSatellite) {
    for (const k of ['numberOfShards', 'replicationFactor', 'writeConcern', 'isSmart', 'isDisjoint', 'isSatellite']) delete out[k];
  }
  return out;
}

function positiveInt(v: unknown, what: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', `invalid value for '${what}': expecting a positive integer`);
  }
  return v;
}

/** Reads the `options` object (and top-level `isSmart` / `isDisjoint`) of a graph creation body. */
export function parseGraphOptions(body: Record<string, unknown>): GraphOptions {
  const raw = body.options;
  if (raw !== undefined && (raw === null || typeof raw !== 'object' || Array.isArray(raw))) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', "'options' must be an object");
  }
  const o = (raw ?? {}) as Record<string, unknown>;
  const out: GraphOptions = {};
  const shards = positiveInt(o.numberOfShards, 'numberOfShards');
  if (shards !== undefined) out.numberOfShards = shards;
  if (o.replicationFactor === 'satellite') out.replicationFactor = 'satellite';
  else {
    const rf = positiveInt(o.replicationFactor, 'replicationFactor');
    if (rf !== undefined) out.replicationFactor = rf;
  }
  const wc = positiveInt(o.writeConcern ?? o.minReplicationFactor, 'writeConcern');
  if (wc !== undefined) out.writeConcern = wc;
  if (o.smartGraphAttribute !== undefined) {
    if (typeof o.smartGraphAttribute !== 'string' || o.smartGraphAttribute === '') {
      throw httpError(400, 'ERROR_BAD_PARAMETER', "'smartGraphAttribute' must be a non-empty string");
    }
    out.smartGraphAttribute = o.smartGraphAttribute;
  }
  if (o.satellites !== undefined) {
    if (!isStringArray(o.satellites)) throw httpError(400, 'ERROR_BAD_PARAMETER', "'satellites' must be an array of collection names");
    out.satellites = [...o.satellites];
  }
  for (const flag of ['isSmart', 'isDisjoint'] as const) {
    const v = body[flag];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') throw httpError(400, 'ERROR_BAD_PARAMETER', `'${flag}' must be a boolean`);
    out[flag] = v;
  }
  return out;
}

/** Builds a new graph definition from validated parts. */
export function makeGraph(
  name: string,
  edgeDefinitions: EdgeDefinition[],
  orphanCollections: string[],
  opts: GraphOptions,
): GraphDefinition {
  const isSatellite = opts.replicationFactor === 'satellite';
  const g: GraphDefinition = {
    name,
    _rev: newGraphRev(),
    edgeDefinitions,
    orphanCollections,
    numberOfShards: opts.numberOfShards ?? 1,
    replicationFactor: opts.replicationFactor ?? 1,
    writeConcern: opts.writeConcern ?? 1,
    // ArangoDB derives isSmart from a given smartGraphAttribute as well as from the flag.
    isSmart: opts.isSmart === true || opts.smartGraphAttribute !== undefined,
    isDisjoint: opts.isDisjoint === true,
    isSatellite,
  };
  if (opts.smartGraphAttribute !== undefined) g.smartGraphAttribute = opts.smartGraphAttribute;
  if (opts.satellites !== undefined) g.satellites = opts.satellites;
  return g;
}
