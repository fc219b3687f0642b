/**
 * Turning what callers pass (keys, ids, documents, edge definitions) into the exact values the
 * gharial API needs, refusing ambiguous input before anything is sent.
 */
import { ArangoClientError } from '../errors.js';
import type { DocumentSelector, EdgeDefinition, EdgeDefinitionInput } from './types.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `_id` a selector names; a bare key gets no collection and is refused. */
export function documentId(selector: DocumentSelector | unknown, what: string): string {
  if (typeof selector === 'string') {
    if (/^[^/]+\/[^/]+$/.test(selector)) return selector;
    throw new ArangoClientError(`${what}: expected a document id "collection/key", got ${JSON.stringify(selector)}`);
  }
  if (isRecord(selector) && typeof selector._id === 'string') return documentId(selector._id, what);
  throw new ArangoClientError(`${what}: expected a document id or an object with _id`);
}

/** Splits an `_id` into collection and key. */
export function splitId(id: string, what: string): { collection: string; key: string } {
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1 || id.indexOf('/', slash + 1) !== -1) {
    throw new ArangoClientError(`${what}: ${JSON.stringify(id)} is not a document id "collection/key"`);
  }
  return { collection: id.slice(0, slash), key: id.slice(slash + 1) };
}

/**
 * The `_key` a selector names within `collection`. An `_id` of another collection is refused
 * rather than silently applied to this one.
 */
export function documentKey(selector: DocumentSelector | unknown, collection: string, what: string): string {
  if (typeof selector === 'string') {
    if (selector === '') throw new ArangoClientError(`${what}: the document key must not be empty`);
    if (!selector.includes('/')) return selector;
    const id = splitId(selector, what);
    if (id.collection !== collection) {
      throw new ArangoClientError(`${what}: document ${JSON.stringify(selector)} is not in collection "${collection}"`);
    }
    return id.key;
  }
  if (isRecord(selector)) {
    if (typeof selector._key === 'string' && selector._key !== '') {
      if (typeof selector._id === 'string') documentKey(selector._id, collection, what);
      return selector._key;
    }
    if (typeof selector._id === 'string') return documentKey(selector._id, collection, what);
  }
  throw new ArangoClientError(`${what}: expected a key, an id or an object with _key or _id`);
}

function collectionList(value: unknown, field: string, what: string): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0) {
    throw new ArangoClientError(`${what}: "${field}" must be a collection name or a non-empty array of them`);
  }
  return list.map((name: unknown) => {
    if (typeof name !== 'string' || name === '') {
      throw new ArangoClientError(`${what}: "${field}" contains ${JSON.stringify(name)}, which is not a collection name`);
    }
    return name;
  });
}

export function edgeDefinition(def: EdgeDefinitionInput, what: string): EdgeDefinition {
  if (!isRecord(def)) throw new ArangoClientError(`${what}: an edge definition must be an object`);
  if (typeof def.collection !== 'string' || def.collection === '') {
    throw new ArangoClientError(`${what}: an edge definition needs a "collection" name`);
  }
  return {
    collection: def.collection,
    from: collectionList(def.from, 'from', what),
    to: collectionList(def.to, 'to', what),
  };
}

export function nonEmptyName(name: unknown, what: string): string {
  if (typeof name !== 'string' || name === '') {
    throw new ArangoClientError(`${what}: expected a non-empty name, got ${JSON.stringify(name)}`);
  }
  return name;
}

export function stringList(value: string | readonly string[], what: string): string[] {
  return collectionList(value, 'collections', what);
}
