/**
 * The emulator's write-ahead log: the markers `GET /_api/wal/tail` hands out, in tick order.
 * Collections and databases report their committed changes here (store/collection.ts,
 * store/database.ts); the server state gives every marker the next tick. Marker types and
 * fields are those of ArangoDB's WAL tailing (replication-common.h's TRI_replication_operation_e;
 * `db` is the database name, `cuid` the collection's globally unique id):
 * 1100/1101 database create/drop, 2000 collection create, 2001 drop, 2002 rename, 2004 truncate,
 * 2100/2101 index create/drop, 2110/2111/2112 view create/drop/change (api/view.ts),
 * 2200/2201 transaction begin/commit, 2300 document
 * insert/update/replace, 2302 document removal. Single-document writes carry `tid: "0"`; the
 * writes a transaction commits are framed by its begin and commit markers and carry its id.
 *
 * Markers are kept from the first request that reads the log on (record()). The log keeps the
 * newest 10 000 to 20 000 markers (a server's WAL files are collected too, and
 * holding every old document version would grow memory without bound); tailing from before the oldest one answers
 * `x-arango-replication-frompresent: false`, as a server whose WAL files were collected does.
 */

export interface WalMarker {
  tick: string;
  type: number;
  db: string;
  cuid?: string;
  tid?: string;
  data?: unknown;
}

/** What a change looks like before the log gives it its tick and database. */
export type WalChange = Omit<WalMarker, 'tick' | 'db'>;

export const MARKER = {
  DATABASE_CREATE: 1100,
  DATABASE_DROP: 1101,
  COLLECTION_CREATE: 2000,
  COLLECTION_DROP: 2001,
  COLLECTION_RENAME: 2002,
  COLLECTION_TRUNCATE: 2004,
  INDEX_CREATE: 2100,
  INDEX_DROP: 2101,
  VIEW_CREATE: 2110,
  VIEW_DROP: 2111,
  VIEW_CHANGE: 2112,
  TRANSACTION_START: 2200,
  TRANSACTION_COMMIT: 2201,
  DOCUMENT: 2300,
  REMOVE: 2302,
} as const;

/** Markers kept; trimmed in steps so that appending stays O(1) on average. */
/** The transaction whose commit is being written (commits run synchronously, one at a time). */
let committing = '0';

/** The `tid` of document markers written now. */
export function currentTid(): string {
  return committing;
}

/** Writes `commit`'s document markers as transaction `tid`'s, between its begin and commit markers. */
export function asTransaction(log: ((change: WalChange) => void) | null, tid: string, commit: () => void): void {
  if (log === null || !/^[0-9]+$/.test(tid)) {
    commit();
    return;
  }
  log({ type: MARKER.TRANSACTION_START, tid });
  committing = tid;
  try {
    commit();
  } finally {
    committing = '0';
  }
  log({ type: MARKER.TRANSACTION_COMMIT, tid });
}

const MAX_MARKERS = 10_000;

export interface TailOptions {
  /** Exclusive lower bound. */
  from: bigint;
  /** Inclusive upper bound. */
  to: bigint;
  /** Approximate maximum body size; looked at after each marker, so at least one is returned. */
  chunkSize: number;
  /** Only markers this predicate keeps (database, collections that still exist). */
  keep: (m: WalMarker) => boolean;
}

export interface TailResult {
  markers: WalMarker[];
  /** Tick of the last marker returned, 0n when none. */
  lastIncluded: bigint;
  /** Tick of the last marker looked at (kept or not). */
  lastScanned: bigint;
  /** Whether the log still holds everything after `from`. */
  fromPresent: boolean;
}

export class WriteAheadLog {
  private markers: WalMarker[] = [];
  private dropped = 0n;
  private recording = false;

  constructor(
    private readonly nextTick: () => string,
    private readonly currentTick: () => string,
  ) {}

  /**
   * Starts keeping markers, at the first request that reads the log (tick, range, tail, logger
   * state): until then writes pay nothing for it. What happened before counts as collected
   * (tailing from an older tick answers `frompresent: false`), as after a server's WAL pruning.
   */
  record(): void {
    if (this.recording) return;
    this.recording = true;
    this.dropped = BigInt(this.currentTick());
  }

  append(db: string, change: WalChange): void {
    if (!this.recording) return;
    this.markers.push({ tick: this.nextTick(), db, ...change });
    if (this.markers.length >= 2 * MAX_MARKERS) {
      const cut = this.markers.splice(0, this.markers.length - MAX_MARKERS);
      this.dropped = BigInt(cut[cut.length - 1]?.tick ?? '0');
    }
  }

  /** The oldest tick tailing can start from ("1" while nothing was ever collected). */
  get firstTick(): string {
    return this.dropped === 0n ? '1' : this.dropped.toString();
  }

  tail(o: TailOptions): TailResult {
    const out: WalMarker[] = [];
    let lastIncluded = 0n;
    let lastScanned = o.from > 0n ? o.from - 1n : 0n;
    let size = 0;
    // markers are in tick order: find the first one after `from` by binary search
    let lo = 0;
    let hi = this.markers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (BigInt(this.markers[mid]?.tick ?? '0') <= o.from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.markers.length; i++) {
      const m = this.markers[i] as WalMarker;
      const tick = BigInt(m.tick);
      if (tick > o.to) break;
      lastScanned = tick;
      if (!o.keep(m)) continue;
      out.push(m);
      lastIncluded = tick;
      size += JSON.stringify(m).length + 1;
      if (size >= o.chunkSize) break;
    }
    return { markers: withoutEmptyTransactions(out), lastIncluded, lastScanned, fromPresent: o.from >= this.dropped };
  }
}

/**
 * Begin/commit pairs with nothing left between them (their writes went to collections the tail
 * leaves out) are dropped too: RocksDB's WAL access writes a transaction's markers only along
 * with operations it hands out.
 */
function withoutEmptyTransactions(markers: WalMarker[]): WalMarker[] {
  const withWrites = new Set<string>();
  const begun = new Set<string>();
  const committed = new Set<string>();
  for (const m of markers) {
    if (m.type === MARKER.TRANSACTION_START) begun.add(m.tid ?? '');
    else if (m.type === MARKER.TRANSACTION_COMMIT) committed.add(m.tid ?? '');
    else if (m.tid !== undefined) withWrites.add(m.tid);
  }
  const empty = (m: WalMarker): boolean => {
    if (m.type !== MARKER.TRANSACTION_START && m.type !== MARKER.TRANSACTION_COMMIT) return false;
    const tid = m.tid ?? '';
    return !withWrites.has(tid) && begun.has(tid) && committed.has(tid);
  };
  return markers.some(empty) ? markers.filter((m) => !empty(m)) : markers;
}
