/**
 * Host discovery: turning ArangoDB endpoint strings (`/_api/cluster/endpoints`) into host ids.
 */
import { normaliseHost } from './host.js';

const SCHEMES: Record<string, 'http' | 'https'> = {
  tcp: 'http',
  'http+tcp': 'http',
  http: 'http',
  ssl: 'https',
  'http+ssl': 'https',
  https: 'https',
};

/**
 * `tcp://10.0.0.1:8529` → `http://10.0.0.1:8529`, `ssl://…` → `https://…`. Returns undefined for
 * endpoints a client cannot use: unix sockets, VelocyStream, and wildcard binds (0.0.0.0, [::]),
 * which name no reachable address.
 */
export function endpointToHost(endpoint: string): string | undefined {
  const match = /^([a-z+]+):\/\/(.+)$/i.exec(endpoint.trim());
  if (match === null) return undefined;
  const scheme = SCHEMES[(match[1] as string).toLowerCase()];
  if (scheme === undefined) return undefined;
  const authority = (match[2] as string).replace(/\/+$/, '');
  try {
    const id = normaliseHost(`${scheme}://${authority}`);
    const hostname = new URL(id).hostname;
    if (hostname === '0.0.0.0' || hostname === '[::]') return undefined;
    return id;
  } catch {
    return undefined;
  }
}
