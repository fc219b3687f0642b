// Rewrites docs/typedoc-backlog.json: the public names TypeDoc still finds without a doc comment.
// `npm run docs:backlog` after documenting (the list may only shrink; test/api-docs.test.ts and
// TypeDoc's validation fail on a new undocumented name and on a listed name that got documented).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const typedoc = join(dirname(createRequire(import.meta.url).resolve('typedoc/package.json')), 'bin', 'typedoc');
let out = '';
try {
  // An empty-but-set list overrides the backlog file, so every undocumented name is reported.
  out = execFileSync(process.execPath, [typedoc, '--emit', 'none', '--intentionallyNotDocumented', '-'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
} catch (e) {
  out = `${e.stdout ?? ''}${e.stderr ?? ''}`;
}
const names = [...new Set([...out.matchAll(/^\[warning\] (.+?) \(\w+\), defined in .* does not have any documentation$/gm)].map((m) => m[1]))].sort();
const other = out.split('\n').filter((l) => l.startsWith('[warning]') && !l.includes('does not have any documentation') && !l.includes('intentionally not documented') && !/Found \d+ errors/.test(l));
if (other.length > 0) process.stderr.write(`TypeDoc reports more than missing comments (fix these by hand):\n${other.join('\n')}\n`);
writeFileSync(new URL('../docs/typedoc-backlog.json', import.meta.url), `${JSON.stringify({ intentionallyNotDocumented: names }, null, 1)}\n`);
process.stdout.write(`docs/typedoc-backlog.json: ${names.length} names without a doc comment\n`);
