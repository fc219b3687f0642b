/**
 * A parser for the Prometheus text exposition format (version 0.0.4), which is what
 * `GET /_admin/metrics` answers. Samples are grouped into metric families by their `# TYPE` line:
 * a histogram `x` owns `x_bucket`, `x_sum` and `x_count`, a summary owns `x`, `x_sum`, `x_count`.
 */
import { ArangoError } from '../errors.js';

/** The metric type a `# TYPE` line announces; a family without one is `untyped`. */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

/** One sample line of the exposition text. */
export interface MetricSample {
  /** The sample's own name (differs from the family's for `_bucket`, `_sum`, `_count`). */
  name: string;
  /** The label set, `{}` when the line has none. */
  labels: Record<string, string>;
  /** May be `Infinity`, `-Infinity` or `NaN`, as the format allows. */
  value: number;
  /** Milliseconds since the epoch, when the line carries one. */
  timestamp?: number;
}

/**
 * A metric family: the samples that share a `# TYPE`/`# HELP` name. A histogram `x` holds its
 * `x_bucket`, `x_sum` and `x_count` samples; a summary `x` its `x`, `x_sum` and `x_count` samples.
 */
export interface Metric {
  name: string;
  /** The `# HELP` text (unescaped), `''` without one. */
  help: string;
  type: MetricType;
  samples: MetricSample[];
}

/** A line of the exposition text that does not follow the format. */
export class MetricsParseError extends ArangoError {
  override readonly code: string = 'ARANGO_METRICS_PARSE_ERROR';
  constructor(
    message: string,
    /** 1-based line number. */
    readonly line: number,
  ) {
    super(`metrics line ${line}: ${message}`);
  }
}

const TYPES: readonly MetricType[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

function parseNumber(text: string, line: number): number {
  switch (text) {
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    case 'NaN':
      return NaN;
  }
  const n = Number(text);
  if (text === '' || Number.isNaN(n)) throw new MetricsParseError(`${JSON.stringify(text)} is not a number`, line);
  return n;
}

function unescapeHelp(text: string): string {
  return text.replace(/\\(\\|n)/g, (_m, c: string) => (c === 'n' ? '\n' : '\\'));
}

/** Parses `{a="x",b="y"}` starting at `pos` (which points at `{`); returns labels and the end position. */
function parseLabels(text: string, pos: number, line: number): [Record<string, string>, number] {
  const labels: Record<string, string> = {};
  let i = pos + 1;
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] === '}') return [labels, i + 1];
    const nameMatch = LABEL_NAME.exec(text.slice(i));
    if (!nameMatch) throw new MetricsParseError('expected a label name', line);
    const name = nameMatch[0];
    i += name.length;
    while (text[i] === ' ') i++;
    if (text[i] !== '=') throw new MetricsParseError(`expected "=" after label ${name}`, line);
    i++;
    while (text[i] === ' ') i++;
    if (text[i] !== '"') throw new MetricsParseError(`expected a quoted value for label ${name}`, line);
    i++;
    let value = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) throw new MetricsParseError(`unterminated value of label ${name}`, line);
      if (c === '"') break;
      if (c === '\\') {
        const next = text[i + 1];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else throw new MetricsParseError(`invalid escape in label ${name}`, line);
        i += 2;
      } else {
        value += c;
        i++;
      }
    }
    i++;
    if (Object.hasOwn(labels, name)) throw new MetricsParseError(`label ${name} given twice`, line);
    labels[name] = value;
    while (text[i] === ' ') i++;
    if (text[i] === ',') i++;
    else if (text[i] !== '}') throw new MetricsParseError('expected "," or "}" in label set', line);
  }
}

/** The family a sample belongs to, given the families announced so far. */
function familyOf(sampleName: string, families: Map<string, Metric>): Metric | undefined {
  const exact = families.get(sampleName);
  if (exact && exact.type !== 'histogram') return exact;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!sampleName.endsWith(suffix)) continue;
    const family = families.get(sampleName.slice(0, -suffix.length));
    if (family && (family.type === 'histogram' || (family.type === 'summary' && suffix !== '_bucket'))) return family;
  }
  return exact;
}

/**
 * Parses Prometheus text exposition format 0.0.4 (what `GET /_admin/metrics` answers) into metric
 * families, in the order their names first appear. Comment lines other than `# HELP`/`# TYPE` are
 * skipped; `+Inf`, `-Inf` and `NaN` values are kept as numbers.
 *
 * @param text - the exposition text.
 * @throws {@link MetricsParseError} on a line that does not follow the format (bad name, label set,
 * value, unknown type, or a `# TYPE` after the family's samples), naming the 1-based line.
 */
export function parseMetrics(text: string): Metric[] {
  const families = new Map<string, Metric>();
  const family = (name: string): Metric => {
    let m = families.get(name);
    if (!m) {
      m = { name, help: '', type: 'untyped', samples: [] };
      families.set(name, m);
    }
    return m;
  };
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const lineNo = n + 1;
    const line = (lines[n] ?? '').trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^#\s*(HELP|TYPE)\s+(\S+)(?:\s+(.*))?$/.exec(line);
      if (!m) continue; // other comments carry no data
      const [, kind, name = '', rest = ''] = m;
      if (!NAME.test(name) || NAME.exec(name)?.[0] !== name) throw new MetricsParseError(`invalid metric name ${JSON.stringify(name)}`, lineNo);
      if (kind === 'HELP') {
        family(name).help = unescapeHelp(rest);
      } else {
        const type = rest.trim() as MetricType;
        if (!TYPES.includes(type)) throw new MetricsParseError(`unknown metric type ${JSON.stringify(rest)}`, lineNo);
        const f = family(name);
        if (f.samples.length > 0) throw new MetricsParseError(`TYPE of ${name} after its samples`, lineNo);
        f.type = type;
      }
      continue;
    }
    const nameMatch = NAME.exec(line);
    if (!nameMatch) throw new MetricsParseError('expected a metric name', lineNo);
    const name = nameMatch[0];
    let pos = name.length;
    let labels: Record<string, string> = {};
    if (line[pos] === '{') [labels, pos] = parseLabels(line, pos, lineNo);
    const fields = line.slice(pos).trim().split(/\s+/);
    if (fields.length < 1 || fields.length > 2 || fields[0] === '') {
      throw new MetricsParseError(`expected "value [timestamp]" after ${name}`, lineNo);
    }
    const sample: MetricSample = { name, labels, value: parseNumber(fields[0] ?? '', lineNo) };
    if (fields[1] !== undefined) sample.timestamp = parseNumber(fields[1], lineNo);
    (familyOf(name, families) ?? family(name)).samples.push(sample);
  }
  return [...families.values()];
}
