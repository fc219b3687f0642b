import type { Value } from '../ast.js';
import { toNumber, toString } from '../compare.js';
import type { ExecContext } from '../context.js';
import { arg, def, type FnTable } from './types.js';

/**
 * Date functions on UTC. Inputs are timestamps (ms) or ISO 8601 strings; an invalid date is a
 * warning 1572 and null, as in ArangoDB. Time zones other than UTC (the optional timezone
 * arguments of 3.12) are not supported and answer with a warning.
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

const part = (f: (d: Date) => number) =>
  def(1, 2, (a, ctx, name) => {
    const t = dateArg(a, 0, ctx, name);
    return t === null ? null : f(new Date(t));
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

function dateAdd(a: Value[], ctx: ExecContext, name: string, sign: 1 | -1): Value {
  let t = dateArg(a, 0, ctx, name);
  if (t === null) return null;
  if (a.length === 2) {
    const dur = parseDuration(toString(arg(a, 1)));
    if (!dur) return invalid(ctx, name);
    for (const [n, u] of dur) t = addUnit(t, sign * n, u);
    return iso(t);
  }
  const unit = UNITS[toString(arg(a, 2)).toLowerCase()];
  if (unit === undefined) return invalid(ctx, name);
  return iso(addUnit(t, sign * toNumber(arg(a, 1)), unit));
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

function format(t: number, fmt: string): string {
  const d = new Date(t);
  const p = (n: number, w: number): string => String(n).padStart(w, '0');
  return fmt.replace(/%(yyyyyy|yyyy|yy|y|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ii|i|ss|s|fff|f|xxx|x|kkkk|kkk|kk|k|ww|w|a|A|t|z|q|D|l|%|&)/g, (_, tok: string) => {
    switch (tok) {
      case 'yyyyyy': return (d.getUTCFullYear() < 0 ? '-' : '+') + p(Math.abs(d.getUTCFullYear()), 6);
      case 'yyyy': return p(d.getUTCFullYear(), 4);
      case 'yy': return p(d.getUTCFullYear() % 100, 2);
      case 'y': return String(d.getUTCFullYear());
      case 'mmmm': return MONTHS[d.getUTCMonth()] as string;
      case 'mmm': return (MONTHS[d.getUTCMonth()] as string).slice(0, 3);
      case 'mm': return p(d.getUTCMonth() + 1, 2);
      case 'm': return String(d.getUTCMonth() + 1);
      case 'dddd': return DAYS[d.getUTCDay()] as string;
      case 'ddd': return (DAYS[d.getUTCDay()] as string).slice(0, 3);
      case 'dd': return p(d.getUTCDate(), 2);
      case 'd': return String(d.getUTCDate());
      case 'hh': return p(d.getUTCHours(), 2);
      case 'h': return String(d.getUTCHours());
      case 'ii': return p(d.getUTCMinutes(), 2);
      case 'i': return String(d.getUTCMinutes());
      case 'ss': return p(d.getUTCSeconds(), 2);
      case 's': return String(d.getUTCSeconds());
      case 'fff': return p(d.getUTCMilliseconds(), 3);
      case 'f': return String(d.getUTCMilliseconds());
      case 'xxx': return p(dayOfYear(d), 3);
      case 'x': return String(dayOfYear(d));
      case 'kkkk': case 'kkk': return p(isoWeek(d), 2);
      case 'kk': return p(isoWeek(d), 2);
      case 'k': return String(isoWeek(d));
      case 'ww': return p(isoWeek(d), 2);
      case 'w': return String(d.getUTCDay());
      case 'a': return (DAYS[d.getUTCDay()] as string).slice(0, 3);
      case 'A': return DAYS[d.getUTCDay()] as string;
      case 't': return String(t);
      case 'z': return iso(t);
      case 'q': return String(Math.floor(d.getUTCMonth() / 3) + 1);
      case 'D': return String(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate());
      case 'l': { const y = d.getUTCFullYear(); return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? '1' : '0'; }
      case '%': return '%';
      default: return '';
    }
  });
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
  DATE_SECOND: part((d) => d.getUTCSeconds()),
  DATE_MILLISECOND: part((d) => d.getUTCMilliseconds()),
  DATE_DAYOFWEEK: part((d) => d.getUTCDay()),
  DATE_DAYOFYEAR: part(dayOfYear),
  DATE_ISOWEEK: part(isoWeek),
  DATE_ISOWEEKYEAR: def(1, 1, (a, ctx, name) => {
    const t = dateArg(a, 0, ctx, name);
    if (t === null) return null;
    const d = new Date(t);
    const day = d.getUTCDay() || 7;
    const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 4 - day));
    return { week: isoWeek(d), year: thursday.getUTCFullYear() };
  }),
  DATE_LEAPYEAR: part((d) => { const y = d.getUTCFullYear(); return ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) as unknown as number; }),
  DATE_QUARTER: part((d) => Math.floor(d.getUTCMonth() / 3) + 1),
  DATE_DAYS_IN_MONTH: part((d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()),
  DATE_TRUNC: def(2, 3, (a, ctx, name) => {
    const t = dateArg(a, 0, ctx, name);
    if (t === null) return null;
    const unit = UNITS[toString(arg(a, 1)).toLowerCase()];
    if (unit === undefined) return invalid(ctx, name);
    const d = new Date(t);
    const fields = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()];
    const keep = unit === 2 ? 3 : unit;
    const f = fields.map((v, i) => (i <= (unit >= 2 ? keep - 1 : unit) ? v : i === 2 ? 1 : 0));
    return iso(Date.UTC(f[0] as number, f[1] as number, f[2] as number, f[3] as number, f[4] as number, f[5] as number, f[6] as number));
  }),
  DATE_ROUND: def(3, 4, (a, ctx, name) => {
    const t = dateArg(a, 0, ctx, name);
    if (t === null) return null;
    const unit = UNITS[toString(arg(a, 2)).toLowerCase()];
    const per = [0, 0, 7 * 86400000, 86400000, 3600000, 60000, 1000, 1][unit ?? 0] ?? 0;
    if (!per) return invalid(ctx, name);
    const step = per * toNumber(arg(a, 1));
    return step > 0 ? iso(Math.floor(t / step) * step) : invalid(ctx, name);
  }),
  DATE_ADD: def(2, 4, (a, ctx, name) => dateAdd(a, ctx, name, 1)),
  DATE_SUBTRACT: def(2, 4, (a, ctx, name) => dateAdd(a, ctx, name, -1)),
  DATE_DIFF: def(3, 6, (a, ctx, name) => {
    const t1 = dateArg(a, 0, ctx, name);
    const t2 = dateArg(a, 1, ctx, name);
    const unit = UNITS[toString(arg(a, 2)).toLowerCase()];
    if (t1 === null || t2 === null) return null;
    if (unit === undefined) return invalid(ctx, name);
    return diff(t1, t2, unit, a[3] === true);
  }),
  DATE_COMPARE: def(3, 6, (a, ctx, name) => {
    const t1 = dateArg(a, 0, ctx, name);
    const t2 = dateArg(a, 1, ctx, name);
    if (t1 === null || t2 === null) return null;
    const from = UNITS[toString(arg(a, 2)).toLowerCase()];
    const to = a[3] === undefined || a[3] === null ? from : UNITS[toString(arg(a, 3)).toLowerCase()];
    if (from === undefined || to === undefined || to < from) return invalid(ctx, name);
    const order = [0, 1, 3, 4, 5, 6, 7];
    const fields = (t: number): number[] => {
      const d = new Date(t);
      return [d.getUTCFullYear(), d.getUTCMonth(), 0, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()];
    };
    const f1 = fields(t1);
    const f2 = fields(t2);
    for (const u of order) if (u >= from && u <= to && f1[u] !== f2[u]) return false;
    return true;
  }),
  DATE_FORMAT: def(2, 3, (a, ctx, name) => {
    const t = dateArg(a, 0, ctx, name);
    return t === null ? null : format(t, toString(arg(a, 1)));
  }),
  DATE_UTCTOLOCAL: def(2, 3, (a, ctx, name) => {
    const t = dateArg(a, 0, ctx, name);
    if (t === null) return null;
    if (toString(arg(a, 1)).toUpperCase() !== 'UTC') ctx.warn('ERROR_NOT_IMPLEMENTED', `time zone '${toString(arg(a, 1))}' is not supported by arangots-emulator in '${name}()'`);
    return iso(t);
  }),
  DATE_LOCALTOUTC: def(2, 3, (a, ctx, name) => dateFunctions['DATE_UTCTOLOCAL']!.fn(a, ctx, name)),
  DATE_TIMEZONE: def(0, 0, () => 'Etc/UTC'),
  DATE_TIMEZONES: def(0, 0, () => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Etc/UTC'])),
};
