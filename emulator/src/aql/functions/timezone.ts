/**
 * Time zones for the date functions, from the platform's IANA data (Node's ICU, `Intl`).
 *
 * ArangoDB (DateFunctions.cpp) works the same way round: `localizeTimePoint` turns an instant into
 * the zone's wall-clock time, the function then computes on that as if it were UTC, and
 * `unlocalizeTimePoint` turns a wall-clock result back into an instant. Both are reproduced here
 * as offsets in milliseconds.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter for `zone`, or undefined when the platform does not know that zone. */
function formatter(zone: string): Intl.DateTimeFormat | undefined {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
      });
    } catch {
      return undefined;
    }
    formatters.set(zone, f);
  }
  return f;
}

export function isTimeZone(zone: string): boolean {
  return formatter(zone) !== undefined;
}

/** The zone's UTC offset at instant `t` (ms), or null for an unknown zone. */
export function offsetAt(zone: string, t: number): number | null {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  const f = formatter(zone);
  if (f === undefined) return null;
  const fields: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(t))) fields[p.type] = p.value;
  let year = Number(fields['year']);
  if (fields['era'] === 'BC' || fields['era'] === 'B') year = 1 - year;
  const wall = Date.UTC(year, Number(fields['month']) - 1, Number(fields['day']), Number(fields['hour']), Number(fields['minute']), Number(fields['second']));
  const fixed = new Date(wall);
  // Date.UTC maps years 0–99 to 1900–1999.
  if (year >= 0 && year < 100) fixed.setUTCFullYear(year);
  const whole = t - (((t % 1000) + 1000) % 1000);
  return fixed.getTime() - whole;
}

/** Instant → the zone's wall-clock time, expressed as a UTC timestamp. */
export function localize(zone: string, t: number): number | null {
  const off = offsetAt(zone, t);
  return off === null ? null : t + off;
}

/** The zone's wall-clock time (as a UTC timestamp) → instant; in a gap or an overlap, the earlier one. */
export function unlocalize(zone: string, wall: number): number | null {
  const first = offsetAt(zone, wall);
  if (first === null) return null;
  let t = wall - first;
  const second = offsetAt(zone, t) as number;
  if (second !== first) t = wall - second;
  return t;
}

/**
 * The offset period around `t`: when it began and ends (the neighbouring transitions, found by
 * scanning day by day up to ~2 years each way and bisecting), whether it is daylight saving time
 * (its offset is larger than the zone's smaller offset of that year) and its offset in seconds.
 * A zone without transitions in that range gets null bounds.
 */
export function zoneInfo(zone: string, t: number): { begin: number | null; end: number | null; dst: boolean; offset: number } | null {
  const off = offsetAt(zone, t);
  if (off === null) return null;
  const DAY = 86_400_000;
  const edge = (dir: 1 | -1): number | null => {
    let a = t;
    for (let i = 0; i < 800; i++) {
      const b = a + dir * DAY;
      if (offsetAt(zone, b) !== off) {
        // the transition lies between a and b: bisect to the millisecond
        let inside = a;
        let outside = b;
        while (Math.abs(outside - inside) > 1) {
          const mid = Math.floor((inside + outside) / 2);
          if (offsetAt(zone, mid) === off) inside = mid;
          else outside = mid;
        }
        return dir === 1 ? outside : inside;
      }
      a = b;
    }
    return null;
  };
  const year = new Date(t).getUTCFullYear();
  const jan = offsetAt(zone, Date.UTC(year, 0, 1)) as number;
  const jul = offsetAt(zone, Date.UTC(year, 6, 1)) as number;
  return { begin: edge(-1), end: edge(1), dst: off > Math.min(jan, jul), offset: off / 1000 };
}
