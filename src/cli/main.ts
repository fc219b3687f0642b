#!/usr/bin/env node
/**
 * `arangots`: the command line of the driver — cluster health and administration, streamed
 * imports, AQL queries. Built on the public API only. `main(argv, io)` runs one command and
 * resolves to its exit code, so tests can run commands in-process.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMON_HELP, COMMON_OPTIONS, EXIT, parse, UsageError, valueOptionTokens } from './args.js';
import { palette } from './color.js';
import type { Command, CommandContext } from './command.js';
import { clusterCommands } from './commands/cluster.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { queryCommand } from './commands/query.js';
import { topCommand } from './commands/top.js';
import { connect, type Connection } from './connect.js';
import { describeError, describeStack } from './errors.js';
import { colorEnabled, OutputClosedError, processIO, type CliIO } from './io.js';
import { DRIVER_ID } from '../index.js';

export const COMMANDS: readonly Command[] = [...clusterCommands, topCommand, importCommand, exportCommand, queryCommand];

/** Words that start a group of commands (`arangots cluster …`). */
const GROUPS = new Set(COMMANDS.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0] ?? ''));

function topUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: arangots <command> [options]

Commands:
${lines.join('\n')}

Run 'arangots <command> --help' for a command's options and examples.

${COMMON_HELP}

Examples:
  ARANGO_HOSTS=http://10.0.0.1:8529,http://10.0.0.2:8529 arangots cluster health
  arangots import users.jsonl --collection users --on-duplicate update
  arangots export --collection users --type csv --output users.csv
  arangots query 'FOR u IN users FILTER u.age > @age RETURN u' --bind age=30
`;
}

function commandHelp(c: Command): string {
  return `Usage: arangots ${c.usage}

${c.summary}

${c.help.trimEnd()}

${COMMON_HELP}
`;
}

function shortUsage(command: Command | undefined): string {
  if (command === undefined) return "usage: arangots <command> [options]  (see 'arangots --help')\n";
  return `usage: arangots ${command.usage}  (see 'arangots ${command.name} --help')\n`;
}

/** The command words in argv (skipping options and their values) and where they are. */
function findCommand(argv: readonly string[]): { words: string[]; indexes: number[] } {
  const takesValue = valueOptionTokens({ ...COMMON_OPTIONS, ...Object.assign({}, ...COMMANDS.map((c) => c.options)) });
  const words: string[] = [];
  const indexes: number[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const token = argv[i] ?? '';
    if (token === '--') break;
    if (token.startsWith('-') && token !== '-') {
      if (takesValue.has(token)) i++;
      continue;
    }
    words.push(token);
    indexes.push(i);
    if (words.length === 1 && !GROUPS.has(token)) break;
  }
  return { words, indexes };
}

export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const err = palette(colorEnabled(io.stderr, io.env));
  const secrets: string[] = [];
  if (io.env.ARANGO_PASSWORD !== undefined && io.env.ARANGO_PASSWORD !== '') secrets.push(io.env.ARANGO_PASSWORD);
  const { words, indexes } = findCommand(argv);
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  if (words.length === 0) {
    if (argv.includes('--version')) {
      io.stdout.write(`${DRIVER_ID}\n`);
      return EXIT.ok;
    }
    if (wantsHelp) {
      io.stdout.write(topUsage());
      return EXIT.ok;
    }
    io.stderr.write(`${err.red('error:')} no command given\n${shortUsage(undefined)}`);
    return EXIT.usage;
  }
  if (words[0] === 'help') {
    const words = argv.filter((a) => !a.startsWith('-')).slice(1);
    const target = COMMANDS.find((c) => c.name === words.slice(0, 2).join(' ')) ?? COMMANDS.find((c) => c.name === words[0]);
    io.stdout.write(target === undefined ? topUsage() : commandHelp(target));
    return EXIT.ok;
  }
  const name = words.join(' ');
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    const group = words[0] !== undefined && GROUPS.has(words[0]);
    if (group && words.length === 1 && wantsHelp) {
      io.stdout.write(topUsage());
      return EXIT.ok;
    }
    const what = group ? (words.length === 1 ? `'arangots ${words[0] ?? ''}' needs a subcommand` : `unknown command 'arangots ${name}'`) : `unknown command '${name}'`;
    const members = group ? COMMANDS.filter((c) => c.name.startsWith(`${words[0] ?? ''} `)).map((c) => c.name.split(' ')[1]) : [];
    io.stderr.write(`${err.red('error:')} ${what}${members.length > 0 ? ` (one of: ${members.join(', ')})` : ''}\n${shortUsage(undefined)}`);
    return EXIT.usage;
  }
  if (wantsHelp) {
    io.stdout.write(commandHelp(command));
    return EXIT.ok;
  }

  let connection: Connection | undefined;
  let debug = argv.includes('--debug');
  try {
    const rest = argv.filter((_, i) => !indexes.includes(i));
    const { values, positionals } = parse(rest, command.options, command.name);
    debug = values.debug === true;
    if (positionals.length < command.args.min) throw new UsageError(`'arangots ${command.name}' needs ${command.args.min === 1 ? 'an argument' : `${command.args.min} arguments`}`, command.name);
    if (positionals.length > command.args.max) throw new UsageError(`unexpected argument '${positionals[command.args.max] ?? ''}'`, command.name);
    let connecting: Promise<Connection> | undefined;
    const ctx: CommandContext = {
      io,
      values,
      args: positionals,
      command: command.name,
      out: palette(colorEnabled(io.stdout, io.env)),
      err,
      connect: (timeoutOption) => {
        connecting ??= connect(values, io, command.name, secrets, timeoutOption).then((c) => (connection = c));
        return connecting;
      },
    };
    // A command that ran to its end keeps its own exit code (2: unhealthy, 3: rejected documents),
    // whether or not its reader stayed to the last line.
    return await command.run(ctx);
  } catch (e) {
    // The reader went away (`| head -1`) and the command stopped writing: the reader has what it
    // wanted, so stop without a word. An import's failure stays a failure.
    if (e instanceof OutputClosedError || (io.stdout.closed === true && command.reportsOutcome !== true)) return EXIT.ok;
    if (e instanceof UsageError) {
      io.stderr.write(`${err.red('error:')} ${describeError(e, secrets)}\n${shortUsage(command)}`);
      return EXIT.usage;
    }
    io.stderr.write(`${err.red('error:')} ${describeError(e, secrets)}\n`);
    if (debug) io.stderr.write(`${describeStack(e, secrets)}\n`);
    return EXIT.error;
  } finally {
    await connection?.client.close().catch(() => undefined);
  }
}

/** True when this file is the program being run (directly, through a symlinked bin, or via tsx). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = EXIT.error;
    },
  );
}
