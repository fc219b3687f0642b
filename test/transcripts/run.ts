/** Replays a whole transcript file: one fresh emulator per deployment, reset between examples. */
import { readTranscript } from './parse.js';
import { Replayer, type ExchangeResult } from './replay.js';
import { startSyncEmulator, type SyncEmulator, type SyncRequest } from './sync-http.js';

export interface TranscriptRun {
  results: ExchangeResult[];
  /** Setup or cleanup code that failed, per example. */
  setupErrors: Record<string, string[]>;
}

function json(r: { text: string }): unknown {
  try {
    return JSON.parse(r.text);
  } catch {
    return undefined;
  }
}

/** Back to a fresh server's state: what one example made must not change the next one's answers. */
function reset(http: SyncRequest): void {
  http('DELETE', '/_api/job/all');
  const dbs = json(http('GET', '/_api/database')) as { result?: string[] } | undefined;
  for (const name of dbs?.result ?? []) if (name !== '_system') http('DELETE', `/_api/database/${encodeURIComponent(name)}`);
  const graphs = json(http('GET', '/_api/gharial')) as { graphs?: { _key: string }[] } | undefined;
  for (const g of graphs?.graphs ?? []) http('DELETE', `/_api/gharial/${encodeURIComponent(g._key)}`);
  const views = json(http('GET', '/_api/view')) as { result?: { name: string }[] } | undefined;
  for (const v of views?.result ?? []) http('DELETE', `/_api/view/${encodeURIComponent(v.name)}`);
  const colls = json(http('GET', '/_api/collection?excludeSystem=true')) as { result?: { name: string }[] } | undefined;
  for (const c of colls?.result ?? []) http('DELETE', `/_api/collection/${encodeURIComponent(c.name)}`);
  const users = json(http('GET', '/_api/user')) as { result?: { user: string }[] } | undefined;
  for (const u of users?.result ?? []) if (u.user !== 'root') http('DELETE', `/_api/user/${encodeURIComponent(u.user)}`);
  const tasks = json(http('GET', '/_api/tasks')) as { id: string }[] | undefined;
  for (const t of Array.isArray(tasks) ? tasks : []) http('DELETE', `/_api/tasks/${encodeURIComponent(t.id)}`);
  const fns = json(http('GET', '/_api/aqlfunction')) as { result?: { name: string }[] } | undefined;
  for (const f of fns?.result ?? []) http('DELETE', `/_api/aqlfunction/${encodeURIComponent(f.name)}`);
  const analyzers = json(http('GET', '/_api/analyzer')) as { result?: { name: string }[] } | undefined;
  for (const a of analyzers?.result ?? []) if (a.name.startsWith('_system::')) http('DELETE', `/_api/analyzer/${encodeURIComponent(a.name)}?force=true`);
  http('PUT', '/_api/query-cache/properties', JSON.stringify({ mode: 'off', maxResults: 128, maxResultsSize: 268435456, maxEntrySize: 16777216, includeSystem: false }));
  http('DELETE', '/_api/query-cache');
  http('DELETE', '/_api/query-plan-cache');
}

export async function replayTranscript(file: string, only?: (name: string) => boolean): Promise<TranscriptRun> {
  const examples = readTranscript(file).filter((e) => only === undefined || only(e.name));
  const emulators: Partial<Record<'single' | 'cluster', SyncEmulator>> = {};
  const results: ExchangeResult[] = [];
  const setupErrors: Record<string, string[]> = {};
  try {
    for (const ex of examples) {
      const emu = (emulators[ex.deployment] ??= await startSyncEmulator(ex.deployment));
      reset(emu.request);
      const t0 = Date.now();
      const run = new Replayer(ex, emu.request).run();
      if (process.env.TRANSCRIPT_TIMING) console.log(ex.name, Date.now() - t0);
      results.push(...run.results);
      if (run.errors.length > 0) setupErrors[ex.name] = run.errors;
    }
  } finally {
    await Promise.all(Object.values(emulators).map((e) => e.close()));
  }
  return { results, setupErrors };
}
