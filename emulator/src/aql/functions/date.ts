import type { Value } from '../ast.js';
import { toNumber, toString } from '../compare.js';
import type { ExecContext } from '../context.js';
import { arg, def, invalidArg, type FnTable } from './types.js';
import { localize, unlocalize, zoneInfo } from './timezone.js';

/**
 * Date functions. Inputs are timestamps (ms) or ISO 8601 strings; an invalid date is a warning
 * 1572 and null, as in ArangoDB. The optional time-zone arguments (IANA names) move the instant to
 * that zone's wall clock first and, where the answer is a date, back again (see timezone.ts).
 */

const ISO = /^([+-]?\d{4,6})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

export function parseDate(v: Value): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && Math.abs(v) <= 253402300799999 ? Math.trunc(v) : null;
  if (typeof v !== 'string') return null;
  const m = ISO.exec(v.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  let t = Date.UTC(Number(y), Number(mo ?? 1) - 1, Number(d ?? 1), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms);
  if (Number(y) >= 0 && Number(y) < 100) {
    const dt = new Date(t);
    dt.setUTCFullYear(Number(y));
    t = dt.getTime();
  }
  if (tz && tz.toUpperCase() !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60000;
  }
  if (Number(mo ?? 1) > 12 || Number(d ?? 1) > 31 || Number(h ?? 0) > 23 || Number(mi ?? 0) > 59 || Number(s ?? 0) > 59) return null;
  return Number.isFinite(t) ? t : null;
}

function dateArg(a: Value[], i: number, ctx: ExecContext, name: string): number | null {
  const t = parseDate(arg(a, i));
  if (t === null) ctx.warn('ERROR_QUERY_INVALID_DATE_VALUE', `invalid date value in call to function '${name}()'`);
  return t;
}

export function iso(t: number): string {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  if (y < 0 || y > 9999) return d.toISOString();
  return d.toISOString();
}

/** The zone named by argument `z`, if given: undefined for none, null (after a warning) for a bad one. */
function zoneArg(a: Value[], z: number, ctx: ExecContext, name: string): string | undefined | null {
  if (a.length <= z) return undefined;
  const zone = a[z];
  if (typeof zone !== 'string' || localize(zone, 0) === null) return invalidArg(ctx, name);
  return zone;
}

/** Argument `i` as the wall-clock time of the zone in argument `z` (UTC without one), and the zone. */
function zonedArg(a: Value[], i: number, z: number, ctx: ExecContext, name: string): { wall: number; zone: string | undefined } | null {
  const t = dateArg(a, i, ctx, name);
  if (t === null) return null;
  const zone = zoneArg(a, z, ctx, name);
  if (zone === null) return null;
  return { wall: zone === undefined ? t : (localize(zone, t) as number), zone };
}

/** A wall-clock result back to an instant, as an ISO string. */
function fromWall(wall: number, zone: string | undefined): string {
  return iso(zone === undefined ? wall : (unlocalize(zone, wall) as number));
}

const part = (f: (d: Date) => number | boolean, zoned = true) =>
  def(1, zoned ? 2 : 1, (a, ctx, name) => {
    const z = zonedArg(a, 0, 1, ctx, name);
    return z === null ? null : f(new Date(z.wall));
  });

const UNITS: Record<string, number> = {
  y: 0, year: 0, years: 0, m: 1, month: 1, months: 1, w: 2, week: 2, weeks: 2, d: 3, day: 3, days: 3,
  h: 4, hour: 4, hours: 4, i: 5, minute: 5, minutes: 5, s: 6, second: 6, seconds: 6, f: 7, millisecond: 7, milliseconds: 7,
};

function addUnit(t: number, amount: number, unit: number): number {
  const d = new Date(t);
  switch (unit) {
    case 0: d.setUTCFullYear(d.getUTCFullYear() + amount); return d.getTime();
    case 1: {
      const day = d.getUTCDate();
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() + amount);
      const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
      d.setUTCDate(Math.min(day, last));
      return d.getTime();
    }
    case 2: return t + amount * 7 * 86400000;
    case 3: return t + amount * 86400000;
    case 4: return t + amount * 3600000;
    case 5: return t + amount * 60000;
    case 6: return t + amount * 1000;
    default: return t + amount;
  }
}

/** ISO 8601 durations such as P1Y2M3DT4H5M6.5S. */
function parseDuration(s: string): [number, number][] | null {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d{1,3}))?S)?)?$/.exec(s);
  if (!m) return null;
  const out: [number, number][] = [];
  [1, 2, 3, 4, 5, 6, 7].forEach((g, i) => {
    if (m[g] !== undefined) out.push([Number(m[g]), i]);
  });
  if (m[8] !== undefined) out.push([Number(m[8].padEnd(3, '0')), 7]);
  return out;
}

