/**
 * A named graph (`/_api/gharial/{graph}`): its definition, its vertex and edge collections, and
 * document operations that go through the graph so that edge definitions are enforced.
 */
import { assertNotDotSegment } from '../names.js';
import { expectShape } from '../shape.js';
import type { Connection } from '../connection.js';
import { ArangoClientError } from '../errors.js';
import { errors } from '../error-codes.js';
import type { ArangoResponse, CallOptions, QueryValue, RequestSpec } from '../transport/request.js';
import { path } from '../transport/path.js';
import { attribute, callOptions, existsAnswer } from '../admin/envelope.js';
import { GraphEdgeCollection, GraphVertexCollection } from './graph-collection.js';
import { documentId, edgeDefinition, nonEmptyName, splitId, stringList } from './selector.js';
import type {
  AddEdgeDefinitionOptions,
  AddVertexCollectionOptions,
  CreateGraphOptions,
  DocumentSelector,
  DropGraphOptions,
  EdgeDefinition,
  EdgeDefinitionInput,
  EdgeDirection,
  GraphEdgesResult,
  GraphDocument,
  GraphEdge,
  GraphInsertOptions,
  GraphProperties,
  GraphReadOptions,
  GraphRemoveOptions,
  GraphRemoveResult,
  GraphReplaceOptions,
  GraphUpdateOptions,
  GraphWriteResult,
  RemoveEdgeDefinitionOptions,
  ReplaceEdgeDefinitionOptions,
} from './types.js';
import { describeHandle, inspectable, type HandleDescription } from '../describe.js';

type AnyDoc = Record<string, unknown>;

function graphOf(res: ArangoResponse, what: string): GraphProperties {
  return attribute<GraphProperties>(res, 'graph', what);
}

