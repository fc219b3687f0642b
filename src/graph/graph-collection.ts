/**
 * Document CRUD through a named graph (`/_api/gharial/{graph}/vertex|edge/{collection}`). Unlike the
 * plain document API, the graph checks edge definitions on every write and removes dangling edges
 * when a vertex is removed — which is why these are separate classes from Collection.
 */
import { assertNotDotSegment } from '../names.js';
import { unexpected } from '../shape.js';
import type { Connection } from '../connection.js';
import { ArangoClientError } from '../errors.js';
import type { ArangoResponse, CallOptions, QueryValue, RequestSpec } from '../transport/request.js';
import { path } from '../transport/path.js';
import { attribute, callOptions, existsAnswer, isJsonObject, isNotFound, objectBody } from '../admin/envelope.js';
import { errors } from '../error-codes.js';
import { documentId, documentKey } from './selector.js';
import type {
  DocumentSelector,
  EdgeDirection,
  GraphEdgesResult,
  GraphDocument,
  GraphEdge,
  GraphInsertOptions,
  GraphReadOptions,
  GraphRemoveOptions,
  GraphRemoveResult,
  GraphReplaceOptions,
  GraphUpdateOptions,
  GraphWriteResult,
} from './types.js';
import { describeHandle, inspectable, type HandleDescription } from '../describe.js';

type Kind = 'vertex' | 'edge';

/** gharial answers these when the document (not the graph or collection) is missing. */
const DOCUMENT_NOT_FOUND = [errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND];

function query(options: object): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const [k, v] of Object.entries(options)) {
    if (k === 'rev' || k === 'graceful' || k === 'ignoreMissing' || k === 'signal' || k === 'timeout' || k === 'retryOnConflict') continue;
    if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') out[k] = v;
  }
  return out;
}

/** The documented If-Match value is one ETag, i.e. the revision in double quotes (as the document API sends it). */
function ifMatch(rev: string | undefined): { headers?: Record<string, string> } {
  if (rev === undefined) return {};
  return { headers: { 'if-match': rev.startsWith('"') ? rev : `"${rev}"` } };
}

function checkObject(data: unknown, what: string): void {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ArangoClientError(`${what}: the document must be an object`);
  }
}

