/**
 * Builds a request path with every interpolated value encoded as exactly one path segment, so a
 * name or key can never leave its segment: path`/_api/document/${coll}/${key}`.
 */
export function path(strings: TemplateStringsArray, ...values: readonly (string | number)[]): string {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    out += encodeURIComponent(String(values[i])) + (strings[i + 1] ?? '');
  }
  return out;
}
