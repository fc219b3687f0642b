/**
 * The published typings must not need `@types/node` or the DOM lib (a complaint about other
 * drivers): emit the declarations as the build does and compile a consumer against them with
 * neither, and with library checking on.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));

function diagnostics(program: ts.Program): string[] {
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
}

describe('published typings', () => {
  it('compile for a consumer without @types/node and without the DOM lib', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arangots-typings-'));
    try {
      const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.build.json'), {}, {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      });
      if (!config) throw new Error('tsconfig.build.json could not be read');
      const declDir = join(dir, 'arangots');
      const emit = ts.createProgram(config.fileNames.filter((f) => !f.includes('/cli/')), {
        ...config.options,
        outDir: declDir,
        declaration: true,
        emitDeclarationOnly: true,
        sourceMap: false,
        declarationMap: false,
      });
      const emitted = emit.emit();
      expect(emitted.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);

      const consumer = join(dir, 'consumer.ts');
      writeFileSync(
        consumer,
        [
          "import { ArangoClient, aql, ArangoServerError, errors, type Database, type Collection } from './arangots/index.js';",
          "const client = new ArangoClient({ hosts: 'http://127.0.0.1:8529', hostResolver: 'leastbusy' });",
          'export async function use(db: Database, users: Collection<{ name: string }>): Promise<number> {',
          '  const cursor = await db.aql.execute<string>(aql`FOR u IN ${users} RETURN u.name`);',
          '  const names: string[] = await cursor.all();',
          "  await users.insert({ name: 'x' }, { returnNew: true });",
          '  await client.close();',
          '  return names.length + errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND + (ArangoServerError.name.length);',
          '}',
        ].join('\n'),
      );
      const program = ts.createProgram([consumer], {
        strict: true,
        noEmit: true,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        target: ts.ScriptTarget.ES2022,
        lib: ['lib.es2023.d.ts'],
        types: [],
        typeRoots: [],
        skipLibCheck: false,
        exactOptionalPropertyTypes: true,
      });
      expect(diagnostics(program)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