abstract class GraphCollectionBase<D> {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle(this.kind === 'edge' ? 'GraphEdgeCollection' : 'GraphVertexCollection', this.connection, { graph: this.graphName, name: this.name });
  }
  /** Marks these as collections for the `aql` template, which binds them as `@@` parameters. */
  readonly isArangoCollection = true as const;
  protected abstract readonly kind: Kind;

  constructor(
    protected readonly connection: Connection,
    /** Name of the graph this collection is used through. */
    readonly graphName: string,
    /** Name of the collection. */
    readonly name: string,
  ) {}

  protected base(): string {
    return path`/_api/gharial/${this.graphName}/${this.kind}/${this.name}`;
  }

  protected docPath(selector: DocumentSelector, what: string): string {
    const key = documentKey(selector, this.name, what);
    assertNotDotSegment(`${what}: document key`, key, `the graph API carries keys only in the URL path; use db.collection(${JSON.stringify(this.name)}), which sends such keys in the request body`);
    return this.base() + path`/${key}`;
  }

  /** The document, or `null` with `graceful` when it does not exist. */
  async get(selector: DocumentSelector, options: GraphReadOptions & { graceful: true } & CallOptions): Promise<D | null>;
  async get(selector: DocumentSelector, options?: GraphReadOptions & CallOptions): Promise<D>;
  async get(selector: DocumentSelector, options: GraphReadOptions & CallOptions = {}): Promise<D | null> {
    const spec: RequestSpec = {
      operation: 'graphCollection.get',
      method: 'GET',
      path: this.docPath(selector, `${this.kind} get`),
      ...ifMatch(options.rev),
      ...(options.graceful === true ? { allowStatus: [404] } : {}),
      ...callOptions(options),
    };
    return this.connection.send(spec, (res) => {
      if (options.graceful === true && isNotFound(res, spec, DOCUMENT_NOT_FOUND)) return null;
      return attribute<D>(res, this.kind, `${this.kind} get`);
    });
  }

  /** Whether the document exists (a missing graph or collection is still an error). */
  async has(selector: DocumentSelector, call?: CallOptions): Promise<boolean> {
    const spec: RequestSpec = {
      operation: 'graphCollection.has',
      method: 'GET',
      path: this.docPath(selector, `${this.kind} has`),
      allowStatus: [404],
      ...callOptions(call),
    };
    return this.connection.send(spec, (res) => existsAnswer(res, spec, DOCUMENT_NOT_FOUND, { [this.kind]: 'object' }, `${this.kind} exists`));
  }

  protected write(
    method: 'POST' | 'PATCH' | 'PUT',
    p: string,
    data: unknown,
    options: (GraphInsertOptions | GraphUpdateOptions) & CallOptions,
    what: string,
    operation: string,
  ): Promise<GraphWriteResult<D>> {
    checkObject(data, what);
    const spec: RequestSpec = {
      operation,
      method,
      path: p,
      query: query(options),
      body: data,
      ...ifMatch('rev' in options ? options.rev : undefined),
      ...callOptions(options),
    };
    return this.connection.send(spec, (res) => this.writeResult(res, what));
  }

  private writeResult(res: ArangoResponse, what: string): GraphWriteResult<D> {
    const body = objectBody(res, what);
    const meta = attribute<GraphWriteResult<D>>(res, this.kind, what);
    const out: GraphWriteResult<D> = { ...meta };
    if (body.new !== undefined) out.new = body.new as D;
    if (body.old !== undefined) out.old = body.old as D;
    return out;
  }

  /**
   * `PATCH /_api/gharial/{graph}/{vertex|edge}/{collection}/{key}`: merges `patch` into the document
   * (an edge's new `_from`/`_to` are checked against the edge definitions).
   *
   * @throws {@link ArangoServerError} 404 when the document, collection or graph is missing; 412 when `rev` does not match.
   */
  async update(
    selector: DocumentSelector,
    patch: Partial<D> | Record<string, unknown>,
    options: GraphUpdateOptions & CallOptions = {},
  ): Promise<GraphWriteResult<D>> {
    return this.write('PATCH', this.docPath(selector, `${this.kind} update`), patch, options, `${this.kind} update`, 'graphCollection.update');
  }

  protected replaceDocument(
    selector: DocumentSelector,
    data: object,
    options: GraphReplaceOptions & CallOptions,
  ): Promise<GraphWriteResult<D>> {
    return this.write('PUT', this.docPath(selector, `${this.kind} replace`), data, options, `${this.kind} replace`, 'graphCollection.replace');
  }

  /**
   * `DELETE /_api/gharial/{graph}/{vertex|edge}/{collection}/{key}`. Removing a vertex also removes
   * every edge of the graph's edge collections that references it.
   *
   * @throws {@link ArangoServerError} 404 when the document is missing (unless `ignoreMissing`); 412 when `rev` does not match.
   */
  async delete(selector: DocumentSelector, options: GraphRemoveOptions & CallOptions = {}): Promise<GraphRemoveResult<D>> {
    const what = `${this.kind} delete`;
    const spec: RequestSpec = {
      operation: 'graphCollection.delete',
      method: 'DELETE',
      path: this.docPath(selector, what),
      query: query(options),
      ...ifMatch(options.rev),
      ...(options.ignoreMissing === true ? { allowStatus: [404] } : {}),
      ...callOptions(options),
    };
    return this.connection.send(spec, (res) => {
      if (options.ignoreMissing === true && isNotFound(res, spec, DOCUMENT_NOT_FOUND)) return { removed: false };
      const body = objectBody(res, what);
      if (typeof body.removed !== 'boolean') throw unexpected(res, `a JSON object with a boolean "removed" (${what})`);
      const out: GraphRemoveResult<D> = { removed: body.removed };
      if (body.old !== undefined) out.old = body.old as D;
      return out;
    });
  }
}

/** A vertex collection used through a graph (python-arango's VertexCollection). */
export class GraphVertexCollection<T extends object = Record<string, unknown>> extends GraphCollectionBase<GraphDocument<T>> {
  protected readonly kind = 'vertex';

  /** `POST /_api/gharial/{graph}/vertex/{collection}`: inserts a vertex. */
  async insert(data: T & { _key?: string }, options: GraphInsertOptions & CallOptions = {}): Promise<GraphWriteResult<GraphDocument<T>>> {
    return this.write('POST', this.base(), data, options, 'vertex insert', 'graphCollection.insert');
  }

