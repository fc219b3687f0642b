/** The shape of a CLI command and what it gets to run. */
import type { OptionSpecs, OptionValues } from './args.js';
import type { Palette } from './color.js';
import type { Connection } from './connect.js';
import type { CliIO } from './io.js';

export interface CommandContext {
  io: CliIO;
  /** Parsed options (common and the command's own). */
  values: OptionValues;
  /** Positional arguments after the command words. */
  args: string[];
  /** The command words, e.g. 'cluster health' (for messages). */
  command: string;
  /** Colours for stdout and for stderr (each off unless that stream is a terminal and NO_COLOR is unset). */
  out: Palette;
  err: Palette;
  /** Connects once (later calls return the same connection); closed by main when the command ends. */
  connect(timeoutOption?: string): Promise<Connection>;
}

export interface Command {
  /** Command words, e.g. 'cluster health'. */
  name: string;
  summary: string;
  /** One usage line without the leading 'arangots '. */
  usage: string;
  options: OptionSpecs;
  /** Help text after the usage: the command's own options, then examples. */
  help: string;
  args: { min: number; max: number };
  /**
   * The exit code reports what the command did to the database (import: 3 when documents were
   * rejected, 1 when it failed), so a reader that stopped reading its stdout does not turn it into 0.
   */
  reportsOutcome?: boolean;
  run(ctx: CommandContext): Promise<number>;
}
