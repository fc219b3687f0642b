import type { EmuRequest } from './router.js';

/**
 * A boolean query parameter as ArangoDB reads it (`StringUtils::boolean`): `true`, `yes`, `on`,
 * `y` and `1` (any case) are true, any other given value is false, absence gives the default.
 */
export function flag(req: EmuRequest, name: string, dflt = false): boolean {
  const v = req.query.get(name);
  if (v === null) return dflt;
  return /^(true|yes|on|y|1)$/i.test(v.trim());
}

/** The first value of a request header Node may have joined into an array. */
export function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
