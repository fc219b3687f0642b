import { ArangoClientError } from '../errors.js';

/**
 * Builds a request path with every interpolated value encoded as exactly one path segment, so a
 * name or key can never leave its segment: path`/_api/document/${coll}/${key}`. A value that
 * would be a dot segment (`.` or `..`, which URL normalisation resolves into another route) is
 * refused: API classes route such names differently before they get here (see names.ts).
 */
export function path(strings: TemplateStringsArray, ...values: readonly (string | number)[]): string {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    const segment = encodeURIComponent(String(values[i]));
    if (segment.length <= 2 && (segment === '.' || segment === '..')) {
      throw new ArangoClientError(`${JSON.stringify(segment)} cannot be sent as a path segment of ${out}…: proxies and URL normalisers would resolve it into another route`);
    }
    out += segment + (strings[i + 1] ?? '');
  }
  return out;
}
