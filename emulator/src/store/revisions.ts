/**
 * Document revisions (`_rev`) in ArangoDB's format: a hybrid logical clock value (milliseconds
 * since the epoch shifted left by 20 bits, plus a logical counter in the low 20 bits) written as
 * 11 characters of ArangoDB's order-preserving base64 alphabet, e.g. `_gjDBOTu---`. Because the
 * alphabet is sorted, comparing two revision strings of equal length compares their clocks.
 */

const ALPHABET = '-_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

let lastMs = 0;
let counter = 0;

/** A fresh revision, strictly greater than every revision made before in this process. */
export function newRevision(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else {
    counter++;
    if (counter >= 1 << 20) {
      // The logical part overflowed within one millisecond: borrow the next millisecond, as an
      // HLC does, so revisions stay unique and increasing.
      lastMs++;
      counter = 0;
    }
  }
  return encode(lastMs, counter);
}

/**
 * Encodes `ms * 2^20 + logical` (a 64-bit value, beyond double precision) without BigInt: the low
 * 18 bits of the logical part give three characters, the next character mixes the logical part's
 * top 2 bits with the clock's low 4 bits, and the remaining clock bits give seven characters.
 */
function encode(ms: number, logical: number): string {
  const c10 = logical & 63;
  const c9 = (logical >>> 6) & 63;
  const c8 = (logical >>> 12) & 63;
  const c7 = ((logical >>> 18) & 3) | ((ms % 16) << 2);
  let hi = Math.floor(ms / 16);
  let head = '';
  for (let i = 0; i < 7; i++) {
    head = ALPHABET.charAt(hi % 64) + head;
    hi = Math.floor(hi / 64);
  }
  return head + ALPHABET.charAt(c7) + ALPHABET.charAt(c8) + ALPHABET.charAt(c9) + ALPHABET.charAt(c10);
}

/** True when `rev` looks like a revision this format can produce (used to validate `isRestore` input). */
export function isRevisionString(rev: unknown): rev is string {
  return typeof rev === 'string' && rev.length > 0 && rev.length <= 64;
}

/**
 * The revision from an `If-Match` / `If-None-Match` header: ArangoDB sends and accepts the ETag
 * quoted (`"_gjDBOTu---"`), and also accepts it bare.
 */
export function revisionFromEtag(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) return value.slice(1, -1);
  return value;
}
