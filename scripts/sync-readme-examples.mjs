// Copies each example's `#region readme` into the README block that follows its
// `<!-- example: examples/x.ts -->` marker. examples/examples.test.ts fails when they differ.
import { readFileSync, writeFileSync } from 'node:fs';

const readmeUrl = new URL('../README.md', import.meta.url);
const readme = readFileSync(readmeUrl, 'utf8');
const out = readme.replace(/(<!-- example: examples\/([\w/.-]+\.ts) -->\s*```ts\n)[\s\S]*?```/g, (_all, head, file) => {
  const text = readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8');
  const m = /\/\/ #region readme\n([\s\S]*?)\/\/ #endregion readme/.exec(text);
  if (!m) throw new Error(`examples/${file} has no '#region readme'`);
  return `${head}${m[1].trimEnd()}\n\`\`\``;
});
writeFileSync(readmeUrl, out);
