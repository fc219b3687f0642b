/** Every operation, in the order it runs (later ones rely on what earlier ones created). */
import type { Op } from '../harness.js';
import { adminOps, clusterOps, jobOps, serviceOps } from './admin.js';
import { aqlOps } from './aql.js';
import { collectionOps } from './collections.js';
import { databaseOps, databaseTeardownOps } from './databases.js';
import { documentOps } from './documents.js';
import { graphOps } from './graphs.js';
import { indexOps } from './indexes.js';
import { analyzerOps, viewOps } from './search.js';
import { transactionOps } from './transactions.js';
import { userOps } from './users.js';

/** Everything but the teardown, which runs after the arangots-only calls (they use the test database). */
export const MAIN_OPERATIONS: Op[] = [
  ...databaseOps,
  ...collectionOps,
  ...documentOps,
  ...indexOps,
  ...aqlOps,
  ...transactionOps,
  ...graphOps,
  ...analyzerOps,
  ...viewOps,
  ...userOps,
  ...adminOps,
  ...clusterOps,
  ...jobOps,
  ...serviceOps,
];

export const TEARDOWN_OPERATIONS: Op[] = databaseTeardownOps;

export const ALL_OPERATIONS: Op[] = [...MAIN_OPERATIONS, ...TEARDOWN_OPERATIONS];
