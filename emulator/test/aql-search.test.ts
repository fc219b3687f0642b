import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type EmulatorCluster } from '../src/cluster.js';
import { call, PASSWORD } from './http.js';
import { aql, error } from './aql-helpers.js';

let server: EmulatorCluster;
let u: string;

beforeAll(async () => {
  server = await startServer({ rootPassword: PASSWORD });
  u = server.urls[0] as string;
  await call(u, 'POST', '/_db/_system/_api/collection', { body: { name: 'articles' } });
  await aql(u, `FOR d IN [
    { _key: '1', title: 'The quick brown fox', year: 2019, tags: ['animals', 'fast'] },
    { _key: '2', title: 'A lazy dog sleeps', year: 2021, tags: ['animals'] },
    { _key: '3', title: 'Quick recipes', year: 2023 }
  ] INSERT d INTO articles`);
  const v = await call(u, 'POST', '/_db/_system/_api/view', {
    body: { name: 'articlesView', type: 'arangosearch', links: { articles: { includeAllFields: true, analyzers: ['identity', 'text_en'] } } },
  });
  expect(v.status).toBeLessThan(300);
});
afterAll(async () => {
  await server.close();
});

describe('SEARCH on arangosearch views', () => {
  it('matches exact values, IN and ranges', async () => {
    expect(await aql(u, 'FOR d IN articlesView SEARCH d.year == 2021 RETURN d._key')).toEqual(['2']);
    expect(await aql(u, 'FOR d IN articlesView SEARCH d.year IN 2020..2023 SORT d._key RETURN d._key')).toEqual(['2', '3']);
    expect(await aql(u, "FOR d IN articlesView SEARCH d.tags == 'fast' OR d.year > 2022 SORT d._key RETURN d._key")).toEqual(['1', '3']);
    expect(await aql(u, "FOR d IN articlesView SEARCH d.year IN [2019, 2023] AND NOT (d.tags == 'fast') RETURN d._key")).toEqual(['3']);
  });

  it('tokenizes with ANALYZER, PHRASE, TOKENS and STARTS_WITH', async () => {
    expect(await aql(u, "FOR d IN articlesView SEARCH ANALYZER(d.title == 'quick', 'text_en') SORT d._key RETURN d._key")).toEqual(['1', '3']);
    expect(await aql(u, "FOR d IN articlesView SEARCH PHRASE(d.title, 'brown fox', 'text_en') RETURN d._key")).toEqual(['1']);
    expect(await aql(u, "FOR d IN articlesView SEARCH ANALYZER(d.title IN TOKENS('Lazy Dogs', 'text_en'), 'text_en') RETURN d._key")).toEqual(['2']);
    expect(await aql(u, "FOR d IN articlesView SEARCH ANALYZER(STARTS_WITH(d.title, 'rec'), 'text_en') RETURN d._key")).toEqual(['3']);
    expect(await aql(u, 'FOR d IN articlesView SEARCH EXISTS(d.tags) SORT d._key RETURN d._key')).toEqual(['1', '2']);
  });

  it('scores with BM25 / TFIDF', async () => {
    const r = await aql(u, "FOR d IN articlesView SEARCH ANALYZER(d.title IN ['quick', 'fox'], 'text_en') SORT BM25(d) DESC RETURN [d._key, BM25(d) > 0, TFIDF(d) > 0]");
    expect(r).toEqual([['1', true, true], ['3', true, true]]);
  });

  it('refuses what it does not support with 501 and SEARCH on a collection', async () => {
    const [status, num] = await error(u, "FOR d IN articlesView SEARCH NGRAM_MATCH(d.title, 'quick', 0.5, 'bigram') RETURN d");
    expect([status, num]).toEqual([501, 9]);
    expect((await error(u, "RETURN PHRASE('a', 'b')")).slice(0, 2)).toEqual([501, 9]);
    expect((await error(u, 'FOR d IN articles SEARCH d.year == 1 RETURN d')).slice(0, 2)).toEqual([400, 1501]);
  });
});
