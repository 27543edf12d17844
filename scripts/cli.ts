/**
 * What our command-line tools share: one-line errors with exit codes that scripts can rely on
 * (2: the command line is wrong, 1: the data is), `--help` on stdout with exit 0, and subcommands
 * parsed with Node's own `util.parseArgs`, so an unknown option or a missing value is an error that
 * names itself instead of a stack trace.
 */
import { readFileSync } from 'node:fs';
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** The command line is wrong: exit 2 with the usage hint. */
export class UsageError extends Error {}
/** The input is wrong (a file, a record): exit 1. */
export class DataError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O & typeof HELP; allowPositionals: true; strict: true }>
>;

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** A command with its options parsed; the option types are erased once parsing is bound in. */
export interface Command {
  /** How to call it (after the program name), and what it does. */
  usage: string;
  summary: string;
  /** Parses `argv` (throws UsageError), then runs; resolves to the exit code. */
  run(argv: string[], invokedAs: string): Promise<number>;
}

export function command<O extends Options>(def: {
  usage: string;
  summary: string;
  /** More text for --help: inputs, outputs, exit codes. */
  details?: string;
  options: O;
  run(args: Pick<Parsed<O>, 'values' | 'positionals'>): Promise<number | undefined>;
}): Command {
  return {
    usage: def.usage,
    summary: def.summary,
    async run(argv, invokedAs) {
      let parsed: Parsed<O>;
      try {
        parsed = parseArgs({
          args: argv,
          options: { ...def.options, ...HELP },
          allowPositionals: true,
          strict: true,
        }) as Parsed<O>;
      } catch (e) {
        // parseArgs' own messages name the option; its advice about "--" does not apply here.
        throw new UsageError((e as Error).message.replace(/\. To specify a positional.*$/s, ''));
      }
      if ((parsed.values as { help?: boolean }).help) {
        const details = def.details ? `\n${def.details.trim()}\n` : '';
        process.stdout.write(`usage: ${invokedAs} ${def.usage}\n  ${def.summary}\n${details}`);
        return 0;
      }
      return (await def.run(parsed)) ?? 0;
    },
  };
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** A program of subcommands (`tool COMMAND ...`), or of one command when `commands` is `{ '': c }`. */
export async function runCli(
  program: string,
  commands: Record<string, Command>,
  argv = process.argv.slice(2),
): Promise<never> {
  const single = '' in commands;
  const names = Object.keys(commands).join(', ');
  const usage = () =>
    `usage:\n${Object.entries(commands)
      .map(([n, c]) => `  ${program}${n ? ` ${n}` : ''} ${c.usage}\n      ${c.summary}`)
      .join('\n')}\n`;
  const name = single ? '' : (argv[0] ?? '');
  let code: number;
  try {
    if (!single && ['--help', '-h', 'help'].includes(name)) {
      process.stdout.write(usage());
      process.exit(0);
    }
    if (name === '' && !single) throw new UsageError(`a command is needed (one of ${names})`);
    const command = commands[name];
    if (!command) throw new UsageError(`unknown command "${name}" (one of ${names})`);
    code = await command.run(single ? argv : argv.slice(1), `${program}${name ? ` ${name}` : ''}`);
  } catch (e) {
    const who = `${program}${name ? ` ${name}` : ''}`;
    if (e instanceof UsageError) {
      process.stderr.write(`${who}: ${e.message}\n${usage()}Run with --help for details.\n`);
      code = 2;
    } else {
      process.stderr.write(`${who}: ${e instanceof Error ? e.message : String(e)}\n`);
      code = 1;
    }
  }
  process.exit(code);
}

/** 1-based line of a character offset in a text. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** JSON.parse with the error naming the file and line of the fault. */
export function parseJson(text: string, where: string, firstLine = 1): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? lineAt(text, Number(pos[1])) + firstLine - 1 : firstLine;
    throw new DataError(
      `${where}:${line}: not valid JSON (${msg.replace(/ in JSON at position \d+.*$/, '')})`,
    );
  }
}

/** A file's bytes, or a DataError that says which file and why in plain words. */
export function readInput(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a folder' : err.message;
    throw new DataError(`cannot read ${file}: ${why}`);
  }
}
