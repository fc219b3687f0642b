/** Collection descriptions, properties and options (openapi_3.12_collections.txt). */
import type { CallOptions } from '../transport/request.js';

/** 2 = document collection, 3 = edge collection. */
export type CollectionTypeCode = 2 | 3;
export type CollectionType = CollectionTypeCode | 'document' | 'edge';

export interface CollectionDescription {
  id: string;
  name: string;
  status: number;
  type: CollectionTypeCode;
  isSystem: boolean;
  globallyUniqueId: string;
}

export type KeyGeneratorType = 'traditional' | 'autoincrement' | 'uuid' | 'padded';

export interface KeyOptions {
  type?: KeyGeneratorType;
  allowUserKeys?: boolean;
  increment?: number;
  offset?: number;
}

export interface SchemaOptions {
  rule: Record<string, unknown>;
  level?: 'none' | 'new' | 'moderate' | 'strict';
  message?: string;
  type?: 'json';
}

export interface ComputedValue {
  name: string;
  expression: string;
  overwrite: boolean;
  computeOn?: ('insert' | 'update' | 'replace')[];
  keepNull?: boolean;
  failOnWarning?: boolean;
}

export type ShardingStrategy =
  | 'community-compat'
  | 'enterprise-compat'
  | 'enterprise-smart-edge-compat'
  | 'hash'
  | 'enterprise-hash-smart-edge'
  | 'enterprise-hex-smart-vertex';

/** `POST /_api/collection` body fields besides `name`, plus its two query parameters. */
export interface CreateCollectionOptions extends CallOptions {
  type?: CollectionType;
  waitForSync?: boolean;
  isSystem?: boolean;
  schema?: SchemaOptions;
  computedValues?: ComputedValue[];
  keyOptions?: KeyOptions;
  cacheEnabled?: boolean;
  numberOfShards?: number;
  shardKeys?: string[];
  /** A number, or `"satellite"` (Enterprise). */
  replicationFactor?: number | 'satellite';
  writeConcern?: number;
  shardingStrategy?: ShardingStrategy;
  distributeShardsLike?: string;
  isSmart?: boolean;
  isDisjoint?: boolean;
  smartGraphAttribute?: string;
  smartJoinAttribute?: string;
  /** Query parameter: report success only when all replicas exist (server default true). */
  waitForSyncReplication?: boolean;
  /** Query parameter: check that enough DB-servers exist (server default true). */
  enforceReplicationFactor?: boolean;
}

export interface CollectionProperties extends CollectionDescription {
  statusString?: string;
  waitForSync: boolean;
  schema: (SchemaOptions & { type?: string }) | null;
  computedValues: ComputedValue[] | null;
  keyOptions: KeyOptions & { lastValue?: number };
  cacheEnabled: boolean;
  syncByRevision: boolean;
  numberOfShards?: number;
  shardKeys?: string[];
  replicationFactor?: number | 'satellite';
  writeConcern?: number;
  minReplicationFactor?: number;
  shardingStrategy?: ShardingStrategy;
  distributeShardsLike?: string;
  isSmart?: boolean;
  isDisjoint?: boolean;
  smartGraphAttribute?: string;
  smartJoinAttribute?: string;
}

/** `PUT /_api/collection/{name}/properties` body. */
export interface CollectionPropertiesUpdate extends CallOptions {
  waitForSync?: boolean;
  cacheEnabled?: boolean;
  schema?: SchemaOptions | null;
  computedValues?: ComputedValue[] | null;
  replicationFactor?: number | 'satellite';
  writeConcern?: number;
}

export interface CollectionFigures {
  indexes: { count: number; size: number };
  documentsSize?: number;
  cacheInUse?: boolean;
  cacheSize?: number;
  cacheUsage?: number;
  cacheLifeTimeHitRate?: number;
  cacheWindowedHitRate?: number;
  engine?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface CollectionChecksum {
  checksum: string;
  revision: string;
}

export interface TruncateOptions extends CallOptions {
  waitForSync?: boolean;
  compact?: boolean;
}

export interface ChecksumOptions extends CallOptions {
  withRevisions?: boolean;
  withData?: boolean;
}

export interface DropCollectionOptions extends CallOptions {
  isSystem?: boolean;
}

/** `shards()` without details: shard ids; with `details: true`: shard id → [leader, ...followers]. */
export type ShardList = string[];
export type ShardMap = Record<string, string[]>;
