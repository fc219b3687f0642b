import { describe, expect, it } from 'vitest';
import { Batch } from '../../src/cli/batch.js';
import { INVALID, RecordScanner, SourceError } from '../../src/cli/records.js';

interface Doc {
  text: string;
  line: number;
  index: number;
  invalid?: string;
}

/**
 * Scans `chunks` through a Batch as the import does. `stopEvery` makes the sink ask to stop after
 * that many documents, exercising the resume path; chunks are reused buffers, as fileChunks gives.
 */
function scan(chunks: readonly Uint8Array[], stopEvery = 0): { docs: Doc[]; empty: number; format: string | undefined } {
  const scanner = new RecordScanner();
  const batch = new Batch();
  const docs: Doc[] = [];
  const take = (): void => {
    for (let i = 0; i < batch.count; i++) docs.push({ text: batch.text(i), line: batch.lines[i] ?? 0, index: batch.indexes[i] ?? 0 });
    batch.reset();
  };
  const sink = (bytes: Uint8Array, start: number, end: number, line: number, index: number, flags: number, invalid?: string): boolean => {
    if ((flags & INVALID) !== 0) {
      take();
      docs.push({ text: Buffer.from(bytes.subarray(start, end)).toString('utf8'), line, index, invalid: invalid ?? '' });
      return true;
    }
    batch.add(bytes, start, end, line, index, flags);
    return stopEvery === 0 || batch.count < stopEvery;
  };
  const reused = new Uint8Array(Math.max(1, ...chunks.map((c) => c.length)));
  for (const c of chunks) {
    reused.set(c);
    scanner.feed(reused.subarray(0, c.length));
    while (!scanner.drain(sink)) take();
    // What was copied must not change when the chunk buffer is overwritten.
    reused.fill(0x21);
  }
  scanner.end(sink);
  take();
  return { docs, empty: scanner.emptyLines, format: scanner.format };
}

const bytes = (s: string): Uint8Array => Buffer.from(s, 'utf8');

/** Every way of cutting the bytes into two chunks, and one byte per chunk. */
function cuts(text: string): Uint8Array[][] {
  const b = bytes(text);
  const out: Uint8Array[][] = [[b], [...b].map((x) => Uint8Array.of(x))];
  for (let i = 1; i < b.length; i++) out.push([b.subarray(0, i), b.subarray(i)]);
  return out;
}

describe('RecordScanner', () => {
  it('JSON Lines: skips blank lines, drops CR and surrounding blanks, numbers lines and documents', () => {
    const { docs, empty, format } = scan([bytes('\n{"a":1}\r\n\n  {"b":2}  \n'), bytes('{"c":'), bytes('3}')]);
    expect(format).toBe('jsonl');
    expect(empty).toBe(2);
    expect(docs).toEqual([
      { text: '{"a":1}', line: 2, index: 1 },
      { text: '{"b":2}', line: 4, index: 2 },
      { text: '{"c":3}', line: 5, index: 3 },
    ]);
  });

  it('JSON array: one line per element whatever the layout, with line numbers', () => {
    const text = '\uFEFF[\n  {\n    "a": [1, {"x": "]}"}],\n    "s": "quote \\" and \\\\"\n  },\n  {"b": 2}, 3, "x,y"\n]\n';
    const { docs, format } = scan([bytes(text)]);
    expect(format).toBe('array');
    expect(docs.map((d) => JSON.parse(d.text) as unknown)).toEqual([{ a: [1, { x: ']}' }], s: 'quote " and \\' }, { b: 2 }, 3, 'x,y']);
    for (const d of docs) expect(d.text).not.toMatch(/[\r\n]/);
    expect(docs.map((d) => [d.line, d.index])).toEqual([
      [2, 1],
      [6, 2],
      [6, 3],
      [6, 4],
    ]);
  });

  it('gives the same documents however the input is cut, and when stopped after every document', () => {
    for (const text of ['  [{"k":"ä€😀","n":[1,2]} ,\n {"s":"a,b]"}, {"t":\n"x"}]\n', '{"k":"ä€"}\n\n{"n":2}\r\n{"z":[1,\n']) {
      const expected = scan([bytes(text)]).docs;
      expect(expected.length).toBeGreaterThan(1);
      for (const parts of cuts(text)) {
        expect(scan(parts).docs).toEqual(expected);
        expect(scan(parts, 1).docs).toEqual(expected);
      }
    }
  });

  it('marks an element with a raw line break inside a string as invalid, and goes on', () => {
    const { docs } = scan([bytes('[{"a":"x\ny"}, {"b":1}]')]);
    expect(docs[0]?.invalid).toMatch(/line break inside a string/);
    expect(docs[0]?.text).toBe('{"a":"x\ny"}');
    expect(docs[1]).toEqual({ text: '{"b":1}', line: 2, index: 2 });
  });

  it('refuses an unclosed array, text after it, and empty elements', () => {
    expect(() => scan([bytes('[{"a":1},')])).toThrow(SourceError);
    expect(() => scan([bytes('[{"a":1},\n{"b":2}\n')])).toThrow('the JSON array is not closed (the file ends at line 3)');
    expect(() => scan([bytes('[{"a":1}] x')])).toThrow(/unexpected text after the end of the JSON array/);
    expect(() => scan([bytes('[{"a":1},,{"b":2}]')])).toThrow(/empty element/);
    expect(() => scan([bytes('[{"a":1},]')])).toThrow(/trailing comma/);
    expect(scan([bytes('[ ]')]).docs).toEqual([]);
    expect(scan([bytes('  \n')]).docs).toEqual([]);
  });
});
