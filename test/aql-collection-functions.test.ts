/**
 * SCHEMA_GET, SCHEMA_VALIDATE and SHARD_ID as ArangoDB 3.12 evaluates them (issue 19, item 23;
 * arangod/Aql/Functions SchemaGet / SchemaValidate / ShardId); runs against the emulator or ARANGO_URL.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Collection } from 'arangots';
import { useTestDatabase } from './helpers/database.js';

const ctx = useTestDatabase('aqlcoll');

async function run(query: string, bindVars: Record<string, unknown> = {}): Promise<{ result: unknown[]; warnings: number[] }> {
  const cursor = await ctx.db.aql.execute(query, { bindVars });
  return { result: await cursor.all(), warnings: cursor.extra.warnings.map((w) => w.code) };
}
const value = async (expr: string, bindVars: Record<string, unknown> = {}): Promise<unknown> => (await run(`RETURN ${expr}`, bindVars)).result[0];

const rule = { properties: { age: { type: 'number' } }, required: ['age'] };
let sharded: Collection;

beforeAll(async () => {
  await ctx.db.createCollection('people', { schema: { rule, level: 'moderate', message: 'age must be a number' } });
  await ctx.db.createCollection('free');
  sharded = await ctx.db.createCollection('sharded', { numberOfShards: 4, shardKeys: ['country'] });
});

describe('SCHEMA_GET and SCHEMA_VALIDATE', () => {
  it('SCHEMA_GET answers the schema of the collection properties, null without one', async () => {
    const schema = (await value('SCHEMA_GET("people")')) as Record<string, unknown>;
    expect(schema).toMatchObject({ rule, level: 'moderate', message: 'age must be a number' });
    expect(schema).toEqual((await ctx.db.collection('people').properties()).schema);
    expect(await value('SCHEMA_GET("free")')).toBeNull();
    // a document id names its collection
    expect(await value('SCHEMA_GET("people/123")')).toEqual(schema);
    expect((await ctx.serverError(ctx.db.aql.execute('RETURN SCHEMA_GET("missing")'))).errorNum).toBe(1203);
    expect((await ctx.serverError(ctx.db.aql.execute('RETURN SCHEMA_GET(1)'))).errorNum).toBe(10);
  });

  it('SCHEMA_VALIDATE checks whatever the level, reports the message; null or {} passes all', async () => {
    expect(await value('SCHEMA_VALIDATE({ age: 42 }, SCHEMA_GET("people"))')).toEqual({ valid: true });
    expect(await value('SCHEMA_VALIDATE({ age: "x" }, SCHEMA_GET("people"))')).toEqual({ valid: false, errorMessage: 'age must be a number' });
    expect(await value('SCHEMA_VALIDATE({ name: "no age" }, @s)', { s: { rule, level: 'none', message: 'nope' } })).toEqual({ valid: false, errorMessage: 'nope' });
    expect(await value('SCHEMA_VALIDATE({ age: "x" }, null)')).toEqual({ valid: true });
    expect(await value('SCHEMA_VALIDATE({ age: "x" }, {})')).toEqual({ valid: true });
    expect(await run('RETURN SCHEMA_VALIDATE("doc", null)')).toEqual({ result: [null], warnings: [1542] });
    expect((await ctx.serverError(ctx.db.aql.execute('RETURN SCHEMA_VALIDATE({}, "schema")'))).errorNum).toBe(10);
  });
});

describe('SHARD_ID', () => {
  it('names the shard the server would put the document in; a single server answers the collection', async () => {
    const viaAql = await value('SHARD_ID("sharded", { country: "NL" })');
    const viaApi = await sharded.responsibleShard({ country: 'NL' }).catch(() => 'sharded');
    expect(viaAql).toBe(viaApi);
    if (viaApi !== 'sharded') {
      expect(await value('SHARD_ID("sharded", { country: "DE" })')).toBe(await sharded.responsibleShard({ country: 'DE' }));
      const all = await sharded.shards();
      expect(all).toContain(await value('SHARD_ID("sharded", {})'));
    }
    expect((await ctx.serverError(ctx.db.aql.execute('RETURN SHARD_ID("missing", {})'))).errorNum).toBe(1203);
    expect((await ctx.serverError(ctx.db.aql.execute('RETURN SHARD_ID("sharded", "NL")'))).errorNum).toBe(10);
  });
});
