export { ServerAdmin } from './admin.js';
export { MetricsParseError, parseMetrics, type Metric, type MetricSample, type MetricType } from './metrics.js';
export { UnexpectedResponseError } from './envelope.js';
export type * from './types.js';
