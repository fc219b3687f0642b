/** README: "Replacing the HTTP layer". */
// #region readme
import { randomUUID } from 'node:crypto';
import { ArangoClient, UndiciHttpClient, type HttpClient, type HttpRequest } from 'arangots';

/** Wraps the default undici layer: adds a request id to every request and counts them. */
class TracingHttpClient implements HttpClient {
  sent = 0;
  constructor(private readonly inner: HttpClient) {}
  request(req: HttpRequest) {
    this.sent++;
    return this.inner.request({ ...req, headers: { ...req.headers, 'x-request-id': randomUUID() } });
  }
  close() {
    return this.inner.close();
  }
}

export async function run({ hosts, username, password }: { hosts: string[]; username: string; password: string }) {
  let tracer: TracingHttpClient | undefined;
  const client = new ArangoClient({
    hosts,
    // For https:// hosts: ca, cert, key (PEM) and rejectUnauthorized reach undici's TLS connector.
    tls: { rejectUnauthorized: true },
    httpClient: (options) => (tracer = new TracingHttpClient(new UndiciHttpClient(options))),
  });
  const db = await client.db('_system', { username, password });
  await db.version();
  await db.cluster.serverRole();
  await client.close();
  return { sent: tracer?.sent };
}
// #endregion readme
