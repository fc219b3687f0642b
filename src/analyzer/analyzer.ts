/** One analyzer (`/_api/analyzer/{name}`) and the database-level list/create calls. */
import { assertNotDotSegment } from '../names.js';
import { expectShape, unexpected } from '../shape.js';
import type { Connection } from '../connection.js';
import { ArangoClientError } from '../errors.js';
import { errors } from '../error-codes.js';
import type { ArangoResponse, CallOptions, QueryValue, RequestSpec } from '../transport/request.js';
import { path } from '../transport/path.js';
import { attribute, callOptions, existsAnswer, withoutEnvelope } from '../admin/envelope.js';
import type { AnalyzerDescription, AnalyzerFeature, CreateAnalyzerOptions } from './types.js';
import { describeHandle, inspectable, type HandleDescription } from '../describe.js';

/** An analyzer description always names the analyzer and its type. */
function analyzerAnswer(res: ArangoResponse, what: string): ArangoResponse {
  expectShape(res, { name: 'string', type: 'string' }, what);
  return res;
}

const ANALYZER_NOT_FOUND = [errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND];
const FEATURES: readonly AnalyzerFeature[] = ['frequency', 'norm', 'position', 'offset'];

function checkName(name: unknown, what: string): string {
  if (typeof name !== 'string' || name === '') {
    throw new ArangoClientError(`${what}: an analyzer name must be a non-empty string, got ${JSON.stringify(name)}`);
  }
  assertNotDotSegment('analyzer name', name, "ArangoDB's analyzer API carries names only in the URL path (and its traditional analyzer names start with a letter)");
  return name;
}

export function createAnalyzerBody(name: string, options: CreateAnalyzerOptions): Record<string, unknown> {
  if (typeof options !== 'object' || options === null || typeof options.type !== 'string' || (options.type as string) === '') {
    throw new ArangoClientError('create analyzer: options need an analyzer "type"');
  }
  const body: Record<string, unknown> = { name, type: options.type };
  if (options.properties !== undefined) body.properties = options.properties;
  if (options.features !== undefined) {
    for (const f of options.features) {
      if (!FEATURES.includes(f)) {
        throw new ArangoClientError(`create analyzer: unknown feature ${JSON.stringify(f)} (expected ${FEATURES.join(', ')})`);
      }
    }
    body.features = [...options.features];
  }
  return body;
}

/**
 * A handle on one analyzer of a database (`/_api/analyzer/{name}`), from `db.analyzer(name)`. Creating
 * the handle sends nothing; the name is checked against ArangoDB's naming rules (a name that would
 * become a `.`/`..` path segment is refused with an {@link ArangoClientError}). Custom analyzers are
 * stored per database and their stored name is qualified as `database::name`.
 */
export class Analyzer {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle('Analyzer', this.connection, { name: this.name });
  }
  /** Marks Analyzer objects for the `aql` template, which binds them by name. */
  readonly isArangoAnalyzer = true as const;
  constructor(
    private readonly connection: Connection,
    readonly name: string,
  ) {
    checkName(name, 'analyzer');
  }

  private get base(): string {
    return path`/_api/analyzer/${this.name}`;
  }

  /**
   * Whether the analyzer exists. ArangoDB answers a missing analyzer with 404 and errorNum 1202
   * (ERROR_ARANGO_DOCUMENT_NOT_FOUND), the number its analyzer store uses.
   */
  async exists(call?: CallOptions): Promise<boolean> {
    const spec: RequestSpec = { operation: 'analyzer.exists', method: 'GET', path: this.base, allowStatus: [404], ...callOptions(call) };
    return this.connection.send(spec, (res) => existsAnswer(res, spec, ANALYZER_NOT_FOUND, { name: 'string', type: 'string' }, 'analyzer exists'));
  }

  /**
   * `GET /_api/analyzer/{name}`: the stored definition (name, type, properties, features).
   *
   * @throws {@link ArangoServerError} 404 / errorNum 1202 when the analyzer does not exist.
   */
  async get(call?: CallOptions): Promise<AnalyzerDescription> {
    return this.connection.send({ operation: 'analyzer.get', method: 'GET', path: this.base, ...callOptions(call) }, (res) =>
      withoutEnvelope<AnalyzerDescription>(analyzerAnswer(res, 'analyzer'), 'analyzer'),
    );
  }

  /** Same as `get()` (python-arango returns the definition as the analyzer's properties). */
  properties(call?: CallOptions): Promise<AnalyzerDescription> {
    return this.get(call);
  }

  /** Creates the analyzer; an identical existing definition is answered 200 and not an error. */
  async create(options: CreateAnalyzerOptions & CallOptions): Promise<AnalyzerDescription> {
    return this.connection.send(
      { operation: 'analyzer.create', method: 'POST', path: '/_api/analyzer', body: createAnalyzerBody(this.name, options), ...callOptions(options) },
      (res) => withoutEnvelope<AnalyzerDescription>(analyzerAnswer(res, 'create analyzer'), 'create analyzer'),
    );
  }

  /** Removes the analyzer; without `force` one still used by a View is refused (409). */
  async drop(force?: boolean, call?: CallOptions): Promise<{ name: string }> {
    const query: Record<string, QueryValue> = force === undefined ? {} : { force };
    return this.connection.send({ operation: 'analyzer.drop', method: 'DELETE', path: this.base, query, ...callOptions(call) }, (res) => ({
      name: attribute<string>(res, 'name', 'drop analyzer'),
    }));
  }
}

export async function listAnalyzers(connection: Connection, call?: CallOptions): Promise<AnalyzerDescription[]> {
  return connection.send({ operation: 'analyzer.list', method: 'GET', path: '/_api/analyzer', ...callOptions(call) }, (res) => {
    const result = attribute<unknown>(res, 'result', 'list analyzers');
    if (!Array.isArray(result)) throw unexpected(res, 'a JSON object with a "result" array (list analyzers)');
    return result as AnalyzerDescription[];
  });
}

export async function createAnalyzer(
  connection: Connection,
  name: string,
  options: CreateAnalyzerOptions & CallOptions,
): Promise<Analyzer> {
  const analyzer = new Analyzer(connection, name);
  await analyzer.create(options);
  return analyzer;
}

inspectable(Analyzer);
