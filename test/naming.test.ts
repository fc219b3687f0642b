/**
 * The naming rule (shared/API.md, README "Names"): python-arango's names, camelCased, are ours; a
 * name borrowed from arangojs is offered only where python-arango lacks the thing and then behaves
 * as in arangojs. These names were aliases (or arangojs names whose arangojs behaviour differs from
 * ours) and are not offered; docs/migrating-from-arangojs.md maps each to the call to use.
 */
import { describe, expect, it } from 'vitest';
import { Cluster, Collection, Database, Graph, TransactionDatabase } from 'arangots';

const notOffered: [string, { prototype: object }, string[]][] = [
  ['Database', Database, ['query', 'listCollections', 'info', 'listDatabases', 'userDatabases', 'listUserDatabases', 'dropDatabase', 'transaction', 'transactions', 'listPendingJobs', 'listCompletedJobs']],
  ['Collection', Collection, ['document', 'documents', 'documentExists', 'save', 'saveAll', 'remove', 'removeAll', 'findByExample', 'ensureIndex', 'dropIndex', 'figures', 'setProperties', 'loadIndexesIntoMemory']],
  ['Graph', Graph, ['get', 'removeVertexCollection', 'removeEdgeDefinition']],
  ['Cluster', Cluster, ['numberOfServers', 'serverMaintenance', 'setServerMaintenance']],
];

const offered: [string, { prototype: object }, string[]][] = [
  ['Database', Database, ['databases', 'databasesAccessibleToUser', 'deleteDatabase', 'properties', 'collections', 'fetchTransaction', 'listTransactions', 'asyncJobs']],
  ['Collection', Collection, ['get', 'getMany', 'delete', 'deleteMany', 'find', 'addIndex', 'deleteIndex', 'statistics', 'configure', 'loadIndexes']],
  ['Graph', Graph, ['properties', 'deleteVertexCollection', 'deleteEdgeDefinition']],
  ['Cluster', Cluster, ['serverCount', 'serverMaintenanceMode', 'toggleServerMaintenanceMode']],
  // The documented aliases: arangojs's Transaction names beside python-arango's.
  ['TransactionDatabase', TransactionDatabase, ['commitTransaction', 'commit', 'abortTransaction', 'abort', 'transactionStatus', 'status']],
];

describe('names', () => {
  for (const [cls, ctor, names] of notOffered) {
    it(`${cls} does not offer ${names.join(', ')}`, () => {
      for (const name of names) expect(name in ctor.prototype, `${cls}.${name}`).toBe(false);
    });
  }
  for (const [cls, ctor, names] of offered) {
    it(`${cls} offers ${names.join(', ')}`, () => {
      for (const name of names) expect(typeof (ctor.prototype as Record<string, unknown>)[name], `${cls}.${name}`).toBe('function');
    });
  }
});
