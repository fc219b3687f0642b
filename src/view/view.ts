/** One View (`/_api/view/{name}`): create, read, change, rename, drop. */
import { assertDataSourceName } from '../names.js';
import { expectShape, unexpected } from '../shape.js';
import type { Connection } from '../connection.js';
import { ArangoClientError } from '../errors.js';
import { errors } from '../error-codes.js';
import type { ArangoResponse, CallOptions, RequestSpec } from '../transport/request.js';
import { path } from '../transport/path.js';
import { attribute, callOptions, existsAnswer, withoutEnvelope } from '../admin/envelope.js';
import type {
  CreateViewOptions,
  ViewDescription,
  ViewProperties,
  ViewPropertiesOptions,
} from './types.js';
import { describeHandle, inspectable, type HandleDescription } from '../describe.js';

/** A View description always names the View and its type. */
function viewAnswer(res: ArangoResponse, what: string): ArangoResponse {
  expectShape(res, { name: 'string', type: 'string' }, what);
  return res;
}

const VIEW_NOT_FOUND = [errors.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND];

function checkName(name: unknown, what: string): string {
  if (typeof name !== 'string' || name === '') {
    throw new ArangoClientError(`${what}: a View name must be a non-empty string, got ${JSON.stringify(name)}`);
  }
  // ArangoDB's View naming rules; among others a name never starts with a dot.
  assertDataSourceName('view', name);
  return name;
}

/** The creation body; `primarySort` entries may say `direction` instead of `asc`. */
/** Call options share the options object with the View's settings but are never part of the body. */
function isCallOption(key: string): boolean {
  return key === 'signal' || key === 'timeout' || key === 'retryOnConflict';
}

export function createViewBody(name: string, options: CreateViewOptions): Record<string, unknown> {
  if (options.type !== 'arangosearch' && options.type !== 'search-alias') {
    throw new ArangoClientError(`create view: type must be "arangosearch" or "search-alias", got ${JSON.stringify((options as { type?: unknown }).type)}`);
  }
  const body: Record<string, unknown> = { name };
  for (const [k, v] of Object.entries(options)) if (v !== undefined && !isCallOption(k)) body[k] = v;
  if (options.type === 'arangosearch' && options.primarySort !== undefined) {
    body.primarySort = options.primarySort.map((s) => {
      if ('direction' in s) {
        if (s.direction !== 'asc' && s.direction !== 'desc') {
          throw new ArangoClientError(`create view: primarySort direction must be "asc" or "desc"`);
        }
        return { field: s.field, asc: s.direction === 'asc' };
      }
      return { field: s.field, asc: s.asc };
    });
  }
  return body;
}

/**
 * A handle on one View, from `db.view(name)`: `arangosearch` Views (links to collections, analyzers,
 * primary sort) and `search-alias` Views (over inverted indexes). Creating the handle sends nothing;
 * a name that breaks ArangoDB's naming rules is refused with an {@link ArangoClientError}.
 */
