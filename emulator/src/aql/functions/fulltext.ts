/**
 * ArangoDB's fulltext index (arangod/RocksDBEngine/RocksDBFulltextIndex.cpp): which words a
 * document contributes and how a fulltext query string selects documents.
 *
 * Words: the attribute's string, or the strings of an array or an object one level down, split
 * by ICU word boundaries (Intl.Segmenter is ICU's word break iterator), lower-cased, at least
 * `minLength` characters, cut to 40 (FulltextIndexLimits::maxWordLength).
 *
 * Queries: comma- or space-separated words, each optionally `+` (and, the default), `|` (or) or
 * `-` (exclude) and `prefix:` / `complete:`; at most 32 words; the first one always ORs into the
 * empty result. An empty query is ERROR_BAD_PARAMETER.
 */
import type { Value } from '../ast.js';
import { AqlError } from '../errors.js';
import type { Json } from '../../store/types.js';

const MAX_WORD_LENGTH = 40;
const MAX_SEARCH_WORDS = 32;

const segmenter = new Intl.Segmenter('en', { granularity: 'word' });

const prefixOf = (w: string): string => Array.from(w).slice(0, MAX_WORD_LENGTH).join('');

function addWords(into: Set<string>, text: string, minLength: number): void {
  for (const s of segmenter.segment(text.normalize('NFC'))) {
    if (!s.isWordLike) continue;
    const w = s.segment.toLowerCase();
    if (Array.from(w).length >= minLength) into.add(prefixOf(w));
  }
}

/** The words the index stores for one document's attribute value. */
export function fulltextWords(v: Json | undefined, minLength: number): Set<string> {
  const words = new Set<string>();
  if (typeof v === 'string') addWords(words, v, minLength);
  else if (Array.isArray(v)) for (const x of v) { if (typeof x === 'string') addWords(words, x, minLength); }
  else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) { if (typeof x === 'string') addWords(words, x, minLength); }
  return words;
}

export interface FulltextToken {
  word: string;
  prefix: boolean;
  op: 'and' | 'or' | 'exclude';
}

// the index parses the query when the scan starts
const badQuery = (): AqlError => AqlError.runtime(400, 'ERROR_BAD_PARAMETER');

const SEPARATOR = /[ \t\r\n\f\b,]/;

/** RocksDBFulltextIndex::parseQueryString. */
export function parseFulltextQuery(v: Value): FulltextToken[] {
  if (typeof v !== 'string' || v === '') throw badQuery();
  const tokens: FulltextToken[] = [];
  let i = 0;
  while (i < v.length && tokens.length < MAX_SEARCH_WORDS) {
    if (SEPARATOR.test(v[i] as string)) { i++; continue; }
    let op: FulltextToken['op'] = 'and';
    const c = v[i];
    if (c === '+' || c === '|' || c === '-') {
      op = c === '|' ? 'or' : c === '-' ? 'exclude' : 'and';
      i++;
    }
    const start = i;
    let split = -1;
    while (i < v.length && !SEPARATOR.test(v[i] as string)) {
      if (split < 0 && v[i] === ':') split = i + 1;
      i++;
    }
    if (i === start || split === start || split === i) throw badQuery();
    let word = v.slice(start, i);
    let prefix = false;
    if (split >= 0) {
      const command = v.slice(start, split).toLowerCase();
      if (command === 'prefix:') prefix = true;
      word = v.slice(split, i);
    }
    tokens.push({ word: prefixOf(word.normalize('NFC').toLowerCase()), prefix, op });
  }
  if (tokens.length === 0) throw badQuery();
  (tokens[0] as FulltextToken).op = 'or';
  return tokens;
}

/** RocksDBFulltextIndex::executeQuery: the indexes of matching documents, in document order. */
export function matchFulltext(query: FulltextToken[], docs: readonly Set<string>[]): number[] {
  let result = new Set<number>();
  query.forEach((t, n) => {
    if (n > 0 && t.op !== 'or' && result.size === 0) return;
    const hits = new Set<number>();
    docs.forEach((words, i) => {
      const hit = t.prefix ? [...words].some((w) => w.startsWith(t.word)) : words.has(t.word);
      if (hit) hits.add(i);
    });
    if (t.op === 'or') for (const i of hits) result.add(i);
    else if (t.op === 'exclude') for (const i of hits) result.delete(i);
    else result = new Set([...result].filter((i) => hits.has(i)));
  });
  return [...result].sort((a, b) => a - b);
}
