export { Foxx } from './foxx.js';
export type { FoxxServiceDescription, FoxxServiceSummary, FoxxSource, InstallServiceOptions, ReplaceServiceOptions, RunTestsOptions } from './foxx.js';
