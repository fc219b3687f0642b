/** README: "Search: analyzers and views". */
// #region readme
import type { ArangoSearchViewProperties, Database } from 'arangots';

export async function run({ db }: { db: Database }): Promise<{ analyzerDropped: boolean; linked: string[]; primarySort: unknown }> {
  const analyzer = await db.createAnalyzer('words', { type: 'delimiter', properties: { delimiter: ' ' }, features: ['frequency'] });
  await db.createCollection('articles');

  const view = await db.createView('articlesView', {
    type: 'arangosearch',
    links: { articles: { fields: { title: { analyzers: ['words', 'identity'] } } } },
    primarySort: [{ field: 'published', direction: 'desc' }],
  });
  await view.updateProperties({ commitIntervalMsec: 500 });
  const props = (await view.properties()) as ArangoSearchViewProperties;

  await view.drop();
  await analyzer.drop();
  return { analyzerDropped: !(await analyzer.exists()), linked: Object.keys(props.links), primarySort: props.primarySort };
}
// #endregion readme
