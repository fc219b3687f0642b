/**
 * Command-line parsing on `node:util` parseArgs: the options every command shares, the command
 * table's option specs, and usage errors (exit code 64, as sysexits' EX_USAGE).
 */
import { parseArgs } from 'node:util';

export const EXIT = { ok: 0, error: 1, unhealthy: 2, usage: 64, interrupted: 130 } as const;

/** Bad command line: printed as one line plus the command's usage, exit code 64. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The command whose usage to print, e.g. 'cluster health'; undefined for the top level. */
    readonly command?: string,
  ) {
    super(message);
  }
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** For a string option that may stand alone (`--watch` or `--watch 5`): the value it then takes. */
  implicit?: string;
  /** With `implicit`: which next tokens are its value (default: a number). */
  implicitValues?: RegExp;
}

/**
 * A yes/no option as arangoimport writes them: `--convert`, `--convert false`, `--convert=true`,
 * and `--no-convert`. Read it with booleanOption().
 */
export const YES_NO: OptionSpec = { type: 'string', implicit: 'true', implicitValues: /^(true|false|yes|no|on|off|1|0)$/i };

export type OptionSpecs = Record<string, OptionSpec>;
export type OptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** Shared by every command: connection, credentials, TLS, timeouts, diagnostics. */
export const COMMON_OPTIONS: OptionSpecs = {
  hosts: { type: 'string' },
  resolver: { type: 'string' },
  username: { type: 'string', short: 'u' },
  'password-file': { type: 'string' },
  'password-prompt': { type: 'boolean' },
  database: { type: 'string', short: 'd' },
  ca: { type: 'string', multiple: true },
  insecure: { type: 'boolean' },
  timeout: { type: 'string' },
  'request-timeout': { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export const COMMON_HELP = `Connection options (every command):
  --hosts URLS           coordinators, comma-separated (env ARANGO_HOSTS; default http://127.0.0.1:8529)
  --resolver NAME        roundrobin | random | single | fallback | periodic | leastbusy
  -u, --username NAME    (env ARANGO_USER; default root)
  --password-file FILE   read the password from FILE (first line)
  --password-prompt      ask for the password on the terminal, without echo
                         (otherwise env ARANGO_PASSWORD, else empty; there is no --password flag
                         so that the password never shows in the process list)
  -d, --database NAME    (env ARANGO_DATABASE; default _system)
  --ca FILE              trust this CA bundle (PEM); may be repeated
  --insecure             do not verify the server's TLS certificate
  --timeout SECONDS      deadline of each request (default 60; 0 = none)
  --request-timeout S    the same, for commands where --timeout means something else
  --debug                print stack traces of errors
  -h, --help             help for the command`;

export interface ParsedArgs {
  values: OptionValues;
  positionals: string[];
}

/** Names of string options (their next token is a value, not a command word). */
export function valueOptionTokens(specs: OptionSpecs): Set<string> {
  const out = new Set<string>();
  for (const [name, s] of Object.entries(specs)) {
    if (s.type !== 'string' || s.implicit !== undefined) continue;
    out.add(`--${name}`);
    if (s.short !== undefined) out.add(`-${s.short}`);
  }
  return out;
}

/** Gives options with an implicit value their value when none follows (`--watch` → `--watch=2`). */
function expandImplicit(argv: readonly string[], specs: OptionSpecs): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    if (token === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const name = token.startsWith('--') ? token.slice(2) : undefined;
    const spec = name === undefined ? undefined : specs[name];
    // `--no-convert` for a yes/no option.
    const negated = name?.startsWith('no-') === true ? specs[name.slice(3)] : undefined;
    if (name !== undefined && spec === undefined && negated?.implicitValues === YES_NO.implicitValues) {
      out.push(`--${name.slice(3)}=false`);
      continue;
    }
    if (spec?.implicit !== undefined) {
      const next = argv[i + 1];
      if (next !== undefined && (spec.implicitValues ?? /^\d+(\.\d+)?$/).test(next)) {
        out.push(`${token}=${next}`);
        i++;
      } else {
        out.push(`${token}=${spec.implicit}`);
      }
      continue;
    }
    out.push(token);
  }
  return out;
}

function parseErrorMessage(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const message = err.message ?? String(e);
  const quoted = /'([^']+)'/.exec(message)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${quoted ?? message}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/argument missing/.test(message)) return `option '${(quoted ?? '').replace(/ <value>$/, '')}' needs a value`;
      if (/does not take an argument/.test(message)) return `option '${quoted ?? ''}' takes no value`;
      if (/ambiguous/.test(message)) return `option '${quoted ?? ''}' needs a value (write ${quoted ?? ''}=VALUE for a value starting with '-')`;
      return message.split('. ')[0] ?? message;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${quoted ?? message}'`;
    default:
      return message;
  }
}

/** Parses argv with the common options plus `specs`; throws UsageError naming `command`. */
export function parse(argv: readonly string[], specs: OptionSpecs, command: string | undefined): ParsedArgs {
  const all: OptionSpecs = { ...COMMON_OPTIONS, ...specs };
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, s] of Object.entries(all)) {
    options[name] = { type: s.type, ...(s.short === undefined ? {} : { short: s.short }), ...(s.multiple === true ? { multiple: true } : {}) };
  }
  try {
    const { values, positionals } = parseArgs({ args: expandImplicit(argv, all), options, allowPositionals: true, strict: true });
    return { values: values as OptionValues, positionals };
  } catch (e) {
    throw new UsageError(parseErrorMessage(e), command);
  }
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function stringList(values: OptionValues, name: string): string[] {
  const v = values[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

export function flag(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

/** A yes/no option (see YES_NO): its value, or `fallback` when it was not given. */
export function booleanOption(values: OptionValues, name: string, command: string, fallback: boolean): boolean {
  const raw = stringOption(values, name);
  if (raw === undefined) return fallback;
  const v = raw.toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(v)) return true;
  if (['false', 'no', 'off', '0'].includes(v)) return false;
  throw new UsageError(`--${name} must be true or false, got '${raw}'`, command);
}

/** A size in bytes: `1048576`, `512KiB`, `8MiB`, `1M`, `64k`. */
export function bytesOption(values: OptionValues, name: string, command: string): number | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)$/i.exec(raw.trim());
  const unit = (m?.[2] ?? '').toLowerCase();
  const factor = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 ** 2 : unit.startsWith('g') ? 1024 ** 3 : 1;
  const n = m === null ? Number.NaN : Math.round(Number(m[1]) * factor);
  if (!Number.isFinite(n) || n < 1) throw new UsageError(`--${name} must be a size in bytes such as 1048576, 512KiB or 8MiB, got '${raw}'`, command);
  return n;
}

/** A number option: `min` inclusive, integers only unless `fraction`. */
export function numberOption(values: OptionValues, name: string, command: string, opts: { min: number; integer: boolean }): number | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < opts.min || (opts.integer && !Number.isInteger(n))) {
    throw new UsageError(`--${name} must be ${opts.integer ? 'an integer' : 'a number'} of at least ${opts.min}, got '${raw}'`, command);
  }
  return n;
}
