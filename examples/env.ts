/** What every README example gets from the test that runs it (examples/examples.test.ts). */
import type { Database } from 'arangots';

export interface ExampleEnv {
  hosts: string[];
  username: string;
  password: string;
  /** A fresh database for the example. */
  db: Database;
  /** Id of one DB-server of the cluster. */
  dbServerId: string;
}
