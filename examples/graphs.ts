/** README: "Graphs". */
// #region readme
import { aql, type Database } from 'arangots';

export async function run({ db }: { db: Database }): Promise<string[]> {
  const graph = await db.createGraph('metro', [{ collection: 'lines', from: 'stations', to: 'stations' }]);

  const stations = graph.vertexCollection<{ name: string }>('stations');
  for (const [key, name] of [['a', 'Alpha'], ['b', 'Bravo'], ['c', 'Charlie']] as const) {
    await stations.insert({ _key: key, name });
  }
  const lines = graph.edgeCollection<{ minutes: number }>('lines');
  await lines.link('stations/a', 'stations/b', { minutes: 4 });
  await lines.link('stations/b', 'stations/c', { minutes: 6 });

  // Every station reachable from Alpha within two stops, nearest first.
  const cursor = await db.aql.execute<string>(aql`
    FOR v IN 1..2 OUTBOUND 'stations/a' GRAPH 'metro'
      RETURN v.name`);
  const reachable = await cursor.all();

  await graph.drop({ dropCollections: true });
  return reachable; // ['Bravo', 'Charlie']
}
// #endregion readme
