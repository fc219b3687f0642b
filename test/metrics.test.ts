import { describe, expect, it } from 'vitest';
import { MetricsParseError, parseMetrics } from 'arangots';

// Recorded from a real ArangoDB (`GET /_admin/metrics/v2`, 3.9 documentation transcripts), line
// breaks restored.
const REAL = `# HELP arangodb_agency_cache_callback_number Current number of entries in agency cache callbacks table
# TYPE arangodb_agency_cache_callback_number gauge
arangodb_agency_cache_callback_number{role="SINGLE"} 0
# HELP arangodb_agency_callback_registered_total Total number of agency callbacks registered
# TYPE arangodb_agency_callback_registered_total counter
arangodb_agency_callback_registered_total{role="SINGLE"} 0
# HELP arangodb_agencycomm_request_time_msec Request time for Agency requests [ms]
# TYPE arangodb_agencycomm_request_time_msec histogram
arangodb_agencycomm_request_time_msec_bucket{role="SINGLE",le="292"} 0
arangodb_agencycomm_request_time_msec_bucket{role="SINGLE",le="526"} 0
arangodb_agencycomm_request_time_msec_bucket{role="SINGLE",le="995"} 0
arangodb_agencycomm_request_time_msec_bucket{role="SINGLE",le="1932"} 0
arangodb_agencycomm_request_time_msec_bucket{role="SINGLE",le="3806"} 0
arangodb_agencycomm_request_time_msec_bucket{role="SINGLE",le="7554"} 0
arangodb_agencycomm_request_time_msec_bucket{role="SINGLE",le="15050"} 0
arangodb_agencycomm_request_time_msec_bucket{role="SINGLE",le="30043"} 0
arangodb_agencycomm_request_time_msec_bucket{role="SINGLE",le="60029"} 0
arangodb_agencycomm_request_time_msec_bucket{role="SINGLE",le="+Inf"} 0
arangodb_agencycomm_request_time_msec_count{role="SINGLE"} 0
arangodb_agencycomm_request_time_msec_sum{role="SINGLE"} 0
# HELP arangodb_aql_all_query_total Total number of AQL queries finished
# TYPE arangodb_aql_all_query_total counter
arangodb_aql_all_query_total{role="SINGLE"} 406
`;

describe('parseMetrics', () => {
  it('parses real ArangoDB text into families with help, type and samples', () => {
    const metrics = parseMetrics(REAL);
    expect(metrics.map((m) => m.name)).toEqual([
      'arangodb_agency_cache_callback_number',
      'arangodb_agency_callback_registered_total',
      'arangodb_agencycomm_request_time_msec',
      'arangodb_aql_all_query_total',
    ]);
    expect(metrics[0]).toEqual({
      name: 'arangodb_agency_cache_callback_number',
      help: 'Current number of entries in agency cache callbacks table',
      type: 'gauge',
      samples: [{ name: 'arangodb_agency_cache_callback_number', labels: { role: 'SINGLE' }, value: 0 }],
    });
    const hist = metrics[2]!;
    expect(hist.type).toBe('histogram');
    expect(hist.help).toBe('Request time for Agency requests [ms]');
    expect(hist.samples).toHaveLength(12);
    expect(hist.samples.filter((s) => s.name.endsWith('_bucket')).map((s) => s.labels.le)).toEqual([
      '292', '526', '995', '1932', '3806', '7554', '15050', '30043', '60029', '+Inf',
    ]);
    expect(hist.samples.at(-2)).toEqual({ name: 'arangodb_agencycomm_request_time_msec_count', labels: { role: 'SINGLE' }, value: 0 });
    expect(metrics[3]!.samples[0]!.value).toBe(406);
  });

  it('handles escapes, special values, timestamps, summaries and untyped samples', () => {
    const text = [
      '# HELP x_total A help with a \\\\ backslash\\nand a newline',
      '# TYPE x_total counter',
      'x_total{path="/a\\"b",note="line\\nbreak",back="c:\\\\dir"} 1.5e3 1700000000000',
      '# TYPE rpc summary',
      'rpc{quantile="0.5"} NaN',
      'rpc{quantile="0.99"} +Inf',
      'rpc_sum -Inf',
      'rpc_count 7',
      'loose_metric 42',
      '# a plain comment',
      '',
    ].join('\n');
    const [x, rpc, loose] = parseMetrics(text);
    expect(x!.help).toBe('A help with a \\ backslash\nand a newline');
    expect(x!.samples[0]).toEqual({
      name: 'x_total',
      labels: { path: '/a"b', note: 'line\nbreak', back: 'c:\\dir' },
      value: 1500,
      timestamp: 1700000000000,
    });
    expect(rpc!.type).toBe('summary');
    expect(rpc!.samples.map((s) => s.value)).toEqual([NaN, Infinity, -Infinity, 7]);
    expect(loose).toEqual({ name: 'loose_metric', help: '', type: 'untyped', samples: [{ name: 'loose_metric', labels: {}, value: 42 }] });
  });

  it('reports malformed lines with their line number', () => {
    const cases = [
      'm{role="x"',
      'm{role=x} 1',
      'm 1 2 3',
      'm abc',
      '# TYPE m gaugey',
      'm{a="1",a="2"} 1',
    ];
    for (const bad of cases) {
      const err = (() => {
        try {
          parseMetrics(`ok 1\n${bad}`);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err, bad).toBeInstanceOf(MetricsParseError);
      expect((err as MetricsParseError).line).toBe(2);
    }
  });
});
