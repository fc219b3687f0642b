/**
 * Write-ahead log information. `/_api/wal/{range,lastTick,tail}` are the 3.12 reference calls
 * (single servers and DB-Servers; a Coordinator answers 501). `/_admin/wal/{properties,
 * transactions,flush}` are the older administration calls python-arango offers; ArangoDB still
 * routes them, and a server that no longer does answers with its error, which is passed on.
 */
import { unexpected, withShape } from '../shape.js';
import type { Connection } from '../connection.js';
import { ArangoClientError } from '../errors.js';
import type { CallOptions, QueryValue } from '../transport/request.js';
import { callOptions, withoutEnvelope } from '../admin/envelope.js';
import { jsonLines, replicationHeaders, type ReplicationHeaders } from '../replication/dump-lines.js';
import { describeHandle, inspectable, type HandleDescription } from '../describe.js';


/** `GET /_api/wal/range`: the lowest and highest tick in the WAL (decimal strings), the server's time and its version and id. */
export interface WalTickRange {
  time: string;
  tickMin: string;
  tickMax: string;
  server: { version: string; serverId: string };
}

/** `GET /_api/wal/lastTick`: the last tick written to the WAL (a decimal string), the server's time, version and id. */
export interface WalLastTick {
  time: string;
  tick: string;
  server: { version: string; serverId: string };
}

/** Query options of {@link Wal.tail} (`GET /_api/wal/tail`). */
export interface WalTailOptions {
  /** Exclusive lower tick bound. */
  from?: string | number;
  /** Inclusive upper tick bound. */
  to?: string | number;
  /** The `x-arango-replication-lastscanned` value of the previous answer. */
  lastScanned?: string | number;
  /** Approximate size of the answer in bytes. */
  chunkSize?: number;
  /** Id of the client's syncer, so the server can keep the WAL it still needs. */
  syncerId?: string | number;
  /** Id of the client's server, for the same purpose. */
  serverId?: string | number;
  /** Free text identifying the client in the logger state. */
  clientInfo?: string;
  /** All databases (from `_system` only). */
  global?: boolean;
}

/**
 * One operation of the WAL tail: its `tick`, its `type` (ArangoDB's replication operation number,
 * e.g. 2300 document insert/update, 2302 removal), the database and collection (`db`, `cuid`), the
 * transaction id (`tid`) and the operation's `data`.
 */
export interface WalEntry {
  tick: string;
  type: number;
  db?: string;
  cuid?: string;
  tid?: string;
  data?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface WalTailResult extends ReplicationHeaders {
  entries: WalEntry[];
}

/**
 * The WAL settings of `/_admin/wal/properties`, as the server reports them (open: they differ
 * between engines and versions).
 */
export interface WalProperties {
  [key: string]: unknown;
}

/**
 * `GET /_admin/wal/transactions`: the number of running transactions and the oldest WAL logfiles
 * they still need.
 */
export interface WalTransactions {
  runningTransactions: number;
  minLastCollected?: string | null;
  minLastSealed?: string | null;
  [key: string]: unknown;
}

/** Call options share the options object but are neither query parameters nor body fields. */
function isCallOption(key: string): boolean {
  return key === 'signal' || key === 'timeout' || key === 'retryOnConflict';
}

/**
 * The write-ahead log, `db.wal`: tick range, last tick and tailing (`/_api/wal/*`, single servers
 * and DB-Servers; a Coordinator answers 501), and the older `/_admin/wal/*` administration calls.
 * A refusal rejects with {@link ArangoServerError}.
 */
export class Wal {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle('Wal', this.connection);
  }
  constructor(private readonly connection: Connection) {}

  /** The range of ticks available in the WAL (python-arango's `tick_ranges`). */
  async tickRanges(call?: CallOptions): Promise<WalTickRange> {
    return this.connection.send({ operation: 'wal.tickRanges', method: 'GET', path: '/_api/wal/range', ...callOptions(call) }, (res) =>
      withoutEnvelope<WalTickRange>(withShape(res, { tickMin: 'string', tickMax: 'string' }, 'wal range'), 'wal range'),
    );
  }

  /** `GET /_api/wal/lastTick`: the last tick written. */
  async lastTick(call?: CallOptions): Promise<WalLastTick> {
    return this.connection.send({ operation: 'wal.lastTick', method: 'GET', path: '/_api/wal/lastTick', ...callOptions(call) }, (res) =>
      {
        const tick = withoutEnvelope<WalLastTick>(res, 'wal last tick');
        if (typeof tick.tick !== 'string') throw unexpected(res, 'a JSON object with a "tick" string (wal last tick)');
        return tick;
      },
    );
  }

  /** Operations after `from`; `checkMore` and `lastIncluded`/`lastScanned` drive the next call. */
  async tail(options: WalTailOptions & CallOptions = {}): Promise<WalTailResult> {
    const query: Record<string, QueryValue> = {};
    for (const [k, v] of Object.entries(options)) {
      if (v === undefined || isCallOption(k)) continue;
      if (typeof v === 'boolean' || typeof v === 'string') query[k] = v;
      else if (typeof v === 'number' && Number.isFinite(v)) query[k] = String(v);
      else throw new ArangoClientError(`wal tail: invalid value for "${k}"`);
    }
    return this.connection.send(
      { operation: 'wal.tail', method: 'GET', path: '/_api/wal/tail', query, responseType: 'text', ...callOptions(options) },
      (res) => ({ ...replicationHeaders(res), entries: jsonLines<WalEntry>(res, 'wal tail') }),
    );
  }

  /** `GET /_admin/wal/properties`: the WAL settings. */
  async properties(call?: CallOptions): Promise<WalProperties> {
    return this.connection.send({ operation: 'wal.properties', method: 'GET', path: '/_admin/wal/properties', ...callOptions(call) }, (res) =>
      withoutEnvelope<WalProperties>(res, 'wal properties'),
    );
  }

  /** python-arango's `configure`: changes WAL properties. */
  async configure(properties: WalProperties & CallOptions): Promise<WalProperties> {
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(properties)) if (v !== undefined && !isCallOption(k)) body[k] = v;
    return this.connection.send({ operation: 'wal.configure', method: 'PUT', path: '/_admin/wal/properties', body, ...callOptions(properties) }, (res) =>
      withoutEnvelope<WalProperties>(res, 'configure wal'),
    );
  }

  /** `GET /_admin/wal/transactions`: running transactions and the logfiles they hold on to. */
  async transactions(call?: CallOptions): Promise<WalTransactions> {
    return this.connection.send({ operation: 'wal.transactions', method: 'GET', path: '/_admin/wal/transactions', ...callOptions(call) }, (res) =>
      withoutEnvelope<WalTransactions>(withShape(res, { runningTransactions: 'number' }, 'wal transactions'), 'wal transactions'),
    );
  }

  /** Flushes the WAL; `waitForSync` / `waitForCollector` wait for the data to be synced / collected. */
  async flush(options: { waitForSync?: boolean; waitForCollector?: boolean } & CallOptions = {}): Promise<void> {
    const query: Record<string, QueryValue> = {};
    if (options.waitForSync !== undefined) query.waitForSync = options.waitForSync;
    if (options.waitForCollector !== undefined) query.waitForCollector = options.waitForCollector;
    await this.connection.send({ operation: 'wal.flush', method: 'PUT', path: '/_admin/wal/flush', query, idempotent: true, ...callOptions(options) }, () => undefined);
  }
}

inspectable(Wal);
