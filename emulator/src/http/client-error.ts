/**
 * Malformed HTTP (a broken request line, bad header syntax, headers too large, a request that
 * never finished in time) never reaches a handler: Node's parser rejects it and, left alone,
 * answers a bodiless 400. Here the server answers in ArangoDB's envelope instead and then closes
 * the connection, since the byte stream can no longer be trusted to frame further requests.
 */
import type { Socket } from 'node:net';

interface ClientError extends Error {
  code?: string;
}

/** The status Node would pick for a parse failure, and the envelope's errorNum for it. */
function statusFor(code: string | undefined): { status: number; reason: string; errorNum: number; message: string } {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, reason: 'Request Header Fields Too Large', errorNum: 400, message: 'request header fields too large' };
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, reason: 'Request Timeout', errorNum: 408, message: 'request timeout' };
  }
  return { status: 400, reason: 'Bad Request', errorNum: 400, message: 'malformed HTTP request' };
}

export function onClientError(err: ClientError, socket: Socket): void {
  // The peer is gone, or an answer has begun (a body that broke after its headers were read
  // and answered): nothing sensible can be written any more.
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent === true) {
    socket.destroy();
    return;
  }
  const { status, reason, errorNum, message } = statusFor(err.code);
  const body = JSON.stringify({ error: true, code: status, errorNum, errorMessage: message });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nServer: ArangoDB\r\nContent-Type: application/json; charset=utf-8\r\n`
    + `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  // A client that never reads must not keep the socket half-open.
  socket.setTimeout(5000, () => socket.destroy());
}
