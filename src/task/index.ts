export { Tasks } from './tasks.js';
export type { CreateTaskOptions, TaskInfo } from './tasks.js';
