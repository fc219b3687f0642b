/** Shapes of the named-graph API (`/_api/gharial`), as ArangoDB documents them. */

/** One relation of a graph: edges in `collection` go from any of `from` to any of `to`. */
export interface EdgeDefinition {
  collection: string;
  from: string[];
  to: string[];
}

/** An edge definition as callers may write it: a single vertex collection may be a plain string. */
export interface EdgeDefinitionInput {
  collection: string;
  from: string | readonly string[];
  to: string | readonly string[];
}

/** A stored graph (`graph` attribute of the gharial answers). */
export interface GraphProperties {
  name: string;
  _id: string;
  _key?: string;
  _rev: string;
  edgeDefinitions: EdgeDefinition[];
  orphanCollections: string[];
  numberOfShards?: number;
  /** `"satellite"` for a SatelliteGraph. */
  replicationFactor?: number | 'satellite';
  writeConcern?: number;
  isSmart?: boolean;
  isDisjoint?: boolean;
  smartGraphAttribute?: string;
  isSatellite?: boolean;
}

/**
 * Options of creating a named graph (`POST /_api/gharial`). In a cluster, `numberOfShards`,
 * `replicationFactor` and `writeConcern` apply to the collections the server creates for the graph.
 */
export interface CreateGraphOptions {
  /** Vertex collections that are in no edge definition. */
  orphanCollections?: string | readonly string[];
  /** Create a SmartGraph (Enterprise Edition); needs `smartGraphAttribute`. */
  isSmart?: boolean;
  /** Create a Disjoint SmartGraph. */
  isDisjoint?: boolean;
  /**
   * Create a SatelliteGraph. ArangoDB has no `isSatellite` request attribute: a SatelliteGraph is
   * requested with `options.replicationFactor: "satellite"`, which is what this sends.
   */
  isSatellite?: boolean;
  /** SmartGraphs: the vertex attribute that decides the shard. */
  smartGraphAttribute?: string;
  numberOfShards?: number;
  replicationFactor?: number | 'satellite';
  writeConcern?: number;
  /** Collections created as SatelliteCollections in a (Disjoint) SmartGraph. */
  satellites?: readonly string[];
  /** Answer only after the change is synced to disk. */
  waitForSync?: boolean;
}

/** Options of dropping a graph (`DELETE /_api/gharial/{graph}`). */
export interface DropGraphOptions {
  /** Also drop the graph's collections that no other graph uses. */
  dropCollections?: boolean;
}

/**
 * Options of {@link Graph.addVertexCollection}: `satellites` lists collections to create as
 * SatelliteCollections (SmartGraphs, Enterprise Edition).
 */
export interface AddVertexCollectionOptions {
  satellites?: readonly string[];
}

/** Options of {@link Graph.addEdgeDefinition}: `satellites` as for creating a graph, `waitForSync`. */
export interface AddEdgeDefinitionOptions {
  satellites?: readonly string[];
  waitForSync?: boolean;
}

/** Options of {@link Graph.replaceEdgeDefinition}. */
export interface ReplaceEdgeDefinitionOptions {
  satellites?: readonly string[];
  waitForSync?: boolean;
  /** Drop the collections that the new definition no longer uses (if no other graph uses them). */
  dropCollections?: boolean;
}

/** Options of {@link Graph.deleteEdgeDefinition}. */
export interface RemoveEdgeDefinitionOptions {
  waitForSync?: boolean;
}

import type { DocumentMetadata, DocumentSelector } from '../collection/documents.js';

/** Document metadata and selectors are the ones of the document API. */
export type { DocumentMetadata, DocumentSelector };

/** A vertex as the graph API answers it: your fields plus `_key`, `_id`, `_rev`. */
export type GraphDocument<T> = T & DocumentMetadata;
/** An edge as the graph API answers it: your fields plus `_key`, `_id`, `_rev`, `_from`, `_to`. */
export type GraphEdge<T> = T & DocumentMetadata & { _from: string; _to: string };

/** What a write through the graph answers: the metadata, plus `new`/`old` when asked for. */
export interface GraphWriteResult<D> extends DocumentMetadata {
  /** The previous revision (update and replace). */
  _oldRev?: string;
  new?: D;
  old?: D;
}

/** What removing a vertex or edge answers. */
export interface GraphRemoveResult<D> {
  /** `false` only when `ignoreMissing` was set and there was nothing to remove. */
  removed: boolean;
  /** The removed document, with `returnOld`. */
  old?: D;
}

/** Options of reading a vertex or edge through a graph. */
export interface GraphReadOptions {
  /** Fail with 412 unless the stored revision is this one (sent as `If-Match`). */
  rev?: string;
  /** Resolve to `null` instead of failing when the document does not exist. */
  graceful?: boolean;
}

/** Options of inserting through a graph: `waitForSync`, and `returnNew` to get the stored document in `new`. */
export interface GraphInsertOptions {
  waitForSync?: boolean;
  returnNew?: boolean;
}

/** Options of updating (PATCH) a vertex or edge through a graph. */
export interface GraphUpdateOptions {
  /** Answer only after the write is synced to disk. */
  waitForSync?: boolean;
  /** `false` removes attributes set to `null` in the patch (update only, as documented for PATCH). */
  keepNull?: boolean;
  /** Answer the previous document in `old`. */
  returnOld?: boolean;
  /** Answer the stored document in `new`. */
  returnNew?: boolean;
  /** Only write if the stored revision is this one (sent as `If-Match`). */
  rev?: string;
}

/** Options of replacing (PUT) a vertex or edge through a graph; `keepNull` does not apply. */
export type GraphReplaceOptions = GraphUpdateOptions;

/** Options of removing a vertex or edge through a graph. */
export interface GraphRemoveOptions {
  /** Answer only after the removal is synced to disk. */
  waitForSync?: boolean;
  /** Answer the removed document in `old`. */
  returnOld?: boolean;
  /** Only remove if the stored revision is this one (sent as `If-Match`). */
  rev?: string;
  /** Resolve to `{ removed: false }` when the document does not exist. */
  ignoreMissing?: boolean;
}

/** Which edges of a vertex: `in` (`_to` is the vertex), `out` (`_from` is the vertex) or `any`. */
export type EdgeDirection = 'in' | 'out' | 'any';

/** `GET /_api/edges/{collection}`: the edges touching the vertex and index statistics (`scannedIndex`, `filtered`). */
export interface GraphEdgesResult<D> {
  edges: D[];
  stats: { scannedIndex?: number; filtered?: number; [key: string]: unknown };
}
