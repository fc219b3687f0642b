// `prepack` of both packages (npm runs it in the package's directory on `npm pack` and
// `npm publish`): a clean build of exactly what ships. dist/ is emptied first so files of
// renamed or deleted sources cannot slip into the tarball, and the published build carries no
// source maps (they would point at sources the tarball does not contain).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--sourceMap', 'false'], { stdio: 'inherit' });
