/**
 * docs/migrating-from-arangojs.md maps every public member of arangojs's Database, collection,
 * graph, View, cursor, Transaction, Analyzer and Job types. The members are read from the
 * installed arangojs's .d.ts files, so a new arangojs method fails this test until the guide
 * maps it. (The guides' ```ts blocks are compiled by test/packaging.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ArangoClient, Cursor } from 'arangots';

// arangojs's exports map package.json elsewhere; its main entry sits beside the .d.ts files.
const arangojs = join(dirname(createRequire(import.meta.url).resolve('arangojs')), '..');
const guide = readFileSync(new URL('../docs/migrating-from-arangojs.md', import.meta.url), 'utf8');

/** arangojs type → the guide's section (## heading) that maps it. */
const sections: Record<string, { file: string; section: string }> = {
  Database: { file: 'databases.d.ts', section: 'Database' },
  DocumentCollection: { file: 'collections.d.ts', section: 'Collection' },
  EdgeCollection: { file: 'collections.d.ts', section: 'Collection' },
  Graph: { file: 'graphs.d.ts', section: 'Graph' },
  GraphVertexCollection: { file: 'graphs.d.ts', section: 'Graph' },
  GraphEdgeCollection: { file: 'graphs.d.ts', section: 'Graph' },
  View: { file: 'views.d.ts', section: 'View' },
  Cursor: { file: 'cursors.d.ts', section: 'Cursor' },
  BatchCursor: { file: 'cursors.d.ts', section: 'Cursor' },
  Transaction: { file: 'transactions.d.ts', section: 'Transaction' },
  Analyzer: { file: 'analyzers.d.ts', section: 'Analyzer' },
  Job: { file: 'jobs.d.ts', section: 'Job' },
};

