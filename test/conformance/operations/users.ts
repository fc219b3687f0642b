/** Users, permissions and access tokens (from `_system`). */
import type { Op } from '../harness.js';

const u = 'alice';

export const userOps: Op[] = [
  {
    area: 'users',
    name: 'create user',
    ts: (s) => s.sys.users.create({ user: s.n(u), passwd: 'secret', active: true, extra: { team: 'x' } }),
    js: (s) => s.sys.createUser(s.n(u), { passwd: 'secret', active: true, extra: { team: 'x' } }),
  },
  {
    area: 'users',
    name: 'list users',
    ts: (s) => s.sys.users.list(),
    js: (s) => s.sys.listUsers(),
  },
  {
    area: 'users',
    name: 'get user',
    ts: (s) => s.sys.users.get(s.n(u)),
    js: (s) => s.sys.getUser(s.n(u)),
  },
  {
    area: 'users',
    name: 'update user',
    ts: (s) => s.sys.users.update(s.n(u), { extra: { team: 'y' } }),
    js: (s) => s.sys.updateUser(s.n(u), { extra: { team: 'y' } }),
  },
  {
    area: 'users',
    name: 'update user password',
    ts: (s) => s.sys.users.update(s.n(u), { passwd: 'other' }),
    js: (s) => s.sys.updateUser(s.n(u), 'other'),
  },
  {
    area: 'users',
    name: 'replace user',
    ts: (s) => s.sys.users.replace(s.n(u), { passwd: 'third', active: true, extra: {} }),
    js: (s) => s.sys.replaceUser(s.n(u), { passwd: 'third', active: true, extra: {} }),
  },
  {
    area: 'users',
    name: 'grant database access',
    ts: (s) => s.sys.users.grant(s.n(u), s.db.name, 'rw'),
    js: (s) => s.sys.setUserAccessLevel(s.n(u), { database: s.db.name }, 'rw'),
  },
  {
    area: 'users',
    name: 'grant collection access',
    ts: (s) => s.sys.users.grant(s.n(u), s.db.name, s.n('docs'), 'ro'),
    js: (s) => s.sys.setUserAccessLevel(s.n(u), { database: s.db.name, collection: s.n('docs') }, 'ro'),
  },
  {
    area: 'users',
    name: 'database access level',
    ts: (s) => s.sys.users.permission(s.n(u), s.db.name),
    js: (s) => s.sys.getUserAccessLevel(s.n(u), { database: s.db.name }),
  },
  {
    area: 'users',
    name: 'collection access level',
    ts: (s) => s.sys.users.permission(s.n(u), s.db.name, s.n('docs')),
    js: (s) => s.sys.getUserAccessLevel(s.n(u), { database: s.db.name, collection: s.n('docs') }),
  },
  {
    area: 'users',
    name: 'user databases',
    ts: (s) => s.sys.users.permissions(s.n(u)),
    js: (s) => s.sys.getUserDatabases(s.n(u)),
  },
  {
    area: 'users',
    name: 'user databases full',
    ts: (s) => s.sys.users.permissions(s.n(u), { full: true }),
    js: (s) => s.sys.getUserDatabases(s.n(u), true),
  },
  {
    area: 'users',
    name: 'clear collection access',
    ts: (s) => s.sys.users.resetPermission(s.n(u), s.db.name, s.n('docs')),
    js: (s) => s.sys.clearUserAccessLevel(s.n(u), { database: s.db.name, collection: s.n('docs') }),
  },
  {
    area: 'users',
    name: 'clear database access',
    ts: (s) => s.sys.users.revoke(s.n(u), s.db.name),
    js: (s) => s.sys.clearUserAccessLevel(s.n(u), { database: s.db.name }),
  },
  {
    area: 'users',
    name: 'create access token',
    ts: async (s) => {
      const t = await s.sys.users.createAccessToken(s.n(u), { name: 'ci', validUntil: 4_102_444_800 });
      s.set('token', t.id);
    },
    js: async (s) => {
      const t = await s.sys.createAccessToken(s.n(u), { name: 'ci', valid_until: 4_102_444_800 });
      s.set('token', t.id);
    },
  },
  {
    area: 'users',
    name: 'list access tokens',
    ts: (s) => s.sys.users.accessTokens(s.n(u)),
    js: (s) => s.sys.getAccessTokens(s.n(u)),
  },
  {
    area: 'users',
    name: 'delete access token',
    ts: (s) => s.sys.users.deleteAccessToken(s.n(u), s.get<number>('token')),
    js: (s) => s.sys.deleteAccessToken(s.n(u), s.get<number>('token')),
  },
  {
    area: 'users',
    name: 'remove user',
    ts: (s) => s.sys.users.delete(s.n(u)),
    js: (s) => s.sys.removeUser(s.n(u)),
  },
  {
    area: 'users',
    name: 'get missing user (404)',
    expectStatus: 404,
    ts: (s) => s.sys.users.get(s.n(u)),
    js: (s) => s.sys.getUser(s.n(u)),
  },
];
