/**
 * Every HTTP API family of the emulator. Each module exports `register(router)`; add yours
 * with one import line and one call line.
 */
import type { Router } from '../http/router.js';
import { register as admin } from './admin.js';
import { register as statistics } from './statistics.js';
import { register as metrics } from './metrics.js';
import { register as log } from './log.js';
import { register as auth } from './auth.js';
import { register as cluster } from './cluster.js';
import { register as vpackSort } from './vpack-sort.js';
import { register as database } from './database.js';
import { register as job } from './job.js';
import { register as users } from './users.js';
import { register as gharial } from './gharial.js';
import { register as view } from './view.js';
import { register as analyzer } from './analyzer.js';
import { register as tasks } from './tasks.js';
import { register as foxx } from './foxx.js';
import { register as pregel } from './pregel.js';
import { register as replication } from './replication.js';
import { register as replicationDump } from './replication-dump.js';
import { register as wal } from './wal.js';
import { register as backup } from './backup.js';
import { register as token } from './token.js';
import { register as collection } from './collection.js';
import { register as document } from './document.js';
import { register as edges } from './edges.js';
import { register as importApi } from './import.js';
import { register as indexes } from './indexes.js';
import { register as transaction } from './transaction.js';
import { register as cursor } from './cursor.js';
import { register as query } from './query.js';

export function registerAll(router: Router): void {
  admin(router);
  statistics(router);
  metrics(router);
  log(router);
  auth(router);
  cluster(router);
  vpackSort(router);
  database(router);
  job(router);
  users(router);
  gharial(router);
  view(router);
  analyzer(router);
  tasks(router);
  foxx(router);
  pregel(router);
  replication(router);
  replicationDump(router);
  wal(router);
  backup(router);
  token(router);
  collection(router);
  document(router);
  edges(router);
  importApi(router);
  indexes(router);
  transaction(router);
  cursor(router);
  query(router);
}
