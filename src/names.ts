/**
 * Names checked before they reach a URL. ArangoDB 3.12 validates names with its extended naming
 * convention by default (`--database.extended-names`, lib/Utilities/NameValidator.cpp); it is a
 * superset of the traditional one, so applying it here never refuses a name a server accepts.
 *
 * The one property the driver relies on: no name or key ever becomes a dot segment (`.`/`..`) of
 * a request path, which a proxy or a URL normaliser would resolve into another route.
 */
import { ArangoClientError } from './errors.js';

/** Whether `segment` is `.` or `..`: a path segment URL normalisation removes or climbs out of. */
export function isDotSegment(segment: string): boolean {
  return segment.length <= 2 && (segment === '.' || segment === '..');
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function utf8Length(name: string): number {
  return Buffer.byteLength(name, 'utf8');
}

/**
 * Database names as ArangoDB accepts them: 1–128 bytes of NFC-normalised UTF-8, no `/` or `:`, no
 * control characters, no leading or trailing space, not starting with a digit or a dot (a dot
 * marks hidden agency entries); `_` starts only system databases such as `_system`.
 */
export function databaseNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (utf8Length(name) > 128) return 'it is longer than 128 bytes';
  if (LONE_SURROGATE.test(name)) return 'it is not valid UTF-8';
  if (name.normalize('NFC') !== name) return 'it is not NFC-normalised';
  if (name.includes('/')) return "it contains '/'";
  if (name.includes(':')) return "it contains ':'";
  if (CONTROL.test(name)) return 'it contains a control character';
  const first = name.charAt(0);
  if (first === '.') return 'it starts with a dot';
  if (first >= '0' && first <= '9') return 'it starts with a digit';
  if (first === ' ' || name.endsWith(' ')) return 'it starts or ends with a space';
  return undefined;
}

/**
 * Collection and view names: 1–256 bytes of UTF-8, no `/`, no control characters, not starting
 * with a dot, and for a new one not with a digit either (an existing collection or view may be
 * addressed by its numeric id, so a handle accepts one).
 */
export function dataSourceNameProblem(name: string, creating = false): string | undefined {
  if (name === '') return 'it is empty';
  if (utf8Length(name) > 256) return 'it is longer than 256 bytes';
  if (LONE_SURROGATE.test(name)) return 'it is not valid UTF-8';
  if (name.includes('/')) return "it contains '/'";
  if (CONTROL.test(name)) return 'it contains a control character';
  const first = name.charAt(0);
  if (first === '.') return 'it starts with a dot';
  if (creating && first >= '0' && first <= '9') return 'it starts with a digit';
  return undefined;
}

export function assertDatabaseName(name: unknown): asserts name is string {
  if (typeof name !== 'string') throw new ArangoClientError(`database name must be a non-empty string, got ${JSON.stringify(name) ?? String(name)}`);
  const problem = databaseNameProblem(name);
  if (problem !== undefined) {
    throw new ArangoClientError(`database name ${JSON.stringify(name)} is not one ArangoDB accepts: ${problem} (see ArangoDB's naming conventions for databases)`);
  }
}

/** `kind` is 'collection' or 'view'; `creating` adds the rules for a new name. */
export function assertDataSourceName(kind: string, name: unknown, creating = false): asserts name is string {
  if (typeof name !== 'string') throw new ArangoClientError(`${kind} name must be a non-empty string, got ${JSON.stringify(name) ?? String(name)}`);
  const problem = dataSourceNameProblem(name, creating);
  if (problem !== undefined) {
    throw new ArangoClientError(`${kind} name ${JSON.stringify(name)} is not one ArangoDB accepts: ${problem} (see ArangoDB's naming conventions for ${kind}s)`);
  }
}

/**
 * For names ArangoDB stores but whose API carries them only in the URL path (graphs, users,
 * index names): a dot segment cannot be sent safely, so it is refused with what to do instead.
 */
export function assertNotDotSegment(kind: string, name: string, instead: string): void {
  if (isDotSegment(name)) {
    throw new ArangoClientError(`${kind} ${JSON.stringify(name)} would be a dot segment in the request path, which proxies and URL normalisers rewrite; ${instead}`);
  }
}
