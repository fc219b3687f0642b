/**
 * A collection's properties: what they are, and the checks and changes of `PUT /properties`
 * (only the documented mutable attributes change; a bad value is 400 / ERROR_BAD_PARAMETER).
 */
import { httpError } from '../errors.js';
import { parseComputedValues, type ComputedValue } from './computed-values.js';
import { parseSchema, type CollectionSchema } from './schema.js';

export interface CollectionProperties {
  waitForSync: boolean;
  cacheEnabled: boolean;
  isSystem: boolean;
  schema: CollectionSchema | null;
  computedValues: ComputedValue[] | null;
  numberOfShards: number;
  shardKeys: string[];
  replicationFactor: number | 'satellite';
  writeConcern: number;
  shardingStrategy: string;
  distributeShardsLike?: string;
  smartJoinAttribute?: string;
  isSmart: boolean;
  isDisjoint: boolean;
  smartGraphAttribute?: string;
}

/** Applies `PUT /properties` changes to `p`. */
export function updateProperties(p: CollectionProperties, body: Record<string, unknown>): void {
  if (body['waitForSync'] !== undefined) p.waitForSync = boolProp(body, 'waitForSync');
  if (body['cacheEnabled'] !== undefined) p.cacheEnabled = boolProp(body, 'cacheEnabled');
  if ('schema' in body) p.schema = parseSchema(body['schema']);
  if ('computedValues' in body) p.computedValues = parseComputedValues(body['computedValues']);
  if (body['replicationFactor'] !== undefined) p.replicationFactor = parseReplicationFactor(body['replicationFactor']);
  if (body['writeConcern'] !== undefined || body['minReplicationFactor'] !== undefined) {
    p.writeConcern = positiveInt(body['writeConcern'] ?? body['minReplicationFactor'], 'writeConcern');
  }
}

function boolProp(body: Record<string, unknown>, name: string): boolean {
  const v = body[name];
  if (typeof v !== 'boolean') throw httpError(400, 'ERROR_BAD_PARAMETER', `'${name}' must be a boolean`);
  return v;
}

function positiveInt(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw httpError(400, 'ERROR_BAD_PARAMETER', `'${name}' must be a positive integer`);
  }
  return v;
}

export function parseReplicationFactor(v: unknown): number | 'satellite' {
  if (v === 'satellite') return 'satellite';
  return positiveInt(v, 'replicationFactor');
}
