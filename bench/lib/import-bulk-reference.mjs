/**
 * The reference the CLI import is measured against: the driver's own `collection.importBulk`,
 * pipelined — `threads` calls in flight, each with `docs` JSON Lines documents, over every
 * coordinator (round-robin). The file is read and cut into chunks BEFORE the clock starts, so
 * the reference pays for nothing but the import itself. Prints one JSON line.
 *
 *   node bench/lib/import-bulk-reference.mjs --file F --urls U1,U2 --password P --collection C --docs N --threads T
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ArangoClient } from 'arangots';

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    urls: { type: 'string' },
    password: { type: 'string', default: '' },
    collection: { type: 'string' },
    docs: { type: 'string' },
    threads: { type: 'string', default: '3' },
  },
});
const lines = readFileSync(values.file ?? '', 'utf8').split('\n').filter((l) => l !== '');
const perChunk = Number(values.docs);
const chunks = [];
for (let i = 0; i < lines.length; i += perChunk) chunks.push(lines.slice(i, i + perChunk).join('\n'));
lines.length = 0;

const client = new ArangoClient({ hosts: (values.urls ?? '').split(','), hostResolver: 'roundrobin' });
try {
  const db = await client.db('_system', { username: 'root', password: values.password });
  const coll = await db.createCollection(values.collection ?? 'reference');
  let next = 0;
  let created = 0;
  let errors = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++];
      const r = await coll.importBulk(chunk, { batchSize: perChunk });
      created += r.created;
      errors += r.errors;
    }
  };
  await Promise.all(Array.from({ length: Number(values.threads) }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`${JSON.stringify({ created, errors, seconds, docsPerSec: created / seconds, chunks: chunks.length })}\n`);
} finally {
  await client.close();
}
