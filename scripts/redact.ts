/**
 * Redacts a file of strings with the same engine the recording worker uses.
 *   npm run -s redact -- FILE [--key HEX] [--url]
 * See `--help` for the input formats, the output and the exit codes.
 */
import { randomBytes } from 'node:crypto';
import { createRedactor } from '../worker/redact/index';
import { command, DataError, parseJson, plural, readInput, runCli, UsageError } from './cli';

const DETAILS = `
FILE is a JSON array of strings or of records with a "text" (or "full_text") field, or JSON lines
of such values. Writes JSON lines to stdout, one redacted string per record, in order. A record
that cannot be read is written as null (so line N of the output is still record N) and named on
stderr with its file and line.

Options:
  --key HEX   the pseudonym key (hex, at least 16 bytes); a random key per run by default
  --url       redact each record as a URL instead of as text
  -h, --help  this text

Exit codes: 0 all records redacted, 1 a file or record could not be read, 2 wrong command line.`;

/** One record's text, or why it has none. */
function textOf(rec: unknown): string | { error: string } {
  if (typeof rec === 'string') return rec;
  if (rec !== null && typeof rec === 'object') {
    const r = rec as { text?: unknown; full_text?: unknown };
    if (typeof r.text === 'string') return r.text;
    if (typeof r.full_text === 'string') return r.full_text;
  }
  return { error: 'expected a string or a record with a "text" field' };
}

interface Rec {
  line: number;
  text: string | { error: string };
}

/** The records of a file; a whole-file JSON error is fatal, a bad line is that line's error. */
function readRecords(file: string, raw: string): Rec[] {
  const trimmed = raw.trimStart();
  if (trimmed.startsWith('[')) {
    const arr = parseJson(raw, file);
    if (!Array.isArray(arr)) throw new DataError(`${file}: expected a JSON array`);
    // Line numbers of array elements are not known after JSON.parse; name the record instead.
    return arr.map((rec, i) => ({ line: i + 1, text: textOf(rec) }));
  }
  const out: Rec[] = [];
  raw.split('\n').forEach((lineText, i) => {
    if (lineText.trim() === '') return;
    try {
      out.push({ line: i + 1, text: textOf(parseJson(lineText, file, i + 1)) });
    } catch (e) {
      out.push({ line: i + 1, text: { error: (e as Error).message.replace(`${file}:${i + 1}: `, '') } });
    }
  });
  return out;
}

const redact = command({
  usage: 'FILE [--key HEX] [--url]',
  summary: 'redact every record of FILE with the recorder’s redaction engine',
  details: DETAILS,
  options: { key: { type: 'string' }, url: { type: 'boolean' } },
  async run({ values, positionals }) {
    const [file, ...extra] = positionals;
    if (file === undefined) throw new UsageError('missing FILE');
    if (extra.length > 0) throw new UsageError(`one FILE at a time (also got ${extra.join(' ')})`);
    if (values.key !== undefined && !/^(?:[0-9a-fA-F]{2}){16,}$/.test(values.key))
      throw new UsageError('--key must be hex of at least 16 bytes');
    const key = values.key ? new Uint8Array(Buffer.from(values.key, 'hex')) : new Uint8Array(randomBytes(32));

    const raw = readInput(file).toString('utf8');
    const records = readRecords(file, raw);
    const isArray = raw.trimStart().startsWith('[');

    // A closed pipe (| head) ends the run quietly.
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
    const redactor = createRedactor({ key });
    let failed = 0;
    const out: string[] = [];
    for (const { line, text } of records) {
      if (typeof text !== 'string') {
        failed++;
        process.stderr.write(`${file}:${isArray ? `record ${line}` : line}: ${text.error}\n`);
        out.push('null');
        continue;
      }
      out.push(JSON.stringify(values.url ? redactor.url(text) : redactor.text(text)));
    }
    process.stdout.write(out.length > 0 ? `${out.join('\n')}\n` : '');
    if (failed > 0) {
      process.stderr.write(`${plural(failed, 'record')} of ${records.length} could not be read\n`);
      return 1;
    }
    return 0;
  },
});

await runCli('redact', { '': redact });
