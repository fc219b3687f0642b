export { Pregel } from './pregel.js';
export type { PregelAlgorithm, PregelJobOptions, PregelJobStatus } from './pregel.js';
