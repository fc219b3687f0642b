/** Databases: create (with options and users), info, exists, lists. Runs first: it creates each driver's database. */
import type { Op } from '../harness.js';

export const databaseOps: Op[] = [
  {
    area: 'databases',
    name: 'createDatabase with options and users',
    ts: (s) =>
      s.sys.createDatabase(s.db.name, {
        options: { sharding: 'flexible', replicationFactor: 1, writeConcern: 1 },
        users: [{ username: s.n('dbowner'), passwd: 'pw', active: true }],
      }),
    js: (s) =>
      s.sys.createDatabase(s.db.name, {
        sharding: 'flexible',
        replicationFactor: 1,
        writeConcern: 1,
        users: [{ username: s.n('dbowner'), passwd: 'pw', active: true }],
      }),
  },
  {
    area: 'databases',
    name: 'createDatabase minimal',
    ts: (s) => s.sys.createDatabase(s.n('dbmin')),
    js: (s) => s.sys.createDatabase(s.n('dbmin')),
  },
  {
    area: 'databases',
    name: 'createDatabase with a users list',
    ts: (s) => s.sys.createDatabase(s.n('dbusers'), { users: [{ username: s.n('u1') }, { username: s.n('u2'), passwd: 'x', active: false }] }),
    js: (s) => s.sys.createDatabase(s.n('dbusers'), [{ username: s.n('u1') }, { username: s.n('u2'), passwd: 'x', active: false }]),
  },
  {
    area: 'databases',
    name: 'createDatabase existing (409)',
    expectStatus: 409,
    ts: (s) => s.sys.createDatabase(s.n('dbusers')),
    js: (s) => s.sys.createDatabase(s.n('dbusers')),
  },
  {
    area: 'databases',
    name: 'missing database exists (404)',
    expectStatus: 404,
    ts: (s) => s.sys.database(s.n('nodb')).exists(),
    js: (s) => s.sys.database(s.n('nodb')).exists(),
  },
  {
    area: 'databases',
    name: 'database info (current)',
    ts: (s) => s.db.properties(),
    js: (s) => s.db.get(),
  },
  {
    area: 'databases',
    name: 'database exists',
    ts: (s) => s.db.exists(),
    js: (s) => s.db.exists(),
  },
  {
    area: 'databases',
    name: 'listDatabases',
    ts: (s) => s.sys.databases(),
    js: (s) => s.sys.listDatabases(),
  },
  {
    area: 'databases',
    name: 'listUserDatabases',
    ts: (s) => s.sys.databasesAccessibleToUser(),
    js: (s) => s.sys.listUserDatabases(),
  },
  {
    area: 'databases',
    name: 'dropDatabase',
    ts: (s) => s.sys.deleteDatabase(s.n('dbmin')),
    js: (s) => s.sys.dropDatabase(s.n('dbmin')),
  },
  {
    area: 'databases',
    name: 'dropDatabase (with users)',
    ts: (s) => s.sys.deleteDatabase(s.n('dbusers')),
    js: (s) => s.sys.dropDatabase(s.n('dbusers')),
  },
  {
    area: 'databases',
    name: 'dropDatabase missing (404)',
    expectStatus: 404,
    ts: (s) => s.sys.deleteDatabase(s.n('dbmin')),
    js: (s) => s.sys.dropDatabase(s.n('dbmin')),
  },
];

/** Runs last: drops each driver's database. */
export const databaseTeardownOps: Op[] = [
  {
    area: 'databases',
    name: 'dropDatabase (test database)',
    ts: (s) => s.sys.deleteDatabase(s.db.name),
    js: (s) => s.sys.dropDatabase(s.db.name),
  },
];
