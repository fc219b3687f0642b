/**
 * Reading the password: from a file, from the terminal without echo, or from ARANGO_PASSWORD.
 * The password is never written anywhere — not to the terminal, not into an error message.
 */
import { openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { ReadStream } from 'node:tty';
import type { InStream, OutStream } from './io.js';

export class PasswordError extends Error {
  override readonly name = 'PasswordError';
}

/** The first line of `file` (a trailing newline is not part of the password). */
export async function readPasswordFile(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    // Only the error code: the message of a read error never contains the file's content, but be strict.
    const code = (e as { code?: string }).code ?? 'unreadable';
    throw new PasswordError(`cannot read password file '${file}' (${code})`);
  }
  const newline = text.search(/\r?\n/);
  return newline < 0 ? text : text.slice(0, newline);
}

/** The terminal to prompt on: stdin when it is one, else the controlling terminal (`/dev/tty`). */
function terminal(stdin: InStream): { input: InStream; close(): void } {
  if (stdin.isTTY === true && typeof stdin.setRawMode === 'function') return { input: stdin, close: () => undefined };
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r');
  } catch {
    throw new PasswordError('--password-prompt needs a terminal; use --password-file or ARANGO_PASSWORD instead');
  }
  const input = new ReadStream(fd);
  return { input, close: () => input.destroy() };
}

/**
 * Prompts on `prompt` (stderr) and reads one line from the terminal in raw mode, echoing nothing.
 * Backspace edits, Enter ends, Ctrl-C aborts with an error.
 */
export async function promptPassword(stdin: InStream, prompt: OutStream, text = 'Password: '): Promise<string> {
  const tty = terminal(stdin);
  const input = tty.input;
  prompt.write(text);
  input.setRawMode?.(true);
  input.setEncoding('utf8');
  input.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let value = '';
      const onData = (chunk: string | Buffer): void => {
        for (const ch of String(chunk)) {
          if (ch === '\r' || ch === '\n' || ch === '\u0004') {
            input.off('data', onData);
            input.off('end', onEnd);
            resolve(value);
            return;
          }
          if (ch === '\u0003') {
            input.off('data', onData);
            input.off('end', onEnd);
            reject(new PasswordError('password prompt interrupted'));
            return;
          }
          if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
          else if (ch >= ' ') value += ch;
        }
      };
      const onEnd = (): void => {
        input.off('data', onData);
        resolve(value);
      };
      input.on('data', onData);
      input.once('end', onEnd);
    });
  } finally {
    input.setRawMode?.(false);
    input.pause();
    tty.close();
    prompt.write('\n');
  }
}