export class View {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle('View', this.connection, { name: this.#name });
  }
  /** Marks View objects for the `aql` template, which binds them as `@@` parameters. */
  readonly isArangoView = true as const;
  #name: string;

  constructor(
    private readonly connection: Connection,
    name: string,
  ) {
    this.#name = checkName(name, 'view');
  }

  /** The View's name; follows `rename()`. */
  get name(): string {
    return this.#name;
  }

  private get base(): string {
    return path`/_api/view/${this.#name}`;
  }

  /** Whether the View exists (404 with ERROR_ARANGO_DATA_SOURCE_NOT_FOUND is `false`). */
  async exists(call?: CallOptions): Promise<boolean> {
    const spec: RequestSpec = { operation: 'view.exists', method: 'GET', path: this.base, allowStatus: [404], ...callOptions(call) };
    return this.connection.send(spec, (res) => existsAnswer(res, spec, VIEW_NOT_FOUND, { name: 'string', type: 'string' }, 'view exists'));
  }

  /** Name, id and type. */
  async get(call?: CallOptions): Promise<ViewDescription> {
    return this.connection.send({ operation: 'view.get', method: 'GET', path: this.base, ...callOptions(call) }, (res) =>
      withoutEnvelope<ViewDescription>(viewAnswer(res, 'view'), 'view'),
    );
  }

  /** The full definition, including the type-specific properties. */
  async properties(call?: CallOptions): Promise<ViewProperties> {
    return this.connection.send({ operation: 'view.properties', method: 'GET', path: `${this.base}/properties`, ...callOptions(call) }, (res) =>
      withoutEnvelope<ViewProperties>(viewAnswer(res, 'view properties'), 'view properties'),
    );
  }

  /**
   * `POST /_api/view`: creates the View with this handle's name; answers its properties.
   *
   * @throws {@link ArangoServerError} 409 when a View or collection of that name exists.
   */
  async create(options: CreateViewOptions & CallOptions): Promise<ViewProperties> {
    return this.connection.send(
      { operation: 'view.create', method: 'POST', path: '/_api/view', body: createViewBody(this.#name, options), ...callOptions(options) },
      (res) => withoutEnvelope<ViewProperties>(viewAnswer(res, 'create view'), 'create view'),
    );
  }

  /** Replaces all mutable properties (unset ones return to their defaults). */
  async replaceProperties(properties: ViewPropertiesOptions & CallOptions): Promise<ViewProperties> {
    return this.changeProperties('view.replaceProperties', 'PUT', properties);
  }

  /** Changes only the given properties; links/indexes not mentioned are kept. */
  async updateProperties(properties: ViewPropertiesOptions & CallOptions): Promise<ViewProperties> {
    return this.changeProperties('view.updateProperties', 'PATCH', properties);
  }

  private changeProperties(operation: string, method: 'PUT' | 'PATCH', properties: ViewPropertiesOptions & CallOptions): Promise<ViewProperties> {
    if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
      throw new ArangoClientError('view properties: expected an object');
    }
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(properties)) if (v !== undefined && !isCallOption(k)) body[k] = v;
    return this.connection.send({ operation, method, path: `${this.base}/properties`, body, ...callOptions(properties) }, (res) =>
      withoutEnvelope<ViewProperties>(viewAnswer(res, 'view properties'), 'view properties'),
    );
  }

  /**
   * Renames the View; this handle then refers to the new name. ArangoDB allows renaming only on
   * single servers — a cluster answers with an error, which is passed on.
   */
  async rename(newName: string, call?: CallOptions): Promise<ViewDescription> {
    checkName(newName, 'rename view');
    const result = await this.connection.send(
      { operation: 'view.rename', method: 'PUT', path: `${this.base}/rename`, body: { name: newName }, ...callOptions(call) },
      (res) => withoutEnvelope<ViewDescription>(viewAnswer(res, 'rename view'), 'rename view'),
    );
    this.#name = result.name;
    return result;
  }

  /**
   * `DELETE /_api/view/{name}`: drops the View; `true` when the server confirms.
   *
   * @throws {@link ArangoServerError} 404 when it does not exist.
   */
  async drop(call?: CallOptions): Promise<boolean> {
    return this.connection.send({ operation: 'view.drop', method: 'DELETE', path: this.base, ...callOptions(call) }, (res) => {
      return expectShape<{ result: boolean }>(res, { result: 'boolean' }, 'drop view').result;
    });
  }
}

/** All Views of the database. */
export async function listViews(connection: Connection, call?: CallOptions): Promise<ViewDescription[]> {
  return connection.send({ operation: 'view.list', method: 'GET', path: '/_api/view', ...callOptions(call) }, (res) => {
    const result = attribute<unknown>(res, 'result', 'list views');
    if (!Array.isArray(result)) throw unexpected(res, 'a JSON object with a "result" array (list views)');
    return result as ViewDescription[];
  });
}

/** Creates a View and returns its handle. */
export async function createView(
  connection: Connection,
  name: string,
  options: CreateViewOptions & CallOptions,
): Promise<View> {
  const view = new View(connection, name);
  await view.create(options);
  return view;
}

inspectable(View);
