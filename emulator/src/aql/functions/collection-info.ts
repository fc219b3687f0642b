/**
 * SCHEMA_GET, SCHEMA_VALIDATE and SHARD_ID (arangod/Aql/Functions: SchemaGet, SchemaValidate,
 * ShardId): the collection's schema as its properties show it, a document checked against a
 * schema with the collections' own validator (store/schema.ts, always at level "strict"), and the
 * shard a document with these shard-key values lives in — on a single server the collection's
 * name, "in favour of AQL universality".
 */
import type { Value } from '../ast.js';
import type { ExecContext } from '../context.js';
import { AqlError } from '../errors.js';
import { conforms, parseSchema, type CollectionSchema } from '../../store/schema.js';
import type { Json } from '../../store/types.js';
import { arg, def, isObject, type FnTable } from './types.js';

/** What the store's collections carry beyond the engine's interface. */
interface CollectionDetails {
  readonly properties?: { readonly schema: CollectionSchema | null; readonly shardKeys: readonly string[] };
  responsibleShardIndex?(doc: Record<string, Json>): number;
}

/** extractCollectionName: a name, the collection part of a document id, or a document's `_id`. */
function collectionName(v: Value): string {
  let id = v;
  if (isObject(v)) id = v['_id'] ?? null;
  if (typeof id !== 'string') return '';
  const slash = id.indexOf('/');
  return slash < 0 ? id : id.slice(0, slash);
}

function lookup(ctx: ExecContext, name: string, message: string): CollectionDetails {
  if (!ctx.db.hasCollection(name)) throw AqlError.runtime(404, 'ERROR_ARANGO_DATA_SOURCE_NOT_FOUND', message);
  ctx.readCollection(name);
  return ctx.db.collection(name) as unknown as CollectionDetails;
}

function schemaGet(a: Value[], ctx: ExecContext): Value {
  const name = collectionName(arg(a, 0));
  if (name === '') throw AqlError.runtime(400, 'ERROR_BAD_PARAMETER', 'could not extract collection name from parameters');
  const schema = lookup(ctx, name, `could not find collection: ${name}`).properties?.schema ?? null;
  return schema === null ? null : ({ ...schema } as unknown as Value);
}

function schemaValidate(a: Value[], ctx: ExecContext, name: string): Value {
  const [doc, schema] = [arg(a, 0), arg(a, 1)];
  if (!isObject(doc)) {
    ctx.warn('ERROR_QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH', `in function '${name}()': expecting document object`);
    return null;
  }
  if (schema === null || (isObject(schema) && Object.keys(schema).length === 0)) return { valid: true };
  if (!isObject(schema)) {
    throw AqlError.runtime(400, 'ERROR_BAD_PARAMETER', `second parameter is not a schema object: ${JSON.stringify(schema)}`);
  }
  // the validator the collections use; its level is overridden so the check always runs
  const parsed = parseSchema(schema) as CollectionSchema;
  return conforms(parsed, doc as Record<string, Json>) ? { valid: true } : { valid: false, errorMessage: parsed.message };
}

function shardId(a: Value[], ctx: ExecContext): Value {
  const [coll, keys] = [arg(a, 0), arg(a, 1)];
  if (typeof coll !== 'string') throw AqlError.runtime(400, 'ERROR_BAD_PARAMETER', 'first parameter to SHARD_ID must be a string');
  if (!isObject(keys)) throw AqlError.runtime(400, 'ERROR_BAD_PARAMETER', 'second parameter to SHARD_ID must be an object');
  const c = lookup(ctx, coll, `could not find collection: ${coll} in database ${ctx.db.name}`);
  const shards = ctx.shardIds?.(coll);
  if (!shards) return coll;
  // getResponsibleShard(keys, docComplete = true): a missing shard key counts as null
  const doc: Record<string, Json> = { ...(keys as Record<string, Json>) };
  for (const k of c.properties?.shardKeys ?? []) if (!(k in doc)) doc[k] = null;
  const i = c.responsibleShardIndex?.(doc) ?? 0;
  return shards[i % Math.max(1, shards.length)] ?? coll;
}

export const collectionInfoFunctions: FnTable = {
  SCHEMA_GET: def(1, 1, schemaGet),
  SCHEMA_VALIDATE: def(2, 2, schemaValidate),
  SHARD_ID: def(2, 2, shardId),
};