/** Public members of a class or interface declared in an arangojs .d.ts, `name()` for methods. */
function members(file: string, type: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(arangojs, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const out = new Set<string>();
  source.forEachChild((node) => {
    if (!(ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node)) || node.name?.text !== type) return;
    for (const m of node.members) {
      if (!m.name || !ts.isIdentifier(m.name) || m.name.text.startsWith('_')) continue;
      if (ts.getCombinedModifierFlags(m) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
      if (ts.isMethodDeclaration(m) || ts.isMethodSignature(m)) out.add(`${m.name.text}()`);
      else if (ts.isPropertyDeclaration(m) || ts.isPropertySignature(m) || ts.isGetAccessorDeclaration(m)) out.add(m.name.text);
    }
  });
  return [...out];
}

function section(name: string): string {
  const start = guide.indexOf(`\n## ${name}\n`);
  if (start < 0) throw new Error(`docs/migrating-from-arangojs.md has no "## ${name}" section`);
  const end = guide.indexOf('\n## ', start + 1);
  return guide.slice(start, end < 0 ? undefined : end);
}

describe('docs/migrating-from-arangojs.md', () => {
  for (const [type, { file, section: name }] of Object.entries(sections)) {
    it(`maps every public member of arangojs's ${type}`, () => {
      const found = members(file, type);
      expect(found.length, `${type} in arangojs/${file}`).toBeGreaterThan(3);
      const text = section(name);
      const missing = found.filter((m) => !text.includes(`| \`${m}\` |`));
      expect(missing, `arangojs ${type} members without a row in "## ${name}"`).toEqual([]);
    });
  }
});

/**
 * docs/migrating-from-python-arango.md: every public method/property of python-arango's main
 * classes (docs/data/python-arango-methods.json, read from python-arango's source at the commits
 * noted there) has a row in its section, no row names a python-arango member that does not exist,
 * and every arangots call the guide names exists on the object it is called on. The calls are
 * resolved against real handles built offline (no request is sent): `db`, `col`, `graph`, `trx`
 * and `cursor` are the receivers the guide writes; `.x()` continues the previous call's receiver.
 */
interface PythonApi {
  files: Record<string, string>;
  classes: Record<string, string[]>;
}
const pyGuide = readFileSync(new URL('../docs/migrating-from-python-arango.md', import.meta.url), 'utf8');
const pyApi = JSON.parse(readFileSync(new URL('../docs/data/python-arango-methods.json', import.meta.url), 'utf8')) as PythonApi;

/** python-arango class → the guide's section and the arangots receiver a bare name belongs to. */
const pySections: Record<string, { section: string; receiver: string }> = {
  StandardDatabase: { section: 'StandardDatabase → `Database`', receiver: 'db' },
  TransactionDatabase: { section: 'TransactionDatabase', receiver: 'trx' },
  StandardCollection: { section: 'StandardCollection → `Collection`', receiver: 'col' },
  Graph: { section: 'Graph → `Graph`', receiver: 'graph' },
  AQL: { section: 'AQL', receiver: 'db.aql' },
  AQLQueryCache: { section: 'AQLQueryCache → `AqlQueryCache`', receiver: 'db.aql.cache' },
  Cluster: { section: 'Cluster', receiver: 'db.cluster' },
  Cursor: { section: 'Cursor', receiver: 'cursor' },
};

function sectionIn(text: string, name: string): string {
  const start = text.indexOf(`\n## ${name}\n`);
  if (start < 0) throw new Error(`no "## ${name}" section`);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

/** Table rows of a section as cells (header and separator left out; `\|` stays inside a cell). */
function tableRows(text: string): string[][] {
  const lines = text.split('\n').filter((l) => l.startsWith('|'));
  return lines.slice(2).map((l) => l.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()));
}

/** Code spans of a cell; ``double-backtick`` spans (templates) are not calls. */
function codeSpans(cell: string): string[] {
  return [...cell.replace(/``.*?``/g, '').matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
}

function pythonNames(cell: string): string[] {
  return codeSpans(cell)
    .filter((s) => !s.startsWith('for '))
    .map((s) => /^(?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*)/.exec(s)?.[1])
    .filter((n): n is string => n !== undefined);
}

const HANDLE_FACTORIES = new Set(['collection', 'edgeCollection', 'graph', 'view', 'analyzer', 'vertexCollection']);
const ROOTS = ['db', 'col', 'graph', 'trx', 'cursor'];

/** Parses `a.b(x).c` into segments; undefined when the span is not a call chain. */
function chain(span: string): { name: string; call: boolean }[] | undefined {
  const text = span.replace(/<[^<>()]*>/g, '');
  const out: { name: string; call: boolean }[] = [];
  let rest = text;
  for (;;) {
    const m = /^([A-Za-z_$][\w$]*)(\([^()]*\))?/.exec(rest);
    if (!m) return undefined;
    out.push({ name: m[1] ?? '', call: m[2] !== undefined });
    rest = rest.slice(m[0].length);
    if (rest === '') return out;
    if (!rest.startsWith('.')) return undefined;
    rest = rest.slice(1);
  }
}

describe('docs/migrating-from-python-arango.md', () => {
  it('lists its source: python-arango files at fixed commits', () => {
    expect(Object.keys(pyApi.files).length).toBeGreaterThan(5);
    for (const commit of Object.values(pyApi.files)) expect(commit).toMatch(/^[0-9a-f]{40}$/);
  });

  for (const [cls, { section }] of Object.entries(pySections)) {
    it(`maps every public member of python-arango's ${cls}, and only real ones`, () => {
      const members = pyApi.classes[cls] ?? [];
      expect(members.length, cls).toBeGreaterThan(3);
      const named = new Set(tableRows(sectionIn(pyGuide, section)).flatMap((row) => pythonNames(row[0] ?? '')));
      expect(members.filter((m) => !named.has(m)), `python-arango ${cls} members without a row in "## ${section}"`).toEqual([]);
      expect([...named].filter((n) => !members.includes(n)), `names in "## ${section}" that python-arango's ${cls} does not have`).toEqual([]);
    });
  }

  it('names only arangots calls that exist on the objects they are called on', async () => {
    const client = new ArangoClient({ hosts: 'http://127.0.0.1:9' });
    try {
      const db = await client.db('_system'); // no request: verify is off
      const roots: Record<string, unknown> = { db, col: db.collection('c'), graph: db.graph('g'), trx: db.fetchTransaction('1'), cursor: Cursor.prototype };
      const problems: string[] = [];
      let checked = 0;
      const resolve = (span: string, receiverOfSection: string, explicitOnly: boolean, previous: string | undefined): string | undefined => {
        if (span.startsWith('for ')) return previous;
        let text = span;
        if (text.startsWith('.')) {
          if (previous === undefined) {
            // In the differences column `.x` may name a field of an answer rather than a call.
            if (!explicitOnly) problems.push(`${span}: no receiver to continue`);
            return previous;
          }
          text = previous + text;
        }
        let parts = chain(text);
        if (parts === undefined || parts.length === 0) return previous;
        if (!ROOTS.includes(parts[0]?.name ?? '')) {
          if (explicitOnly || parts.length > 1 || !parts[0]?.call) return previous;
          parts = [...(chain(receiverOfSection) ?? []), ...parts];
        }
        let obj = roots[parts[0]?.name ?? ''] as Record<string, unknown>;
        for (let i = 1; i < parts.length; i++) {
          const part = parts[i] as { name: string; call: boolean };
          const last = i === parts.length - 1;
          if (typeof obj !== 'object' || obj === null || !(part.name in obj)) {
            problems.push(`${span}: "${part.name}" is not a member of ${parts.slice(0, i).map((p) => p.name).join('.')}`);
            return previous;
          }
          if (last && !part.call) break; // a property: being there is enough (a getter on a prototype must not run)
          const value = obj[part.name];
          if (part.call && typeof value !== 'function') {
            problems.push(`${span}: "${part.name}" is not a method`);
            return previous;
          }
          if (!last) {
            if (part.call && !HANDLE_FACTORIES.has(part.name)) {
              problems.push(`${span}: cannot follow the result of ${part.name}() offline`);
              return previous;
            }
            obj = (part.call ? (value as (name: string) => unknown).call(obj, 'x') : value) as Record<string, unknown>;
          }
        }
        checked++;
        return parts.slice(0, -1).map((p) => (p.call ? `${p.name}(x)` : p.name)).join('.');
      };
      for (const { section, receiver } of Object.values(pySections)) {
        for (const row of tableRows(sectionIn(pyGuide, section))) {
          const [, ours = '', differences = ''] = row;
          if (!ours.startsWith('not offered')) {
            const spans = codeSpans(ours);
            if (spans.length === 0) problems.push(`"## ${section}": row ${row[0] ?? ''} names no arangots call`);
            let previous: string | undefined;
            for (const span of spans) previous = resolve(span, receiver, false, previous);
          }
          let previous: string | undefined;
          for (const span of codeSpans(differences)) previous = resolve(span, receiver, true, previous);
        }
      }
      expect(problems).toEqual([]);
      expect(checked).toBeGreaterThan(150);
    } finally {
      await client.close();
    }
  });
});
