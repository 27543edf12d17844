/**
 * Redacts a file of strings with the same engine the recording worker uses.
 *   node --import tsx scripts/redact.ts FILE [--key HEX] [--url]
 * FILE is a JSON array of records with a `text` field (the fixtures' shape) or of strings, or JSON
 * lines of strings or such records. Writes JSON lines to stdout, one redacted string per record, in
 * order. A random key is used per run unless --key is given (hex, at least 16 bytes).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRedactor } from '../worker/redact/index';

function usage(msg: string): never {
  process.stderr.write(`${msg}\nusage: node --import tsx scripts/redact.ts FILE [--key HEX] [--url]\n`);
  process.exit(2);
}

function textOf(rec: unknown, where: string): string {
  if (typeof rec === 'string') return rec;
  if (rec && typeof rec === 'object') {
    const r = rec as { text?: unknown; full_text?: unknown };
    if (typeof r.text === 'string') return r.text;
    if (typeof r.full_text === 'string') return r.full_text;
  }
  return usage(`${where}: expected a string or a record with a "text" field`);
}

function parseRecords(raw: string): string[] {
  const trimmed = raw.trim();
  if (trimmed.startsWith('[')) {
    const arr: unknown = JSON.parse(trimmed);
    if (!Array.isArray(arr)) usage('expected a JSON array');
    return arr.map((rec, i) => textOf(rec, `record ${i + 1}`));
  }
  return trimmed
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => textOf(JSON.parse(line), `line ${i + 1}`));
}

const args = process.argv.slice(2);
let file: string | undefined;
let keyHex: string | undefined;
let urlMode = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--key') keyHex = args[++i] ?? usage('--key needs a value');
  else if (a === '--url') urlMode = true;
  else if (a?.startsWith('--')) usage(`unknown option ${a}`);
  else file = a;
}
if (!file) usage('missing FILE');
if (keyHex !== undefined && !/^(?:[0-9a-fA-F]{2}){16,}$/.test(keyHex))
  usage('--key must be hex of at least 16 bytes');
const key = keyHex ? new Uint8Array(Buffer.from(keyHex, 'hex')) : new Uint8Array(randomBytes(32));

// A closed pipe (| head) ends the run quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const redactor = createRedactor({ key });
const records = parseRecords(readFileSync(file, 'utf8'));
const out: string[] = [];
for (const text of records) out.push(JSON.stringify(urlMode ? redactor.url(text) : redactor.text(text)));
process.stdout.write(out.length > 0 ? `${out.join('\n')}\n` : '');
