/**
 * Whether the build a benchmark is about to measure is older than its sources: the bench measures
 * the shipped code, so a stale dist/ has to be rebuilt (or, with --no-build, warned about) first.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time of any file under `dir`. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** True when any of `built` is missing or older than the newest file under `sourceDirs`. */
export function isStale(built, sourceDirs) {
  const builtAt = Math.min(...built.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  return builtAt < Math.max(...sourceDirs.map(newest));
}
