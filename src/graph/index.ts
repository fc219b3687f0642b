export { Graph, createGraphBody } from './graph.js';
export { GraphEdgeCollection, GraphVertexCollection } from './graph-collection.js';
export { createGraph, deleteGraph, hasGraph, listGraphs, type DeleteGraphOptions } from './graphs.js';
export type * from './types.js';
