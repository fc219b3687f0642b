/**
 * Regenerates documented-endpoints.json from the condensed 3.12 OpenAPI reference
 * (`../shared/reference/openapi_3.12_*.txt`): every documented method + path template with its
 * query parameters. The JSON is committed so the conformance test does not need the reference.
 *
 *   npx tsx test/conformance/gen-documented.ts [reference-dir]
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DocumentedEndpoint {
  method: string;
  /** Path template without the `/_db/{database-name}` prefix. */
  path: string;
  query: string[];
  deprecated: boolean;
  source: string;
}

const here = fileURLToPath(new URL('.', import.meta.url));
const dir = process.argv[2] ?? join(here, '../../../shared/reference');
const out: DocumentedEndpoint[] = [];
for (const file of readdirSync(dir).filter((f) => /^openapi_3\.12_.*\.txt$/.test(f)).sort()) {
  let current: DocumentedEndpoint | undefined;
  for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
    const head = /^### (GET|POST|PUT|PATCH|DELETE|HEAD) (\S+)\s+\(\w+\)(.*)$/.exec(line);
    if (head) {
      const [, method = '', rawPath = '', rest = ''] = head;
      current = {
        method,
        // `#get`, `#multiple`: the reference tells apart operations sharing a method and path.
        path: rawPath.replace(/#.*$/, '').replace(/^\/_db\/\{database-name\}/, '').replace(/^\/_db\/_system(?=\/)/, ''),
        query: [],
        deprecated: rest.includes('DEPRECATED'),
        source: file,
      };
      out.push(current);
      continue;
    }
    const param = /^\s+param query:([^\s*(]+)/.exec(line);
    if (param && current) current.query.push(param[1] ?? '');
  }
}
writeFileSync(join(here, 'documented-endpoints.json'), `${JSON.stringify(out, null, 1)}\n`);
console.log(`${out.length} endpoints`);
