/** `arangots query '<aql>'`: runs an AQL query and streams its results as JSON Lines or a table. */
import type { BindVars, QueryOptions } from '../../index.js';
import { EXIT, flag, numberOption, stringList, stringOption, UsageError } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { write } from '../io.js';
import { columnWidths, formatHeader, formatRow, type Column } from '../table.js';

/** `k=v`: v as JSON when it parses (numbers, true, null, arrays, quoted strings), else the text itself. */
export function parseBind(entries: readonly string[], command: string): BindVars {
  const out: BindVars = {};
  for (const e of entries) {
    const eq = e.indexOf('=');
    if (eq <= 0) throw new UsageError(`--bind needs NAME=VALUE, got '${e}'`, command);
    const name = e.slice(0, eq);
    const raw = e.slice(eq + 1);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    out[name] = value;
  }
  return out;
}

function cell(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'null';
  if (typeof value === 'string') return value.replace(/[\r\n\t]+/g, ' ');
  return JSON.stringify(value);
}

const CELL_MAX = 60;

/**
 * A table printed while results still arrive: the columns and their widths come from the first
 * batch (longer later cells are cut with …); attributes first seen later are not shown.
 */
class StreamingTable {
  #columns: Column[] | undefined;
  #keys: string[] = [];
  #widths: number[] = [];
  #objects = true;
  rows = 0;

  constructor(
    readonly ctx: CommandContext,
  ) {}

  #cells(item: unknown): string[] {
    if (!this.#objects) return [cell(item)];
    const o = item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : undefined;
    return this.#keys.map((k) => (o === undefined ? (k === this.#keys[0] ? cell(item) : '') : cell(o[k])));
  }

  async batch(items: readonly unknown[]): Promise<void> {
    if (items.length === 0) return;
    let text = '';
    if (this.#columns === undefined) {
      this.#objects = items.every((i) => i !== null && typeof i === 'object' && !Array.isArray(i));
      if (this.#objects) {
        const keys = new Set<string>();
        for (const i of items) for (const k of Object.keys(i as object)) keys.add(k);
        this.#keys = [...keys];
        if (this.#keys.length === 0) this.#objects = false;
      }
      this.#columns = this.#objects ? this.#keys.map((k) => ({ header: k, max: CELL_MAX })) : [{ header: 'value', max: CELL_MAX * 2 }];
      this.#widths = columnWidths(this.#columns, items.map((i) => this.#cells(i)));
      text += `${formatHeader(this.#columns, this.#widths, this.ctx.out.bold)}\n`;
    }
    const columns = this.#columns;
    for (const i of items) text += `${formatRow(this.#cells(i), columns, this.#widths)}\n`;
    this.rows += items.length;
    await write(this.ctx.io.stdout, text);
  }
}

export const queryCommand: Command = {
  name: 'query',
  summary: 'Run an AQL query and stream the results as JSON Lines or a table.',
  usage: "query '<AQL>' [--bind NAME=VALUE ...] [--format jsonl|table] [--batch-size N] [--stream]",
  options: {
    bind: { type: 'string', short: 'b', multiple: true },
    format: { type: 'string', short: 'f' },
    'batch-size': { type: 'string' },
    stream: { type: 'boolean' },
  },
  args: { min: 1, max: 1 },
  help: `Options:
  -b, --bind NAME=VALUE   a bind parameter; VALUE is read as JSON when it is valid JSON (5, true,
                          ["a","b"], "\\"quoted\\""), else as a string. Collection parameters: --bind @coll=users
  -f, --format FORMAT     jsonl (one result per line; the default when stdout is not a terminal) or
                          table (the default on a terminal; columns from the first batch)
  --batch-size N          results per round trip (server default 1000)
  --stream                run as a streaming query (results computed while they are read)

Results are written as they arrive, one batch at a time; the whole result is never held.

Examples:
  arangots query 'FOR u IN users FILTER u.age >= @min RETURN u' --bind min=21
  arangots query 'FOR d IN @@c LIMIT 10 RETURN d' --bind @c=orders --format table
  arangots query 'FOR o IN orders RETURN o' --stream > orders.jsonl`,
  async run(ctx) {
    const aql = ctx.args[0] ?? '';
    if (aql.trim() === '') throw new UsageError('the query is empty', ctx.command);
    const bindVars = parseBind(stringList(ctx.values, 'bind'), ctx.command);
    const format = stringOption(ctx.values, 'format') ?? (ctx.io.stdout.isTTY === true ? 'table' : 'jsonl');
    if (format !== 'jsonl' && format !== 'table') throw new UsageError(`--format must be jsonl or table, got '${format}'`, ctx.command);
    const batchSize = numberOption(ctx.values, 'batch-size', ctx.command, { min: 1, integer: true });
    const options: QueryOptions = { bindVars };
    if (batchSize !== undefined) options.batchSize = batchSize;
    if (flag(ctx.values, 'stream')) options.stream = true;

    const { db } = await ctx.connect();
    const abort = new AbortController();
    let interrupted = false;
    const off = ctx.io.onInterrupt(() => {
      interrupted = true;
      abort.abort();
    });
    try {
      const cursor = await db.aql.execute(aql, { ...options, signal: abort.signal });
      const table = format === 'table' ? new StreamingTable(ctx) : undefined;
      let count = 0;
      try {
        for await (const batch of cursor.batches) {
          count += batch.length;
          if (table !== undefined) await table.batch(batch);
          else {
            let text = '';
            for (const item of batch) text += `${JSON.stringify(item) ?? 'null'}\n`;
            await write(ctx.io.stdout, text);
          }
          if (interrupted) break;
        }
      } catch (e) {
        if (!interrupted) throw e;
      }
      if (interrupted) {
        await cursor.close().catch(() => undefined);
        ctx.io.stderr.write(`interrupted after ${count} results\n`);
        return EXIT.interrupted;
      }
      if (ctx.io.stderr.isTTY === true) {
        const stats = cursor.extra.stats;
        const time = typeof stats?.executionTime === 'number' ? ` in ${stats.executionTime.toFixed(3)} s` : '';
        const writes = typeof stats?.writesExecuted === 'number' && stats.writesExecuted > 0 ? `, ${stats.writesExecuted} writes` : '';
        ctx.io.stderr.write(ctx.err.dim(`${count} result${count === 1 ? '' : 's'}${writes}${time}\n`));
      }
      for (const w of cursor.extra.warnings) ctx.io.stderr.write(`warning: ${w.message} (${w.code})\n`);
      return EXIT.ok;
    } catch (e) {
      if (interrupted) {
        ctx.io.stderr.write('interrupted\n');
        return EXIT.interrupted;
      }
      throw e;
    } finally {
      off();
    }
  },
};
