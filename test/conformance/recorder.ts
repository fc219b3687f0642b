/**
 * A recording HTTP proxy: every request is forwarded unchanged to one upstream coordinator (the
 * emulator, or ARANGO_URL) and the answer is piped back; on the way the proxy notes what a driver
 * sent — method, path, query, the headers that carry API meaning, and the body. Both drivers talk
 * to the same proxy, so what is compared is exactly what went over the wire.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a driver sent, before normalisation. */
export interface RawRequest {
  method: string;
  /** Path without the query string, as sent (percent-encoded). */
  path: string;
  /** Query string as sent, without the `?`. */
  search: string;
  headers: Record<string, string>;
  /** The request body as text (`''` when none). */
  body: string;
  /** Status of the upstream answer (502 when the upstream failed). */
  status?: number;
}

export class Recorder {
  readonly #upstream: URL;
  readonly #server: http.Server;
  readonly #agent = new http.Agent({ keepAlive: true });
  #log: RawRequest[] = [];
  #url = '';
  /** Requests received whose answer has not been written back yet. */
  #inFlight = 0;
  #idle: (() => void)[] = [];

  private constructor(upstream: string) {
    this.#upstream = new URL(upstream);
    this.#server = http.createServer((req, res) => this.#forward(req, res));
    this.#server.keepAliveTimeout = 5_000;
  }

  /** Starts a proxy on a free loopback port in front of `upstream`. */
  static async start(upstream: string): Promise<Recorder> {
    const r = new Recorder(upstream);
    await new Promise<void>((resolve, reject) => {
      r.#server.once('error', reject);
      r.#server.listen(0, '127.0.0.1', () => resolve());
    });
    const addr = r.#server.address() as AddressInfo;
    r.#url = `http://127.0.0.1:${addr.port}`;
    return r;
  }

  get url(): string {
    return this.#url;
  }

  /** Resolves once every request received so far has been answered. */
  async settle(): Promise<void> {
    if (this.#inFlight > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
    await new Promise((r) => setImmediate(r));
  }

  /** The requests recorded since the last `take()`, and a fresh log. */
  take(): RawRequest[] {
    const out = this.#log;
    this.#log = [];
    return out;
  }

  async close(): Promise<void> {
    this.#agent.destroy();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.#inFlight++;
    res.on('close', () => {
      if (--this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve();
    });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const rawUrl = req.url ?? '/';
      const q = rawUrl.indexOf('?');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      }
      const entry: RawRequest = {
        method: req.method ?? 'GET',
        path: q === -1 ? rawUrl : rawUrl.slice(0, q),
        search: q === -1 ? '' : rawUrl.slice(q + 1),
        headers,
        body: decodeBody(body, headers['content-encoding']),
      };
      this.#log.push(entry);
      const fwdHeaders = { ...req.headers, host: this.#upstream.host };
      const up = http.request(
        {
          agent: this.#agent,
          protocol: this.#upstream.protocol,
          hostname: this.#upstream.hostname,
          port: this.#upstream.port,
          method: req.method,
          path: rawUrl,
          headers: fwdHeaders,
        },
        (upRes) => {
          entry.status = upRes.statusCode ?? 502;
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
        },
      );
      up.on('error', (err) => {
        entry.status = 502;
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`recorder: upstream failed: ${err.message}`);
      });
      up.end(body);
    });
  }
}

function decodeBody(body: Buffer, encoding: string | undefined): string {
  if (body.length === 0) return '';
  if (encoding !== undefined && encoding !== 'identity') return `<${encoding} body, ${body.length} bytes>`;
  return body.toString('utf8');
}
