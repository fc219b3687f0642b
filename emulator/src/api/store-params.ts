/** Request-parameter helpers shared by the document-store APIs (collection, document, index, import). */
import { headerValue } from '../http/params.js';
import type { EmuRequest } from '../http/router.js';
import { transactionFromHeader } from '../store/transaction.js';
import type { TxScope } from '../store/types.js';

/** The stream transaction of `x-arango-trx-id` (404/1655 unknown, 410/1654 aborted), if any. */
export function trxOf(req: EmuRequest): TxScope | undefined {
  return transactionFromHeader(req.ctx.db, req.headers['x-arango-trx-id']);
}

/** A single header value (the first, if repeated). */
export function header(req: EmuRequest, name: string): string | undefined {
  return headerValue(req.headers[name]);
}

/** `/_db/<db>/…` as ArangoDB writes `location` headers, with each name URL-encoded. */
export function dbPath(req: EmuRequest, rest: string): string {
  return `/_db/${encodeURIComponent(req.ctx.db.name)}${rest}`;
}
