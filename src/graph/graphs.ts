/** Database-level graph calls: list, create, check, drop. `Database` wires these as methods. */
import { expectShape, unexpected } from '../shape.js';
import type { Connection } from '../connection.js';
import { errors } from '../error-codes.js';
import type { CallOptions, QueryValue, RequestSpec } from '../transport/request.js';
import { path } from '../transport/path.js';
import { attribute, callOptions, isNotFound } from '../admin/envelope.js';
import { Graph } from './graph.js';
import type { CreateGraphOptions, DropGraphOptions, EdgeDefinitionInput, GraphProperties } from './types.js';

/** All graphs of the database with their definitions (`GET /_api/gharial`). */
export async function listGraphs(connection: Connection, call?: CallOptions): Promise<GraphProperties[]> {
  return connection.send({ operation: 'graph.list', method: 'GET', path: '/_api/gharial', ...callOptions(call) }, (res) => {
    const graphs = attribute<unknown>(res, 'graphs', 'list graphs');
    if (!Array.isArray(graphs)) throw unexpected(res, 'a JSON object with a "graphs" array (list graphs)');
    return graphs as GraphProperties[];
  });
}

export async function createGraph(
  connection: Connection,
  name: string,
  edgeDefinitions: readonly EdgeDefinitionInput[],
  options: CreateGraphOptions & CallOptions = {},
): Promise<Graph> {
  const graph = new Graph(connection, name);
  await graph.create(edgeDefinitions, options);
  return graph;
}

export async function hasGraph(connection: Connection, name: string, call?: CallOptions): Promise<boolean> {
  return new Graph(connection, name).exists(call);
}

/** Options of {@link Database.deleteGraph}. */
export interface DeleteGraphOptions extends DropGraphOptions {
  /** Resolve to `false` instead of failing when the graph does not exist. */
  ignoreMissing?: boolean;
}

/** Drops a graph; `false` only with `ignoreMissing` when there was none. */
export async function deleteGraph(
  connection: Connection,
  name: string,
  options: DeleteGraphOptions & CallOptions = {},
): Promise<boolean> {
  const query: Record<string, QueryValue> = {};
  if (options.dropCollections !== undefined) query.dropCollections = options.dropCollections;
  const spec: RequestSpec = {
    operation: 'graph.drop',
    method: 'DELETE',
    path: path`/_api/gharial/${name}`,
    query,
    ...(options.ignoreMissing === true ? { allowStatus: [404] } : {}),
    ...callOptions(options),
  };
  return connection.send(spec, (res) => {
    if (options.ignoreMissing === true && isNotFound(res, spec, [errors.ERROR_GRAPH_NOT_FOUND])) return false;
    return expectShape<{ removed: boolean }>(res, { removed: 'boolean' }, 'delete graph').removed;
  });
}