/** `t` moved by an ISO 8601 duration (calendar-aware for years and months), or null if it is none. */
export function shiftByDuration(t: number, duration: string, sign: 1 | -1): number | null {
  const dur = parseDuration(duration);
  if (!dur) return null;
  for (const [n, u] of dur) t = addUnit(t, sign * n, u);
  return t;
}

/** DATE_ADD(date, amount, unit[, zone]) or DATE_ADD(date, isoDuration[, zone]). */
function dateAdd(a: Value[], ctx: ExecContext, name: string, sign: 1 | -1): Value {
  const iso8601 = typeof a[1] === 'string' && a[1].startsWith('P');
  const z = zonedArg(a, 0, iso8601 ? 2 : 3, ctx, name);
  if (z === null) return null;
  let t = z.wall;
  if (iso8601) {
    const dur = parseDuration(toString(arg(a, 1)));
    if (!dur) return invalid(ctx, name);
    for (const [n, u] of dur) t = addUnit(t, sign * n, u);
    return fromWall(t, z.zone);
  }
  const unit = UNITS[toString(arg(a, 2)).toLowerCase()];
  if (unit === undefined) return invalid(ctx, name);
  return fromWall(addUnit(t, sign * toNumber(arg(a, 1)), unit), z.zone);
}

function invalid(ctx: ExecContext, name: string): null {
  ctx.warn('ERROR_QUERY_INVALID_DATE_VALUE', `invalid date value in call to function '${name}()'`);
  return null;
}

function dayOfYear(d: Date): number {
  return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1;
}

