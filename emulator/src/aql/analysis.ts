/**
 * Text analysis: what an analyzer definition (store/analyzers.ts) turns a string into, for
 * TOKENS() and ArangoSearch. Stemming uses the Snowball algorithms (the npm port of the same
 * stemmers ArangoDB's text and stem analyzers build on). Word breaking is by Unicode letters and
 * digits rather than ICU's word-break rules, which agree for ordinary text.
 *
 * Not emulated (their tokens pass through unchanged): aql, collation, minhash, classification,
 * nearest_neighbors and the geo analyzers.
 */
import snowball from 'snowball-stemmers';
import type { Json } from '../store/types.js';
import type { AnalyzerDefinition } from '../store/analyzers.js';

/** Snowball's algorithm for an ICU locale's language (`en`, `de_DE.UTF-8`, …), if it has one. */
const LANGUAGES: Record<string, string> = {
  ar: 'arabic', hy: 'armenian', eu: 'basque', ca: 'catalan', cs: 'czech', da: 'danish', nl: 'dutch',
  en: 'english', fi: 'finnish', fr: 'french', de: 'german', hu: 'hungarian', it: 'italian', ga: 'irish',
  no: 'norwegian', nb: 'norwegian', nn: 'norwegian', pt: 'portuguese', ro: 'romanian', ru: 'russian',
  es: 'spanish', sl: 'slovene', sv: 'swedish', ta: 'tamil', tr: 'turkish',
};

const stemmers = new Map<string, ((word: string) => string) | null>();

function stemmerFor(locale: string): ((word: string) => string) | null {
  const lang = (locale.split(/[_.@-]/)[0] ?? '').toLowerCase();
  let s = stemmers.get(lang);
  if (s === undefined) {
    const algorithm = LANGUAGES[lang];
    if (algorithm === undefined) {
      s = null;
    } else {
      const stemmer = snowball.newStemmer(algorithm);
      s = (w: string) => stemmer.stem(w);
    }
    stemmers.set(lang, s);
  }
  return s;
}

const str = (p: Record<string, Json>, k: string, d = ''): string => (typeof p[k] === 'string' ? (p[k] as string) : d);

function applyCase(s: string, mode: string): string {
  return mode === 'lower' ? s.toLowerCase() : mode === 'upper' ? s.toUpperCase() : s;
}

function stripAccents(s: string): string {
  return s.normalize('NFKD').replace(/\p{Diacritic}/gu, '').normalize('NFC');
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** The tokens of `input` under analyzer type `type` with (normalised) `properties`. */
function analyzeWith(input: string, type: string, p: Record<string, Json>): string[] {
  switch (type) {
    case 'identity':
      return [input];
    case 'delimiter':
      return input.split(str(p, 'delimiter')).filter((t) => t !== '');
    case 'multi_delimiter': {
      const ds = Array.isArray(p['delimiters']) ? (p['delimiters'] as Json[]).filter((d): d is string => typeof d === 'string' && d !== '') : [];
      let parts = [input];
      for (const d of ds) parts = parts.flatMap((x) => x.split(d));
      return parts.filter((t) => t !== '');
    }
    case 'stem': {
      const stem = stemmerFor(str(p, 'locale'));
      return [stem ? stem(input) : input];
    }
    case 'norm': {
      let s = applyCase(input, str(p, 'case', 'none'));
      if (p['accent'] === false) s = stripAccents(s);
      return [s];
    }
    case 'text': {
      const caseMode = str(p, 'case', 'lower');
      const stop = new Set(Array.isArray(p['stopwords']) ? (p['stopwords'] as Json[]).filter((w): w is string => typeof w === 'string') : []);
      const stem = p['stemming'] === false ? null : stemmerFor(str(p, 'locale'));
      const out: string[] = [];
      for (const m of input.matchAll(WORD)) {
        let t = applyCase(m[0], caseMode);
        if (p['accent'] === false) t = stripAccents(t);
        if (stop.has(t)) continue;
        out.push(stem ? stem(t) : t);
      }
      return out;
    }
    case 'segmentation': {
      const mode = str(p, 'break', 'alpha');
      const caseMode = str(p, 'case', 'lower');
      const re = mode === 'all' ? /\S+|\s+/gu : mode === 'graphic' ? /[^\s]+/gu : WORD;
      return [...input.matchAll(re)].map((m) => applyCase(m[0], caseMode));
    }
    case 'ngram': {
      const min = typeof p['min'] === 'number' ? p['min'] : 1;
      const max = typeof p['max'] === 'number' ? p['max'] : min;
      const chars = p['streamType'] === 'utf8' ? Array.from(input) : [...Buffer.from(input)].map((b) => String.fromCharCode(b));
      const start = str(p, 'startMarker');
      const end = str(p, 'endMarker');
      const out: string[] = [];
      for (let i = 0; i < chars.length; i++) {
        for (let n = min; n <= max && i + n <= chars.length; n++) {
          const gram = chars.slice(i, i + n).join('');
          out.push(`${i === 0 ? start : ''}${gram}${i + n === chars.length ? end : ''}`);
        }
      }
      if (p['preserveOriginal'] === true && (chars.length < min || chars.length > max)) out.push(`${start}${input}${end}`);
      if (p['streamType'] !== 'utf8') return out.map((t) => Buffer.from([...t].map((c) => c.charCodeAt(0))).toString());
      return out;
    }
    case 'stopwords': {
      const words = Array.isArray(p['stopwords']) ? (p['stopwords'] as Json[]).filter((w): w is string => typeof w === 'string') : [];
      const set = new Set(p['hex'] === true ? words.map((h) => Buffer.from(h, 'hex').toString()) : words);
      return set.has(input) ? [] : [input];
    }
    case 'pipeline': {
      let tokens = [input];
      const members = Array.isArray(p['pipeline']) ? (p['pipeline'] as Json[]) : [];
      for (const m of members) {
        if (typeof m !== 'object' || m === null || Array.isArray(m)) continue;
        const type = typeof m['type'] === 'string' ? m['type'] : 'identity';
        const props = typeof m['properties'] === 'object' && m['properties'] !== null && !Array.isArray(m['properties']) ? (m['properties'] as Record<string, Json>) : {};
        tokens = tokens.flatMap((t) => analyzeWith(t, type, props));
      }
      return tokens;
    }
    default:
      return [input];
  }
}

export function analyze(input: string, def: AnalyzerDefinition): string[] {
  return analyzeWith(input, def.type, def.properties);
}
