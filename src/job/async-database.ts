/**
 * The types of `db.beginAsyncExecution()`: the Database API with every call that sends one
 * request resolving to an `AsyncJob` of what it would have resolved to. Sub-APIs reached through
 * getters or factories (`db.cluster`, `db.collection(name)`) are mapped the same way.
 */
import type { Collection, EdgeCollection } from '../collection/collection.js';
import type { Database } from '../database.js';
import type { AsyncJob } from './job.js';

/** Calls that need several requests (or build further databases): not available as jobs. */
export type MultiRequestMethod =
  | 'withTransaction'
  | 'beginAsyncExecution'
  | 'importBulk'
  | 'all'
  | 'random'
  | 'keys'
  | 'ids'
  | 'find'
  | 'findByExample'
  | 'updateMatch'
  | 'replaceMatch'
  | 'deleteMatch'
  | 'connection'
  | 'database';

type Wrap<R, Mode> = Mode extends 'job' ? AsyncJob<R> : undefined;

type Jobify<V, Mode> = V extends (...args: infer A) => Promise<infer R>
  ? (...args: A) => Promise<Wrap<R, Mode>>
  : V extends (...args: infer A) => infer O
    ? O extends object
      ? (...args: A) => Jobified<O, Mode>
      : V
    : V extends object
      ? Jobified<V, Mode>
      : V;

/** `T` with each single-request async method resolving to a job (Mode 'job') or nothing. */
export type Jobified<T, Mode = 'job'> = {
  [K in keyof T as K extends MultiRequestMethod ? never : K]: Jobify<T[K], Mode>;
};

type Generics<Mode> = {
  collection<T extends object = Record<string, unknown>>(name: string): Jobified<Collection<T>, Mode>;
  edgeCollection<T extends object = Record<string, unknown>>(name: string): Jobified<EdgeCollection<T>, Mode>;
};

/** `db.beginAsyncExecution()` / `{ returnResult: true }`. */
export type AsyncDatabase = Omit<Jobified<Database, 'job'>, 'collection' | 'edgeCollection'> & Generics<'job'>;

/** `db.beginAsyncExecution({ returnResult: false })`: calls resolve to `undefined`. */
export type FireAndForgetDatabase = Omit<Jobified<Database, 'void'>, 'collection' | 'edgeCollection'> & Generics<'void'>;
