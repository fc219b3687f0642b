/**
 * Reads ArangoDB's documentation transcripts (`../shared/reference/server_examples_*.txt`, format in
 * the file's header): one block per example, `# setup:` JavaScript that ran before the next request,
 * the request as a curl command (body in a heredoc), the response the server sent (status line,
 * kept headers, body), and `# cleanup:` lines.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  /** The body text as recorded ('' when there was none). */
  text: string;
}

export interface TranscriptRequest {
  method: string;
  /** Path and query string as sent (`/_api/document/products/1?x=y`). */
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Absent when the docs left the response out (a curl line with no HTTP line after it). */
  response: RecordedResponse | undefined;
}

export type Step = { kind: 'setup'; code: string } | { kind: 'cleanup'; code: string } | { kind: 'request'; request: TranscriptRequest };

export interface Example {
  name: string;
  deployment: 'single' | 'cluster';
  steps: Step[];
}

/** `../shared/reference` beside the repository root (CI keeps shared/ beside the clone). */
export function referenceDir(): string {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  return join(root, '../shared/reference');
}

export function readTranscript(file: string): Example[] {
  const path = join(referenceDir(), file);
  if (!existsSync(path)) throw new Error(`transcript ${path} not found: the tests expect ../shared/reference beside the repository root`);
  return parseTranscript(readFileSync(path, 'utf8'));
}

const CURL = /^shell> curl (.*)$/;
const STATUS = /^HTTP\/1\.1 (\d{3})/;

function parseCurl(args: string): Omit<TranscriptRequest, 'body' | 'response'> & { heredoc: boolean } {
  let method = 'GET';
  const headers: Record<string, string> = {};
  let url = '';
  let heredoc = false;
  const re = /'([^']*)'|(\S+)/g;
  const tokens: string[] = [];
  for (let m = re.exec(args); m !== null; m = re.exec(args)) tokens.push(m[1] ?? m[2] ?? '');
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    if (t === '-X') method = tokens[++i] ?? method;
    else if (t === '--header') {
      const h = tokens[++i] ?? '';
      const colon = h.indexOf(':');
      headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
    } else if (t === '--data-binary') i++;
    else if (t === '--dump') i++;
    else if (t === '<<EOF') heredoc = true;
    else if (t.startsWith('http://')) url = t;
  }
  const u = new URL(url);
  return { method, path: `${u.pathname}${u.search}`, headers, heredoc };
}

export function parseTranscript(text: string): Example[] {
  const lines = text.split('\n');
  const examples: Example[] = [];
  let current: Example | undefined;
  let setup: string[] = [];
  let cleanup: string[] = [];
  const flush = (): void => {
    if (!current) return;
    if (setup.length > 0) current.steps.push({ kind: 'setup', code: setup.join('\n') });
    if (cleanup.length > 0) current.steps.push({ kind: 'cleanup', code: cleanup.join('\n') });
    setup = [];
    cleanup = [];
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const head = /^===== (\S+) \((single|cluster)\)$/.exec(line);
    if (head) {
      flush();
      current = { name: head[1] ?? '', deployment: head[2] === 'cluster' ? 'cluster' : 'single', steps: [] };
      examples.push(current);
      i++;
      continue;
    }
    if (!current || line.startsWith('#') && !line.startsWith('# setup:') && !line.startsWith('# cleanup:')) {
      i++;
      continue;
    }
    if (line.startsWith('# setup:')) {
      if (cleanup.length > 0) flush();
      setup.push(line.slice('# setup:'.length));
      i++;
      continue;
    }
    if (line.startsWith('# cleanup:')) {
      cleanup.push(line.slice('# cleanup:'.length));
      i++;
      continue;
    }
    const curl = CURL.exec(line);
    if (curl) {
      flush();
      const { heredoc, ...req } = parseCurl(curl[1] ?? '');
      i++;
      let body: string | undefined;
      if (heredoc) {
        const bodyLines: string[] = [];
        while (i < lines.length && lines[i] !== 'EOF') bodyLines.push(lines[i++] ?? '');
        i++;
        body = bodyLines.join('\n');
      }
      let response: RecordedResponse | undefined;
      const status = STATUS.exec(lines[i] ?? '');
      if (status) {
        i++;
        const headers: Record<string, string> = {};
        while (i < lines.length && /^[a-z][a-z0-9-]*: /.test(lines[i] ?? '')) {
          const h = lines[i++] ?? '';
          const colon = h.indexOf(':');
          headers[h.slice(0, colon)] = h.slice(colon + 2);
        }
        const bodyLines: string[] = [];
        while (i < lines.length && !/^(===== |# setup:|# cleanup:|shell> )/.test(lines[i] ?? '')) bodyLines.push(lines[i++] ?? '');
        while (bodyLines.length > 0 && bodyLines[bodyLines.length - 1] === '') bodyLines.pop();
        response = { status: Number(status[1]), headers, text: bodyLines.join('\n') };
      }
      current.steps.push({ kind: 'request', request: { ...req, body, response } });
      continue;
    }
    i++;
  }
  flush();
  return examples;
}
