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
  smartGraphAttribute?: string;
  numberOfShards?: number;
  replicationFactor?: number | 'satellite';
  writeConcern?: number;
  /** Collections created as SatelliteCollections in a (Disjoint) SmartGraph. */
  satellites?: readonly string[];
  waitForSync?: boolean;
}

export interface DropGraphOptions {
  /** Also drop the graph's collections that no other graph uses. */
  dropCollections?: boolean;
}

export interface AddVertexCollectionOptions {
  satellites?: readonly string[];
}

export interface AddEdgeDefinitionOptions {
  satellites?: readonly string[];
  waitForSync?: boolean;
}

export interface ReplaceEdgeDefinitionOptions {
  satellites?: readonly string[];
  waitForSync?: boolean;
  /** Drop the collections that the new definition no longer uses (if no other graph uses them). */
  dropCollections?: boolean;
}

export interface RemoveEdgeDefinitionOptions {
  waitForSync?: boolean;
}

import type { DocumentMetadata, DocumentSelector } from '../collection/documents.js';

/** Document metadata and selectors are the ones of the document API. */
export type { DocumentMetadata, DocumentSelector };

export type GraphDocument<T> = T & DocumentMetadata;
export type GraphEdge<T> = T & DocumentMetadata & { _from: string; _to: string };

/** What a write through the graph answers: the metadata, plus `new`/`old` when asked for. */
export interface GraphWriteResult<D> extends DocumentMetadata {
  /** The previous revision (update and replace). */
  _oldRev?: string;
  new?: D;
  old?: D;
}

export interface GraphRemoveResult<D> {
  /** `false` only when `ignoreMissing` was set and there was nothing to remove. */
  removed: boolean;
  old?: D;
}

export interface GraphReadOptions {
  /** Fail with 412 unless the stored revision is this one (sent as `If-Match`). */
  rev?: string;
  /** Resolve to `null` instead of failing when the document does not exist. */
  graceful?: boolean;
}

export interface GraphInsertOptions {
  waitForSync?: boolean;
  returnNew?: boolean;
}

export interface GraphUpdateOptions {
  waitForSync?: boolean;
  /** `false` removes attributes set to `null` in the patch (update only, as documented for PATCH). */
  keepNull?: boolean;
  returnOld?: boolean;
  returnNew?: boolean;
  /** Only write if the stored revision is this one (sent as `If-Match`). */
  rev?: string;
}

export type GraphReplaceOptions = GraphUpdateOptions;

export interface GraphRemoveOptions {
  waitForSync?: boolean;
  returnOld?: boolean;
  rev?: string;
  /** Resolve to `{ removed: false }` when the document does not exist. */
  ignoreMissing?: boolean;
}

export type EdgeDirection = 'in' | 'out' | 'any';

export interface GraphEdgesResult<D> {
  edges: D[];
  stats: { scannedIndex?: number; filtered?: number; [key: string]: unknown };
}
