/** README: "Use the emulator in your own tests" — vitest's globalSetup. */
// #region readme
// test/global-setup.ts: one emulator cluster for the whole test run, on free ports.
import { startCluster } from 'arangots-emulator';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    arango: { urls: string[]; username: string; password: string };
  }
}

export default async function setup(project: TestProject) {
  const cluster = await startCluster({ coordinators: 3, rootPassword: 'test', port: 0 });
  project.provide('arango', { urls: cluster.urls, username: 'root', password: 'test' });
  return () => cluster.close(); // vitest calls this after the last test file
}
// #endregion readme
