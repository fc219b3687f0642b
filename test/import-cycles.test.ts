/**
 * Import cycles between the source modules, found with a plain scan of the relative static
 * imports (`import … from './x.js'`, `export … from`): a cycle means two modules that are one
 * concept, or a dependency pointing the wrong way (the emulator's store must not need the AQL
 * evaluator to load). `import type` / `export type` are erased and do not count; a dynamic
 * `import()` is evaluated late and does not count either.
 *
 * KNOWN lists the cycles that exist today, each as its sorted set of modules: a new cycle, or a
 * known one that grows, fails; a known one that is gone fails too, so the list only shrinks.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TREES = ['src', 'emulator/src'];

const KNOWN: readonly (readonly string[])[] = [
  // The AQL compiler follows the grammar, which is recursive: an expression can hold a subquery
  // (a statement body), a statement holds expressions. Only functions cross these edges, none is
  // called while the modules load; breaking it means passing compileBody down through the
  // CompileEnv, which waits until the evaluator is not being reworked.
  [
    'emulator/src/aql/collect.ts',
    'emulator/src/aql/expressions.ts',
    'emulator/src/aql/graph.ts',
    'emulator/src/aql/modify.ts',
    'emulator/src/aql/resumable.ts',
    'emulator/src/aql/search.ts',
    'emulator/src/aql/statements.ts',
  ],
];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

// `import x, { y } from '…'`, `import '…'`, `export { x } from '…'`, `export * from '…'`; the
// specifier list may span lines. Comments are stripped first so an example in a comment is no edge.
const STATIC = /(?:^|[;\n])\s*(import|export)\s+(type\s+)?(?:[\w*{}\s,$]*?\s+from\s+)?['"](\.[^'"]+)['"]/g;

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Module → modules it needs at load time. */
function runtimeGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const tree of TREES) {
    for (const file of sourceFiles(join(ROOT, tree))) {
      const deps = new Set<string>();
      for (const m of stripComments(readFileSync(file, 'utf8')).matchAll(STATIC)) {
        if (m[2] !== undefined) continue;
        const target = resolveImport(file, m[3] ?? '');
        if (target !== undefined) deps.add(target);
      }
      graph.set(file, deps);
    }
  }
  return graph;
}

/** Strongly connected components with more than one module, or a module importing itself (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)?.has(v) === true) out.push(scc.map((f) => relative(ROOT, f).split('\\').join('/')).sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

describe('import cycles', () => {
  it('no module needs, at load time, a module that needs it back (except the known cycles)', () => {
    const graph = runtimeGraph();
    expect(graph.size).toBeGreaterThan(100);
    expect(cycles(graph)).toEqual(KNOWN.map((c) => [...c].sort()));
  });

  it('the scan sees imports across lines and skips type-only ones', () => {
    const text = "import {\n  a,\n  b,\n} from './a.js';\nimport type { T } from './t.js';\nexport { c } from './c.js';\nexport * from './d.js';\nimport './e.js';\n// import x from './comment.js';\n";
    const seen = [...stripComments(text).matchAll(STATIC)].filter((m) => m[2] === undefined).map((m) => m[3]);
    expect(seen).toEqual(['./a.js', './c.js', './d.js', './e.js']);
  });
});
