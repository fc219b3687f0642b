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
