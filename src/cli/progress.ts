/**
 * A one-line progress bar for a terminal (stderr): bar and percentage by bytes read, documents,
 * documents per second and the estimated time left. Redraws at most every 100 ms.
 */
import type { Palette } from './color.js';
import type { OutStream } from './io.js';

export interface ProgressState {
  docs: number;
  bytes: number;
  /** Total bytes of the input, when known (a file, not a pipe). */
  totalBytes: number | undefined;
}

const WIDTH = 24;
const REDRAW_MS = 100;

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** The bar line for a state after `elapsed` seconds (no escape codes unless the palette has colours). */
export function progressLine(state: ProgressState, elapsed: number, p: Palette): string {
  const rate = elapsed > 0 ? state.docs / elapsed : 0;
  const parts: string[] = [];
  if (state.totalBytes !== undefined && state.totalBytes > 0) {
    const fraction = Math.min(1, state.bytes / state.totalBytes);
    const filled = Math.round(fraction * WIDTH);
    parts.push(`[${p.cyan('█'.repeat(filled))}${'░'.repeat(WIDTH - filled)}]`, `${String(Math.floor(fraction * 100)).padStart(3)}%`);
    parts.push(`${formatCount(state.docs)} docs`, `${formatCount(rate)} docs/s`);
    const eta = fraction > 0 ? (elapsed * (1 - fraction)) / fraction : Number.NaN;
    parts.push(`ETA ${formatDuration(eta)}`);
  } else {
    parts.push(`${formatCount(state.docs)} docs`, `${formatCount(rate)} docs/s`, `${formatDuration(elapsed)} elapsed`);
  }
  return parts.join('  ');
}

export class ProgressBar {
  readonly #out: OutStream;
  readonly #p: Palette;
  readonly #start = Date.now();
  #last = 0;
  #shown = false;

  constructor(out: OutStream, p: Palette) {
    this.#out = out;
    this.#p = p;
  }

  update(state: ProgressState, force = false): void {
    const now = Date.now();
    if (!force && now - this.#last < REDRAW_MS) return;
    this.#last = now;
    this.#shown = true;
    this.#out.write(`\r\x1b[K${progressLine(state, (now - this.#start) / 1000, this.#p)}`);
  }

  /** Removes the bar so the next output starts on a clean line. */
  clear(): void {
    if (this.#shown) this.#out.write('\r\x1b[K');
    this.#shown = false;
  }
}