  /**
   * `PUT /_api/gharial/{graph}/vertex/{collection}/{key}`: replaces the vertex.
   *
   * @throws {@link ArangoServerError} 404 when it is missing; 412 when `rev` does not match.
   */
  async replace(
    selector: DocumentSelector,
    data: T,
    options: GraphReplaceOptions & CallOptions = {},
  ): Promise<GraphWriteResult<GraphDocument<T>>> {
    return this.replaceDocument(selector, data, options);
  }
}

/** An edge collection used through a graph (python-arango's EdgeCollection). */
export class GraphEdgeCollection<T extends object = Record<string, unknown>> extends GraphCollectionBase<GraphEdge<T>> {
  protected readonly kind = 'edge';

  /** Inserts an edge; the graph checks `_from`/`_to` against its edge definitions. */
  async insert(
    data: T & { _from: string; _to: string; _key?: string },
    options: GraphInsertOptions & CallOptions = {},
  ): Promise<GraphWriteResult<GraphEdge<T>>> {
    checkObject(data, 'edge insert');
    documentId(data._from, 'edge insert (_from)');
    documentId(data._to, 'edge insert (_to)');
    return this.write('POST', this.base(), data, options, 'edge insert', 'graphCollection.insert');
  }

  /**
   * `PUT /_api/gharial/{graph}/edge/{collection}/{key}`: replaces the edge; `_from`/`_to` are checked
   * against the edge definitions.
   *
   * @throws {@link ArangoClientError} when `_from`/`_to` is not a document `_id` (nothing is sent).
   */
  async replace(
    selector: DocumentSelector,
    data: T & { _from: string; _to: string },
    options: GraphReplaceOptions & CallOptions = {},
  ): Promise<GraphWriteResult<GraphEdge<T>>> {
    checkObject(data, 'edge replace');
    documentId(data._from, 'edge replace (_from)');
    documentId(data._to, 'edge replace (_to)');
    return this.replaceDocument(selector, data, options);
  }

  /** Inserts an edge from one vertex to another (python-arango's `link`). */
  async link(
    from: DocumentSelector,
    to: DocumentSelector,
    data: T | Record<string, never> = {},
    options: GraphInsertOptions & CallOptions = {},
  ): Promise<GraphWriteResult<GraphEdge<T>>> {
    const edge = { ...data, _from: documentId(from, 'link (from)'), _to: documentId(to, 'link (to)') } as T & {
      _from: string;
      _to: string;
    };
    return this.insert(edge, options);
  }

  /**
   * The edges of this collection that touch `vertex` (`GET /_api/edges/{collection}`): `out` follows
   * `_from`, `in` follows `_to`, `any` (the server's default) both.
   */
  async edges(vertex: DocumentSelector, direction?: EdgeDirection, call?: CallOptions): Promise<GraphEdgesResult<GraphEdge<T>>> {
    if (direction !== undefined && direction !== 'in' && direction !== 'out' && direction !== 'any') {
      throw new ArangoClientError(`edges: direction must be "in", "out" or "any", got ${JSON.stringify(direction)}`);
    }
    const q: Record<string, QueryValue> = { vertex: documentId(vertex, 'edges (vertex)') };
    if (direction !== undefined) q.direction = direction;
    return this.connection.send(
      { operation: 'graphCollection.edges', method: 'GET', path: path`/_api/edges/${this.name}`, query: q, ...callOptions(call) },
      (res) => {
        const body = objectBody(res, 'edges');
        const edges = attribute<unknown>(res, 'edges', 'edges');
        if (!Array.isArray(edges)) throw unexpected(res, 'a JSON object with an "edges" array');
        const stats = isJsonObject(body.stats) ? (body.stats as GraphEdgesResult<GraphEdge<T>>['stats']) : {};
        return { edges: edges as GraphEdge<T>[], stats };
      },
    );
  }

  /** Outbound edges of `vertex`. */
  outEdges(vertex: DocumentSelector, call?: CallOptions): Promise<GraphEdgesResult<GraphEdge<T>>> {
    return this.edges(vertex, 'out', call);
  }

  /** Inbound edges of `vertex`. */
  inEdges(vertex: DocumentSelector, call?: CallOptions): Promise<GraphEdgesResult<GraphEdge<T>>> {
    return this.edges(vertex, 'in', call);
  }
}

inspectable(GraphVertexCollection);
inspectable(GraphEdgeCollection);
