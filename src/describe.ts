/**
 * What a handle shows when it is logged: `toJSON()` (JSON loggers, `JSON.stringify`) and Node's
 * `util.inspect` (console.log, `%o`) both give kind, name, database and hosts — never the
 * connection's internals, which hold the credentials in `#private` state anyway.
 */
import type { Connection } from './connection.js';

/**
 * Node's `util.inspect.custom`, by its registered name, so that neither the driver nor its
 * published typings need `@types/node`.
 */
export const inspectCustom: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;

/** The JSON form of a handle: what it is and where it points. */
export interface HandleDescription {
  /** The class, e.g. `'Collection'`, `'TransactionDatabase'`, `'Users'`. */
  kind: string;
  /** Database the handle belongs to (absent for the client). */
  database?: string;
  /** Host ids (URLs without credentials) of the client the handle sends through. */
  hosts: string[];
  [detail: string]: unknown;
}

/** `{ kind, database, …details, hosts }` of a handle on `connection`. */
export function describeHandle(kind: string, connection: Connection, details: Record<string, unknown> = {}): HandleDescription {
  return { kind, database: connection.databaseName, ...details, hosts: connection.hosts?.() ?? [] };
}

type Inspect = (value: unknown, options?: object) => string;

/**
 * Installs `[util.inspect.custom]` on a class: `Collection { database: 'shop', name: 'orders',
 * hosts: [...] }`, built from the instance's `toJSON()`. Subclasses inherit it.
 */
export function inspectable(target: { prototype: { toJSON(): HandleDescription } }): void {
  Object.defineProperty(target.prototype, inspectCustom, {
    value: function inspectHandle(this: { toJSON(): HandleDescription }, _depth: number, options: object | undefined, inspect?: Inspect): string {
      const { kind, ...rest } = this.toJSON();
      const body = inspect !== undefined ? inspect(rest, { ...options, depth: 2 }) : JSON.stringify(rest);
      return `${kind} ${body}`;
    },
    enumerable: false,
    configurable: true,
    writable: true,
  });
}