function collectionNames(res: ArangoResponse, what: string): string[] {
  const list = attribute<unknown>(res, 'collections', what);
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

/** The request body of `POST /_api/gharial`. */
export function createGraphBody(
  name: string,
  edgeDefinitions: readonly EdgeDefinitionInput[],
  options: CreateGraphOptions,
): Record<string, unknown> {
  if (!Array.isArray(edgeDefinitions)) {
    throw new ArangoClientError('createGraph: edgeDefinitions must be an array (it may be empty)');
  }
  const body: Record<string, unknown> = {
    name,
    edgeDefinitions: edgeDefinitions.map((d) => edgeDefinition(d, 'createGraph')),
  };
  if (options.orphanCollections !== undefined) {
    body.orphanCollections = stringList(options.orphanCollections, 'createGraph (orphanCollections)');
  }
  if (options.isSmart !== undefined) body.isSmart = options.isSmart;
  if (options.isDisjoint !== undefined) body.isDisjoint = options.isDisjoint;
  if (options.isDisjoint === true && options.isSmart === false) {
    throw new ArangoClientError('createGraph: a disjoint graph is a SmartGraph; isDisjoint needs isSmart');
  }
  const opts: Record<string, unknown> = {};
  if (options.smartGraphAttribute !== undefined) opts.smartGraphAttribute = options.smartGraphAttribute;
  if (options.satellites !== undefined) opts.satellites = [...options.satellites];
  if (options.numberOfShards !== undefined) opts.numberOfShards = options.numberOfShards;
  if (options.writeConcern !== undefined) opts.writeConcern = options.writeConcern;
  if (options.replicationFactor !== undefined) opts.replicationFactor = options.replicationFactor;
  if (options.isSatellite === true) {
    if (options.replicationFactor !== undefined && options.replicationFactor !== 'satellite') {
      throw new ArangoClientError('createGraph: isSatellite conflicts with a numeric replicationFactor');
    }
    if (options.isSmart === true) throw new ArangoClientError('createGraph: a graph cannot be both smart and satellite');
    opts.replicationFactor = 'satellite';
  }
  if (Object.keys(opts).length > 0) body.options = opts;
  return body;
}

/**
 * A handle on one named graph (`/_api/gharial/{name}`), from `db.graph(name)`: its definition
 * (vertex collections, edge definitions), and vertex and edge CRUD through the graph, which checks
 * edges against the edge definitions and removes a vertex's edges with it. Creating the handle sends
 * nothing. A graph name that would become a `.`/`..` path segment is refused with an {@link ArangoClientError}.
 */
export class Graph {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle('Graph', this.connection, { name: this.name });
  }
  /** Marks graph objects for the `aql` template, which binds them by name (`GRAPH @value0`). */
  readonly isArangoGraph = true as const;
  constructor(
    private readonly connection: Connection,
    readonly name: string,
  ) {
    nonEmptyName(name, 'graph');
    assertNotDotSegment('graph name', name, "ArangoDB's graph API carries graph names only in the URL path");
  }

  private get base(): string {
    return path`/_api/gharial/${this.name}`;
  }

  /** Whether the graph exists. */
  async exists(call?: CallOptions): Promise<boolean> {
    const spec: RequestSpec = { operation: 'graph.exists', method: 'GET', path: this.base, allowStatus: [404], ...callOptions(call) };
    return this.connection.send(spec, (res) => existsAnswer(res, spec, [errors.ERROR_GRAPH_NOT_FOUND], { graph: 'object' }, 'graph exists'));
  }

  /** The stored definition of the graph. */
  async properties(call?: CallOptions): Promise<GraphProperties> {
    return this.connection.send({ operation: 'graph.properties', method: 'GET', path: this.base, ...callOptions(call) }, (res) =>
      graphOf(res, 'graph properties'),
    );
  }

  /** Creates this graph; missing collections are created by the server. */
  async create(
    edgeDefinitions: readonly EdgeDefinitionInput[],
    options: CreateGraphOptions & CallOptions = {},
  ): Promise<GraphProperties> {
    const query: Record<string, QueryValue> = {};
    if (options.waitForSync !== undefined) query.waitForSync = options.waitForSync;
    return this.connection.send(
      { operation: 'graph.create',
        method: 'POST',
        path: '/_api/gharial',
        query,
        body: createGraphBody(this.name, edgeDefinitions, options),
        ...callOptions(options),
      },
      (res) => graphOf(res, 'create graph'),
    );
  }

  /** Drops the graph, optionally with the collections no other graph uses. */
  async drop(options: DropGraphOptions & CallOptions = {}): Promise<boolean> {
    const query: Record<string, QueryValue> = {};
    if (options.dropCollections !== undefined) query.dropCollections = options.dropCollections;
    return this.connection.send({ operation: 'graph.drop', method: 'DELETE', path: this.base, query, ...callOptions(options) }, (res) => {
      return expectShape<{ removed: boolean }>(res, { removed: 'boolean' }, 'drop graph').removed;
    });
  }

  // ---- vertex collections -------------------------------------------------------------------

  /** Names of all vertex collections, orphans included. */
  async vertexCollections(call?: CallOptions): Promise<string[]> {
    return this.connection.send({ operation: 'graph.vertexCollections', method: 'GET', path: `${this.base}/vertex`, ...callOptions(call) }, (res) =>
      collectionNames(res, 'vertex collections'),
    );
  }

  /** Whether `name` is one of the graph's vertex collections (orphans included). */
  async hasVertexCollection(name: string, call?: CallOptions): Promise<boolean> {
    return (await this.vertexCollections(call)).includes(name);
  }

  /** A handle for vertex CRUD through this graph (no request is sent). */
  vertexCollection<T extends object = AnyDoc>(name: string): GraphVertexCollection<T> {
    return new GraphVertexCollection<T>(this.connection, this.name, nonEmptyName(name, 'vertexCollection'));
  }

  /** Adds a vertex collection as an orphan (creating it if needed); answers the new definition. */
  async addVertexCollection(name: string, options: AddVertexCollectionOptions & CallOptions = {}): Promise<GraphProperties> {
    const body: Record<string, unknown> = { collection: nonEmptyName(name, 'addVertexCollection') };
    if (options.satellites !== undefined) body.options = { satellites: [...options.satellites] };
    return this.connection.send({ operation: 'graph.addVertexCollection', method: 'POST', path: `${this.base}/vertex`, body, ...callOptions(options) }, (res) =>
      graphOf(res, 'add vertex collection'),
    );
  }

  /** python-arango's name: adds the collection and returns its handle. */
  async createVertexCollection<T extends object = AnyDoc>(
    name: string,
    options: AddVertexCollectionOptions & CallOptions = {},
  ): Promise<GraphVertexCollection<T>> {
    await this.addVertexCollection(name, options);
    return this.vertexCollection<T>(name);
  }

  /**
   * Removes an orphan vertex collection from the graph (one used in an edge definition is refused
   * by the server with 400/1928); with `dropCollection` the collection itself is dropped too.
   */
  async deleteVertexCollection(name: string, dropCollection = false, call?: CallOptions): Promise<GraphProperties> {
    const query: Record<string, QueryValue> = dropCollection ? { dropCollection: true } : {};
    return this.connection.send(
      { operation: 'graph.deleteVertexCollection', method: 'DELETE', path: this.base + path`/vertex/${nonEmptyName(name, 'deleteVertexCollection')}`, query, ...callOptions(call) },
      (res) => graphOf(res, 'remove vertex collection'),
    );
  }

  // ---- edge definitions ---------------------------------------------------------------------

  /** The graph's edge definitions (from its stored definition). */
  async edgeDefinitions(call?: CallOptions): Promise<EdgeDefinition[]> {
    return (await this.properties(call)).edgeDefinitions;
  }

  /** Names of the edge collections used in edge definitions. */
  async edgeCollections(call?: CallOptions): Promise<string[]> {
    return this.connection.send({ operation: 'graph.edgeCollections', method: 'GET', path: `${this.base}/edge`, ...callOptions(call) }, (res) =>
      collectionNames(res, 'edge collections'),
    );
  }

  /** Whether the graph has an edge definition for the edge collection `name`. */
  async hasEdgeDefinition(name: string, call?: CallOptions): Promise<boolean> {
    return (await this.edgeDefinitions(call)).some((d) => d.collection === name);
  }

  /** Whether `name` is one of the graph's edge collections. */
  async hasEdgeCollection(name: string, call?: CallOptions): Promise<boolean> {
    return (await this.edgeCollections(call)).includes(name);
  }

  /** A handle for edge CRUD through this graph (no request is sent). */
  edgeCollection<T extends object = AnyDoc>(name: string): GraphEdgeCollection<T> {
    return new GraphEdgeCollection<T>(this.connection, this.name, nonEmptyName(name, 'edgeCollection'));
  }

  /**
   * `POST /_api/gharial/{graph}/edge`: adds an edge definition (the server creates missing
   * collections); answers the graph's new definition.
   *
   * @throws {@link ArangoServerError} when the definition conflicts: the edge collection is already
   * in this graph, or another graph uses it with different vertex collections.
   */
  async addEdgeDefinition(
    definition: EdgeDefinitionInput,
    options: AddEdgeDefinitionOptions & CallOptions = {},
  ): Promise<GraphProperties> {
    const body: Record<string, unknown> = { ...edgeDefinition(definition, 'addEdgeDefinition') };
    if (options.satellites !== undefined) body.options = { satellites: [...options.satellites] };
    const query: Record<string, QueryValue> = {};
    if (options.waitForSync !== undefined) query.waitForSync = options.waitForSync;
    return this.connection.send({ operation: 'graph.addEdgeDefinition', method: 'POST', path: `${this.base}/edge`, query, body, ...callOptions(options) }, (res) =>
      graphOf(res, 'add edge definition'),
    );
  }

  /** python-arango's name: adds the definition and returns the edge collection's handle. */
  async createEdgeDefinition<T extends object = AnyDoc>(
    definition: EdgeDefinitionInput,
    options: AddEdgeDefinitionOptions & CallOptions = {},
  ): Promise<GraphEdgeCollection<T>> {
    await this.addEdgeDefinition(definition, options);
    return this.edgeCollection<T>(definition.collection);
  }

  /** Replaces the vertex collections of the definition named by `definition.collection`. */
  async replaceEdgeDefinition(
    definition: EdgeDefinitionInput,
    options: ReplaceEdgeDefinitionOptions & CallOptions = {},
  ): Promise<GraphProperties> {
    const def = edgeDefinition(definition, 'replaceEdgeDefinition');
    const body: Record<string, unknown> = { ...def };
    if (options.satellites !== undefined) body.options = { satellites: [...options.satellites] };
    const query: Record<string, QueryValue> = {};
    if (options.waitForSync !== undefined) query.waitForSync = options.waitForSync;
    if (options.dropCollections !== undefined) query.dropCollections = options.dropCollections;
    return this.connection.send(
      { operation: 'graph.replaceEdgeDefinition', method: 'PUT', path: this.base + path`/edge/${def.collection}`, query, body, ...callOptions(options) },
      (res) => graphOf(res, 'replace edge definition'),
    );
  }

  /**
   * Removes an edge definition; its vertex collections become orphans. With `dropCollections` the
   * edge collection is dropped as well (if no other graph uses it).
   */
  async deleteEdgeDefinition(
    name: string,
    dropCollections = false,
    options: RemoveEdgeDefinitionOptions & CallOptions = {},
  ): Promise<GraphProperties> {
    const query: Record<string, QueryValue> = dropCollections ? { dropCollections: true } : {};
    if (options.waitForSync !== undefined) query.waitForSync = options.waitForSync;
    return this.connection.send(
      { operation: 'graph.deleteEdgeDefinition', method: 'DELETE', path: this.base + path`/edge/${nonEmptyName(name, 'deleteEdgeDefinition')}`, query, ...callOptions(options) },
      (res) => graphOf(res, 'remove edge definition'),
    );
  }

  // ---- documents by _id (python-arango's Graph.vertex / insert_vertex / … ) -----------------

  private vertexOf<T extends object>(selector: DocumentSelector, what: string): [GraphVertexCollection<T>, string] {
    const { collection, key } = splitId(documentId(selector, what), what);
    return [this.vertexCollection<T>(collection), key];
  }

  private edgeOf<T extends object>(selector: DocumentSelector, what: string): [GraphEdgeCollection<T>, string] {
    const { collection, key } = splitId(documentId(selector, what), what);
    return [this.edgeCollection<T>(collection), key];
  }

  /**
   * The vertex named by `selector`'s `_id` (`collection/key`), or `null` when it does not exist and
   * `graceful` is set.
   */
  async vertex<T extends object = AnyDoc>(
    selector: DocumentSelector,
    options: GraphReadOptions & { graceful: true } & CallOptions,
  ): Promise<GraphDocument<T> | null>;
  /**
   * The vertex named by `selector`'s `_id` (`collection/key`).
   *
   * @throws {@link ArangoServerError} 404 when it does not exist; 412 when `rev` does not match.
   */
  async vertex<T extends object = AnyDoc>(selector: DocumentSelector, options?: GraphReadOptions & CallOptions): Promise<GraphDocument<T>>;
  async vertex<T extends object = AnyDoc>(
    selector: DocumentSelector,
    options: GraphReadOptions & CallOptions = {},
  ): Promise<GraphDocument<T> | null> {
    const [coll, key] = this.vertexOf<T>(selector, 'vertex');
    return coll.get(key, options);
  }

  /** Whether the vertex named by `selector`'s `_id` exists. */
  async hasVertex(selector: DocumentSelector, call?: CallOptions): Promise<boolean> {
    const [coll, key] = this.vertexOf(selector, 'hasVertex');
    return coll.has(key, call);
  }

  /** Inserts a vertex into `collection`, one of the graph's vertex collections. */
  async insertVertex<T extends object = AnyDoc>(
    collection: string,
    data: T & { _key?: string },
    options: GraphInsertOptions & CallOptions = {},
  ): Promise<GraphWriteResult<GraphDocument<T>>> {
    return this.vertexCollection<T>(collection).insert(data, options);
  }

  /** Updates the vertex named by the `_id` of `selector` (an object with `_id` may be the patch itself). */
  async updateVertex<T extends object = AnyDoc>(
    selector: DocumentSelector,
    patch: Partial<T> | AnyDoc,
    options: GraphUpdateOptions & CallOptions = {},
  ): Promise<GraphWriteResult<GraphDocument<T>>> {
    const [coll, key] = this.vertexOf<T>(selector, 'updateVertex');
    return coll.update(key, patch, options);
  }

  /** Replaces the vertex named by `selector`'s `_id`. */
  async replaceVertex<T extends object = AnyDoc>(
    selector: DocumentSelector,
    data: T,
    options: GraphReplaceOptions & CallOptions = {},
  ): Promise<GraphWriteResult<GraphDocument<T>>> {
    const [coll, key] = this.vertexOf<T>(selector, 'replaceVertex');
    return coll.replace(key, data, options);
  }

  /** Removes the vertex and, as the graph module does, every edge that references it. */
  async deleteVertex<T extends object = AnyDoc>(
    selector: DocumentSelector,
    options: GraphRemoveOptions & CallOptions = {},
  ): Promise<GraphRemoveResult<GraphDocument<T>>> {
    const [coll, key] = this.vertexOf<T>(selector, 'deleteVertex');
    return coll.delete(key, options);
  }

  /** The edge named by `selector`'s `_id`, or `null` when it does not exist and `graceful` is set. */
  async edge<T extends object = AnyDoc>(
    selector: DocumentSelector,
    options: GraphReadOptions & { graceful: true } & CallOptions,
  ): Promise<GraphEdge<T> | null>;
  /**
   * The edge named by `selector`'s `_id`.
   *
   * @throws {@link ArangoServerError} 404 when it does not exist; 412 when `rev` does not match.
   */
  async edge<T extends object = AnyDoc>(selector: DocumentSelector, options?: GraphReadOptions & CallOptions): Promise<GraphEdge<T>>;
  async edge<T extends object = AnyDoc>(
    selector: DocumentSelector,
    options: GraphReadOptions & CallOptions = {},
  ): Promise<GraphEdge<T> | null> {
    const [coll, key] = this.edgeOf<T>(selector, 'edge');
    return coll.get(key, options);
  }

  /** Whether the edge named by `selector`'s `_id` exists. */
  async hasEdge(selector: DocumentSelector, call?: CallOptions): Promise<boolean> {
    const [coll, key] = this.edgeOf(selector, 'hasEdge');
    return coll.has(key, call);
  }

  /** Inserts an edge into `collection`; the graph checks `_from`/`_to` against its edge definitions. */
  async insertEdge<T extends object = AnyDoc>(
    collection: string,
    data: T & { _from: string; _to: string; _key?: string },
    options: GraphInsertOptions & CallOptions = {},
  ): Promise<GraphWriteResult<GraphEdge<T>>> {
    return this.edgeCollection<T>(collection).insert(data, options);
  }

  /** Updates the edge named by `selector`'s `_id`. */
  async updateEdge<T extends object = AnyDoc>(
    selector: DocumentSelector,
    patch: Partial<T> | AnyDoc,
    options: GraphUpdateOptions & CallOptions = {},
  ): Promise<GraphWriteResult<GraphEdge<T>>> {
    const [coll, key] = this.edgeOf<T>(selector, 'updateEdge');
    return coll.update(key, patch, options);
  }

  /** Replaces the edge named by `selector`'s `_id`; `_from`/`_to` are checked against the edge definitions. */
  async replaceEdge<T extends object = AnyDoc>(
    selector: DocumentSelector,
    data: T & { _from: string; _to: string },
    options: GraphReplaceOptions & CallOptions = {},
  ): Promise<GraphWriteResult<GraphEdge<T>>> {
    const [coll, key] = this.edgeOf<T>(selector, 'replaceEdge');
    return coll.replace(key, data, options);
  }

  /** Removes the edge named by `selector`'s `_id`. */
  async deleteEdge<T extends object = AnyDoc>(
    selector: DocumentSelector,
    options: GraphRemoveOptions & CallOptions = {},
  ): Promise<GraphRemoveResult<GraphEdge<T>>> {
    const [coll, key] = this.edgeOf<T>(selector, 'deleteEdge');
    return coll.delete(key, options);
  }

  /** Inserts an edge in `collection` from one vertex to another (python-arango's `link`). */
  async link<T extends object = AnyDoc>(
    collection: string,
    from: DocumentSelector,
    to: DocumentSelector,
    data: T | Record<string, never> = {},
    options: GraphInsertOptions & CallOptions = {},
  ): Promise<GraphWriteResult<GraphEdge<T>>> {
    return this.edgeCollection<T>(collection).link(from, to, data, options);
  }

  /** The edges of `collection` touching `vertex` (python-arango's `Graph.edges`). */
  async edges<T extends object = AnyDoc>(
    collection: string,
    vertex: DocumentSelector,
    direction?: EdgeDirection,
    call?: CallOptions,
  ): Promise<GraphEdgesResult<GraphEdge<T>>> {
    return this.edgeCollection<T>(collection).edges(vertex, direction, call);
  }
}

inspectable(Graph);
