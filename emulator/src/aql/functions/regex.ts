import { RE2JS } from 're2js';
import type { ExecContext } from '../context.js';

/**
 * Regular expressions (REGEX_*, `=~`, `!~`) and LIKE, in time linear in the input.
 *
 * ArangoDB runs these with ICU's backtracking matcher, on a server thread of its own. Here every
 * coordinator of a cluster shares one event loop, and V8's RegExp backtracks too: a pattern like
 * `^(a+)+$` against 33 characters ran 81 s and froze every coordinator. So regular expressions
 * run on RE2JS, a pure-JavaScript port of RE2 (no native build, unlike the `re2` addon): it
 * matches in linear time, so no pattern can stall the loop. The price is what RE2 does not have:
 * backreferences (`\1`), lookahead and lookbehind, atomic groups and possessive quantifiers, which
 * ICU supports. Such a pattern is answered like any invalid one (warning 1543 and null), so a
 * query learns it is not supported instead of getting a wrong answer. ICU's `\uhhhh` escape is
 * translated to RE2's `\x{hhhh}`; the `i` flag (REGEX_TEST's third argument) maps to RE2's
 * CASE_INSENSITIVE, and like ICU without flags, `.` stops at a newline and `^`/`$` anchor the
 * whole string.
 *
 * LIKE needs no regular expression: `%` and `_` are matched by a wildcard matcher whose worst case
 * is the product of the two lengths (a regex translation backtracks polynomially in the number of
 * `%`).
 */

/** A compiled regular expression with the operations the AQL functions need. */
export interface AqlRegex {
  test(s: string): boolean;
  /** The first match and its groups (unmatched groups as ''), or null. */
  exec(s: string): string[] | null;
  split(s: string): string[];
  replaceAll(s: string, replacement: string): string;
}

const regexCache = new Map<string, AqlRegex | null>();
const CACHE_MAX = 1000;

/** A regular expression for REGEX_* and =~; an invalid or unsupported one is warning 1543 and null. */
export function regexFor(pattern: string, caseInsensitive: boolean, ctx: ExecContext, name?: string): AqlRegex | null {
  const key = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  let re = regexCache.get(key);
  if (re === undefined) {
    re = compile(pattern, caseInsensitive);
    if (regexCache.size > CACHE_MAX) regexCache.clear();
    regexCache.set(key, re);
  }
  if (!re) warnInvalid(ctx, name);
  return re;
}

function compile(pattern: string, caseInsensitive: boolean): AqlRegex | null {
  let re: RE2JS;
  try {
    re = RE2JS.compile(translate(pattern), caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
  } catch {
    return null;
  }
  return {
    test: (s) => re.test(s),
    exec: (s) => {
      const m = re.exec(s) as (string | null | undefined)[] | null;
      return m ? Array.from(m, (x) => x ?? '') : null;
    },
    split: (s) => re.split(s, -1),
    replaceAll: (s, replacement) => re.matcher(s).replaceAll(replacement),
  };
}

/** ICU escapes RE2 spells differently: `\uhhhh` → `\x{hhhh}` (an escaped backslash stays). */
function translate(pattern: string): string {
  if (!pattern.includes('\\u')) return pattern;
  return pattern.replace(/\\(\\|u([0-9a-fA-F]{4}))/g, (all, _c: string, hex: string | undefined) => (hex ? `\\x{${hex}}` : all));
}

function warnInvalid(ctx: ExecContext, name?: string): void {
  ctx.warn('ERROR_QUERY_INVALID_REGEX', name ? `invalid regex value in call to function '${name}()'` : 'invalid regex value');
}

// ---------------------------------------------------------------------------------------------
// LIKE

/** One LIKE pattern, parsed: literal code points, `_` (ANY) and `%` (STAR). */
type LikeToken = string | typeof ANY | typeof STAR;
const ANY = 0;
const STAR = 1;

const likeCache = new Map<string, LikeToken[]>();

function parseLike(pattern: string, caseInsensitive: boolean): LikeToken[] {
  const key = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  let tokens = likeCache.get(key);
  if (tokens) return tokens;
  tokens = [];
  const cps = Array.from(caseInsensitive ? pattern.toLowerCase() : pattern);
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i] as string;
    if (c === '\\' && i + 1 < cps.length) tokens.push(cps[++i] as string);
    else if (c === '%') {
      if (tokens[tokens.length - 1] !== STAR) tokens.push(STAR);
    } else if (c === '_') tokens.push(ANY);
    else tokens.push(c);
  }
  if (likeCache.size > CACHE_MAX) likeCache.clear();
  likeCache.set(key, tokens);
  return tokens;
}

/**
 * LIKE: `%` any sequence, `_` one character, `\` escapes; anchored, case-sensitive unless asked.
 * Greedy matching that, on a mismatch, retries from the last `%` one character further: at most
 * (text length × pattern length) steps, never exponential.
 */
export function like(text: string, pattern: string, caseInsensitive: boolean): boolean {
  const p = parseLike(pattern, caseInsensitive);
  const t = Array.from(caseInsensitive ? text.toLowerCase() : text);
  let ti = 0;
  let pi = 0;
  let starP = -1;
  let starT = 0;
  while (ti < t.length) {
    const tok = p[pi];
    if (tok === STAR) {
      starP = pi++;
      starT = ti;
    } else if (tok !== undefined && (tok === ANY || tok === t[ti])) {
      pi++;
      ti++;
    } else if (starP >= 0) {
      pi = starP + 1;
      ti = ++starT;
    } else {
      return false;
    }
  }
  while (p[pi] === STAR) pi++;
  return pi === p.length;
}
