export { View, createView, createViewBody, listViews } from './view.js';
export type * from './types.js';
