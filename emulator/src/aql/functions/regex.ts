import type { ExecContext } from '../context.js';

/** Compiled LIKE patterns and regular expressions, reused across rows. */
const likeCache = new Map<string, RegExp>();
const regexCache = new Map<string, RegExp | null>();
const CACHE_MAX = 1000;

/** LIKE: `%` any sequence, `_` one character, `\` escapes; anchored, case-sensitive by default. */
export function likeToRegex(pattern: string, caseInsensitive: boolean): RegExp {
  const key = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  let re = likeCache.get(key);
  if (re) return re;
  let src = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) {
      src += escape(pattern[++i] as string);
    } else if (c === '%') src += '[\\s\\S]*';
    else if (c === '_') src += '[\\s\\S]';
    else src += escape(c);
  }
  re = new RegExp(`^${src}$`, caseInsensitive ? 'iu' : 'u');
  if (likeCache.size > CACHE_MAX) likeCache.clear();
  likeCache.set(key, re);
  return re;
}

/** A regular expression for REGEX_* and =~; an invalid one is warning 1543 and null. */
export function regexFor(pattern: string, caseInsensitive: boolean, ctx: ExecContext, name?: string): RegExp | null {
  const key = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  if (regexCache.has(key)) {
    const re = regexCache.get(key) ?? null;
    if (!re) warnInvalid(ctx, name);
    return re;
  }
  let re: RegExp | null;
  try {
    re = new RegExp(pattern, caseInsensitive ? 'iu' : 'u');
  } catch {
    try {
      re = new RegExp(pattern, caseInsensitive ? 'i' : '');
    } catch {
      re = null;
    }
  }
  if (regexCache.size > CACHE_MAX) regexCache.clear();
  regexCache.set(key, re);
  if (!re) warnInvalid(ctx, name);
  return re;
}

function warnInvalid(ctx: ExecContext, name?: string): void {
  ctx.warn('ERROR_QUERY_INVALID_REGEX', name ? `invalid regex value in call to function '${name}()'` : 'invalid regex value');
}

function escape(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