function isoWeek(d: Date): number {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return Math.ceil(((t.getTime() - yearStart) / 86400000 + 1) / 7);
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/**
 * DATE_FORMAT's placeholders, in the order of ArangoDB's `sortedDateMap` (DateFunctions.cpp):
 * the regex alternation tries them in this order, so `%mmmm` wins over `%mmm` and `%mm`, and
 * `%&` (nothing) lets a literal letter follow a placeholder (`%m%&m`). Anything else after `%`
 * is dropped with the `%`. The zero padding of `%yyyy` is the server's own (years 9, 99 and 999
 * get one zero too many).
 */
const PLACEHOLDERS: [string, (d: Date, t: number) => string][] = [
  ['%&', () => ''],
  ['%yyyyyy', (d) => {
    const y = d.getUTCFullYear();
    if (y < 0) return `-${pad(-y, 6)}`;
    return y > 99999 ? String(y) : `+${pad(y, 6)}`;
  }],
  ['%mmmm', (d) => MONTHS[d.getUTCMonth()] as string],
  ['%yyyy', (d) => {
    const y = d.getUTCFullYear();
    if (y < 0) return `-${pad(-y, 4)}`;
    if (y < 9) return `000${y}`;
    if (y < 99) return `00${y}`;
    if (y < 999) return `0${y}`;
    return String(y).slice(-4);
  }],
  ['%wwww', (d) => DAYS[d.getUTCDay()] as string],
  ['%mmm', (d) => (MONTHS[d.getUTCMonth()] as string).slice(0, 3)],
  ['%www', (d) => (DAYS[d.getUTCDay()] as string).slice(0, 3)],
  ['%fff', (d) => pad(d.getUTCMilliseconds(), 3)],
  ['%xxx', (d) => pad(dayOfYear(d), 3)],
  ['%yy', (d) => {
    const y = d.getUTCFullYear();
    return y < 10 && y > -10 ? `0${Math.abs(y)}` : String(Math.abs(y)).slice(-2);
  }],
  ['%mm', (d) => pad(d.getUTCMonth() + 1, 2)],
  ['%dd', (d) => pad(d.getUTCDate(), 2)],
  ['%hh', (d) => pad(d.getUTCHours(), 2)],
  ['%ii', (d) => pad(d.getUTCMinutes(), 2)],
  ['%ss', (d) => pad(d.getUTCSeconds(), 2)],
  ['%kk', (d) => pad(isoWeek(d), 2)],
  ['%t', (_d, t) => String(t)],
  ['%z', (_d, t) => iso(t)],
  ['%w', (d) => String(d.getUTCDay())],
  ['%y', (d) => String(d.getUTCFullYear())],
  ['%m', (d) => String(d.getUTCMonth() + 1)],
  ['%d', (d) => String(d.getUTCDate())],
  ['%h', (d) => String(d.getUTCHours())],
  ['%i', (d) => String(d.getUTCMinutes())],
  ['%s', (d) => String(d.getUTCSeconds())],
  ['%f', (d) => String(d.getUTCMilliseconds())],
  ['%x', (d) => String(dayOfYear(d))],
  ['%k', (d) => String(isoWeek(d))],
  ['%l', (d) => (isLeap(d.getUTCFullYear()) ? '1' : '0')],
  ['%q', (d) => String(Math.floor(d.getUTCMonth() / 3) + 1)],
  ['%a', (d) => String(daysInMonth(d))],
  ['%%', () => '%'],
  ['%', () => ''],
];
const PLACEHOLDER_RE = new RegExp(PLACEHOLDERS.map(([p]) => p).join('|'), 'g');
const PLACEHOLDER_FN = new Map(PLACEHOLDERS);

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(d: Date): number {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

/** `t` is the instant to show; `wall` the same instant as wall-clock time of the zone asked for. */
function format(t: number, fmt: string, wall = t): string {
  const d = new Date(wall);
  return fmt.replace(PLACEHOLDER_RE, (tok) => (PLACEHOLDER_FN.get(tok) as (d: Date, t: number) => string)(d, t));
}

/** The `tzdb` and `zoneInfo` parts of DATE_UTCTOLOCAL/DATE_LOCALTOUTC with zoneInfo = true. */
function zoneAnswer(zone: string, t: number): { tzdb: string; zoneInfo: Record<string, Value> } {
  const info = zoneInfo(zone, t);
  return {
    tzdb: process.versions.tz ?? 'unknown',
    zoneInfo: {
      name: zone,
      begin: info?.begin == null ? null : iso(info.begin),
      end: info?.end == null ? null : iso(info.end),
      dst: info?.dst ?? false,
      offset: info?.offset ?? 0,
    },
  };
}

function diff(t1: number, t2: number, unit: number, asFloat: boolean): number {
  const ms = t2 - t1;
  let r: number;
  switch (unit) {
    case 0: r = (new Date(t2).getUTCFullYear() - new Date(t1).getUTCFullYear()) + (asFloat ? 0 : 0); if (asFloat) r = ms / (365.2425 * 86400000); break;
    case 1: {
      const a = new Date(t1);
      const b = new Date(t2);
      r = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
      if (asFloat) r = ms / (30.436875 * 86400000);
      break;
    }
    case 2: r = ms / (7 * 86400000); break;
    case 3: r = ms / 86400000; break;
    case 4: r = ms / 3600000; break;
    case 5: r = ms / 60000; break;
    case 6: r = ms / 1000; break;
    default: r = ms;
  }
  return asFloat ? r : Math.trunc(r);
}

export const dateFunctions: FnTable = {
  DATE_NOW: def(0, 0, () => Date.now()),
  DATE_ISO8601: def(1, 7, (a, ctx, name) => {
    if (a.length === 1) {
      const t = dateArg(a, 0, ctx, name);
      return t === null ? null : iso(t);
    }
    const nums = a.map((x) => toNumber(x));
    const t = Date.UTC(nums[0] as number, (nums[1] ?? 1) - 1, nums[2] ?? 1, nums[3] ?? 0, nums[4] ?? 0, nums[5] ?? 0, nums[6] ?? 0);
    return Number.isFinite(t) ? iso(t) : invalid(ctx, name);
  }),
  DATE_TIMESTAMP: def(1, 7, (a, ctx, name) => {
    if (a.length === 1) return dateArg(a, 0, ctx, name);
    const nums = a.map((x) => toNumber(x));
    const t = Date.UTC(nums[0] as number, (nums[1] ?? 1) - 1, nums[2] ?? 1, nums[3] ?? 0, nums[4] ?? 0, nums[5] ?? 0, nums[6] ?? 0);
    return Number.isFinite(t) ? t : invalid(ctx, name);
  }),
  DATE_YEAR: part((d) => d.getUTCFullYear()),
  DATE_MONTH: part((d) => d.getUTCMonth() + 1),
  DATE_DAY: part((d) => d.getUTCDate()),
  DATE_HOUR: part((d) => d.getUTCHours()),
  DATE_MINUTE: part((d) => d.getUTCMinutes()),
  // no zone argument: seconds and milliseconds are the same in every zone
  DATE_SECOND: part((d) => d.getUTCSeconds(), false),
  DATE_MILLISECOND: part((d) => d.getUTCMilliseconds(), false),
  DATE_DAYOFWEEK: part((d) => d.getUTCDay()),
  DATE_DAYOFYEAR: part(dayOfYear),
  DATE_ISOWEEK: part(isoWeek),
  DATE_ISOWEEKYEAR: def(1, 2, (a, ctx, name) => {
    const z = zonedArg(a, 0, 1, ctx, name);
    if (z === null) return null;
    const d = new Date(z.wall);
    const day = d.getUTCDay() || 7;
    const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 4 - day));
    return { week: isoWeek(d), year: thursday.getUTCFullYear() };
  }),
  DATE_LEAPYEAR: part((d) => isLeap(d.getUTCFullYear())),
  DATE_QUARTER: part((d) => Math.floor(d.getUTCMonth() / 3) + 1),
  DATE_DAYS_IN_MONTH: part(daysInMonth),
  DATE_TRUNC: def(2, 3, (a, ctx, name) => {
    const z = zonedArg(a, 0, 2, ctx, name);
    if (z === null) return null;
    const unit = UNITS[toString(arg(a, 1)).toLowerCase()];
    if (unit === undefined) return invalid(ctx, name);
    const d = new Date(z.wall);
    const fields = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()];
    const keep = unit === 2 ? 3 : unit;
    const f = fields.map((v, i) => (i <= (unit >= 2 ? keep - 1 : unit) ? v : i === 2 ? 1 : 0));
    return fromWall(Date.UTC(f[0] as number, f[1] as number, f[2] as number, f[3] as number, f[4] as number, f[5] as number, f[6] as number), z.zone);
  }),
  DATE_ROUND: def(3, 4, (a, ctx, name) => {
    const z = zonedArg(a, 0, 3, ctx, name);
    if (z === null) return null;
    const unit = UNITS[toString(arg(a, 2)).toLowerCase()];
    const per = [0, 0, 7 * 86400000, 86400000, 3600000, 60000, 1000, 1][unit ?? 0] ?? 0;
    if (!per) return invalid(ctx, name);
    const step = per * toNumber(arg(a, 1));
    return step > 0 ? fromWall(Math.floor(z.wall / step) * step, z.zone) : invalid(ctx, name);
  }),
  DATE_ADD: def(2, 4, (a, ctx, name) => dateAdd(a, ctx, name, 1)),
  DATE_SUBTRACT: def(2, 4, (a, ctx, name) => dateAdd(a, ctx, name, -1)),
  // DATE_DIFF(date1, date2, unit[, asFloat[, zone1[, zone2]]]): zone2 defaults to zone1
  DATE_DIFF: def(3, 6, (a, ctx, name) => {
    const z1 = zonedArg(a, 0, 4, ctx, name);
    const z2 = zonedArg(a, 1, a.length > 5 ? 5 : 4, ctx, name);
    const unit = UNITS[toString(arg(a, 2)).toLowerCase()];
    if (z1 === null || z2 === null) return null;
    if (unit === undefined) return invalid(ctx, name);
    return diff(z1.wall, z2.wall, unit, a[3] === true);
  }),
  DATE_COMPARE: def(3, 6, (a, ctx, name) => {
    const z1 = zonedArg(a, 0, 4, ctx, name);
    const z2 = zonedArg(a, 1, a.length > 5 ? 5 : 4, ctx, name);
    if (z1 === null || z2 === null) return null;
    const from = UNITS[toString(arg(a, 2)).toLowerCase()];
    const to = a[3] === undefined || a[3] === null ? from : UNITS[toString(arg(a, 3)).toLowerCase()];
    if (from === undefined || to === undefined || to < from) return invalid(ctx, name);
    const order = [0, 1, 3, 4, 5, 6, 7];
    const fields = (t: number): number[] => {
      const d = new Date(t);
      return [d.getUTCFullYear(), d.getUTCMonth(), 0, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()];
    };
    const f1 = fields(z1.wall);
    const f2 = fields(z2.wall);
    for (const u of order) if (u >= from && u <= to && f1[u] !== f2[u]) return false;
    return true;
  }),
  DATE_FORMAT: def(2, 3, (a, ctx, name) => {
    const z = zonedArg(a, 0, 2, ctx, name);
    if (z === null) return null;
    if (typeof a[1] !== 'string') return invalidArg(ctx, name);
    return format(z.wall, a[1]);
  }),
  // DATE_UTCTOLOCAL(date, zone[, zoneInfo]): the wall-clock time, written without a 'Z'
  DATE_UTCTOLOCAL: def(2, 3, (a, ctx, name) => {
    const t = dateArg(a, 0, ctx, name);
    const zone = zoneArg(a, 1, ctx, name);
    if (t === null || zone === null || zone === undefined) return null;
    const local = iso(localize(zone, t) as number).slice(0, -1);
    return a[2] === true ? { local, ...zoneAnswer(zone, t) } : local;
  }),
  // DATE_LOCALTOUTC(date, zone[, zoneInfo]): the date read as the zone's wall clock
  DATE_LOCALTOUTC: def(2, 3, (a, ctx, name) => {
    const wall = dateArg(a, 0, ctx, name);
    const zone = zoneArg(a, 1, ctx, name);
    if (wall === null || zone === null || zone === undefined) return null;
    const t = unlocalize(zone, wall) as number;
    return a[2] === true ? { utc: iso(t), ...zoneAnswer(zone, t) } : iso(t);
  }),
  DATE_TIMEZONE: def(0, 0, () => 'Etc/UTC'),
  DATE_TIMEZONES: def(0, 0, () => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Etc/UTC'])),
};
