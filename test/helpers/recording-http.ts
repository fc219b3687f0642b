/**
 * A recording wrapper around the real undici HttpClient: every exchange still goes to the server
 * under test; the wrapper only notes what was sent and what came back (and can rewrite a request's
 * headers, to provoke server-side answers such as a 401 for a stale token).
 */
import { UndiciHttpClient, type HttpClient, type HttpClientFactory, type HttpClientOptions, type HttpRequest } from 'arangots';

export interface Exchange {
  origin: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  bodyBytes: number;
  status?: number;
  responseHeaders?: Record<string, string | string[] | undefined>;
  error?: unknown;
}

export interface Recorder {
  factory: HttpClientFactory;
  log: Exchange[];
  /** Options the client handed to the factory. */
  options: HttpClientOptions | undefined;
  closed: number;
  /** Called before each request is sent; may change its headers. */
  rewrite: ((req: HttpRequest) => void) | undefined;
}

export function recordingHttpClient(): Recorder {
  const recorder: Recorder = {
    log: [],
    options: undefined,
    closed: 0,
    rewrite: undefined,
    factory: (options) => {
      recorder.options = options;
      const inner = new UndiciHttpClient(options);
      const client: HttpClient = {
        async request(req) {
          recorder.rewrite?.(req);
          const entry: Exchange = {
            origin: req.origin,
            method: req.method,
            path: req.path,
            headers: { ...req.headers },
            bodyBytes: req.body === undefined ? 0 : typeof req.body === 'string' ? Buffer.byteLength(req.body) : req.body.byteLength,
          };
          recorder.log.push(entry);
          try {
            const res = await inner.request(req);
            entry.status = res.status;
            entry.responseHeaders = res.headers;
            return res;
          } catch (err) {
            entry.error = err;
            throw err;
          }
        },
        closeOrigin: (origin) => inner.closeOrigin(origin),
        async close() {
          recorder.closed++;
          await inner.close();
        },
      };
      return client;
    },
  };
  return recorder;
}
