/**
 * Column-aligned text tables. Cells are plain strings; a cell painter may colour them after the
 * width was computed from the plain text, so alignment holds with and without colours.
 */

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Widest a cell may be before it is cut with `…`. */
  max?: number;
}

export type Painter = (text: string, row: number, column: number) => string;

const GAP = '  ';

function cut(text: string, max: number | undefined): string {
  if (max === undefined || text.length <= max) return text;
  return max <= 1 ? text.slice(0, max) : `${text.slice(0, max - 1)}…`;
}

function pad(text: string, width: number, align: 'left' | 'right' | undefined, last: boolean): string {
  if (align === 'right') return text.padStart(width);
  // No trailing blanks on the last column: piped output stays diff-friendly.
  return last ? text : text.padEnd(width);
}

/** Widths from the header and the given rows, each cut to its column's maximum. */
export function columnWidths(columns: readonly Column[], rows: readonly (readonly string[])[]): number[] {
  return columns.map((c, i) => {
    let w = c.header.length;
    for (const r of rows) w = Math.max(w, cut(r[i] ?? '', c.max).length);
    return c.max === undefined ? w : Math.min(w, Math.max(c.max, c.header.length));
  });
}

/** One line of a table with fixed widths (for tables printed while rows still arrive). */
export function formatRow(cells: readonly string[], columns: readonly Column[], widths: readonly number[], paint?: (text: string, column: number) => string): string {
  const out = widths.map((w, i) => {
    const text = cut(cells[i] ?? '', w);
    const padded = pad(text, w, columns[i]?.align, i === widths.length - 1);
    if (paint === undefined || text === '') return padded;
    // Paint only the text, not the padding, so escape codes never shift the columns.
    return padded.replace(text, paint(text, i));
  });
  return out.join(GAP).trimEnd();
}

export function formatHeader(columns: readonly Column[], widths: readonly number[], bold: (s: string) => string = (s) => s): string {
  return formatRow(columns.map((c) => c.header), columns, widths, (t) => bold(t));
}

/** A whole table: header line, then one line per row; every line ends with a newline. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[], options: { paint?: Painter; bold?: (s: string) => string } = {}): string {
  const widths = columnWidths(columns, rows);
  const lines = [formatHeader(columns, widths, options.bold)];
  rows.forEach((r, ri) => {
    const paint = options.paint;
    lines.push(formatRow(r, columns, widths, paint === undefined ? undefined : (t, ci) => paint(t, ri, ci)));
  });
  return `${lines.join('\n')}\n`;
}
