export { Analyzer, createAnalyzer, createAnalyzerBody, listAnalyzers } from './analyzer.js';
export type * from './types.js';
