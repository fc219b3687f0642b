import { describe, expect, it } from 'vitest';
import { readRecords, SourceError, type SourceRecord } from '../../src/cli/records.js';

async function collect(chunks: readonly string[]): Promise<{ records: SourceRecord[]; empty: number; format: string | undefined }> {
  const reader = readRecords(
    (async function* () {
      for (const c of chunks) yield Buffer.from(c, 'utf8');
    })(),
  );
  const records: SourceRecord[] = [];
  for await (const batch of reader.records) records.push(...batch);
  return { records, empty: reader.emptyLines, format: reader.format };
}

/** Every way of cutting `text`'s bytes into two chunks, and into one byte per chunk. */
function cuts(text: string): Buffer[][] {
  const bytes = Buffer.from(text, 'utf8');
  const out: Buffer[][] = [[bytes], [...bytes].map((b) => Buffer.from([b]))];
  for (let i = 1; i < bytes.length; i++) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  return out;
}

async function collectBytes(parts: readonly Buffer[]): Promise<SourceRecord[]> {
  const reader = readRecords(
    (async function* () {
      for (const p of parts) yield p;
    })(),
  );
  const records: SourceRecord[] = [];
  for await (const batch of reader.records) records.push(...batch);
  return records;
}

describe('readRecords', () => {
  it('JSON Lines: skips blank lines, drops CR, numbers lines and documents', async () => {
    const { records, empty, format } = await collect(['{"a":1}\r\n\n  {"b":2}  \n', '{"c":', '3}']);
    expect(format).toBe('jsonl');
    expect(empty).toBe(1);
    expect(records).toEqual([
      { text: '{"a":1}', line: 1, index: 1 },
      { text: '{"b":2}', line: 3, index: 2 },
      { text: '{"c":3}', line: 4, index: 3 },
    ]);
  });

  it('JSON array: elements on one line each, whatever the layout, with line numbers', async () => {
    const text = '\uFEFF[\n  {\n    "a": [1, {"x": "]}"}],\n    "s": "quote \\" and \\\\"\n  },\n  {"b": 2}, 3, "x,y"\n]\n';
    const { records, format } = await collect([text]);
    expect(format).toBe('array');
    expect(records.map((r) => JSON.parse(r.text) as unknown)).toEqual([{ a: [1, { x: ']}' }], s: 'quote " and \\' }, { b: 2 }, 3, 'x,y']);
    for (const r of records) expect(r.text).not.toMatch(/\n/);
    expect(records.map((r) => [r.line, r.index])).toEqual([
      [2, 1],
      [6, 2],
      [6, 3],
      [6, 4],
    ]);
  });

  it('gives the same records however the input is cut into chunks (multi-byte characters too)', async () => {
    const text = '[{"k":"ä€😀","n":[1,2]} ,\n {"s":"a,b]"}]';
    const expected = (await collect([text])).records;
    for (const parts of cuts(text)) {
      const got = await collectBytes(parts);
      expect(got).toEqual(expected);
    }
    const lines = '{"k":"ä€"}\n\n{"n":2}\n';
    const expectedLines = (await collect([lines])).records;
    for (const parts of cuts(lines)) expect(await collectBytes(parts)).toEqual(expectedLines);
  });

  it('marks an element with a raw line break inside a string as invalid, and goes on', async () => {
    const { records } = await collect(['[{"a":"x\ny"}, {"b":1}]']);
    expect(records[0]?.invalid).toMatch(/line break inside a string/);
    expect(records[1]).toEqual({ text: '{"b":1}', line: 2, index: 2 });
  });

  it('refuses an unclosed array, text after it, and empty elements', async () => {
    await expect(collect(['[{"a":1},'])).rejects.toThrow(SourceError);
    await expect(collect(['[{"a":1}] x'])).rejects.toThrow(/unexpected text after the end of the JSON array/);
    await expect(collect(['[{"a":1},,{"b":2}]'])).rejects.toThrow(/empty element/);
    await expect(collect(['[{"a":1},]'])).rejects.toThrow(/trailing comma/);
    expect((await collect(['[ ]'])).records).toEqual([]);
    expect((await collect(['  \n'])).records).toEqual([]);
  });
});
