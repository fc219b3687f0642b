export { Users } from './users.js';
export type {
  AccessToken,
  CollectionPermission,
  DatabasePermissions,
  NewAccessToken,
  Permission,
  UserInfo,
  UserOptions,
  UserUpdateOptions,
} from './users.js';
