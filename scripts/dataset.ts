/**
 * The dataset CLI, for use outside the browser:
 *
 *   npm run dataset -- validate BUNDLE.zip
 *   npm run dataset -- convert BUNDLE.zip|TRAJECTORIES.jsonl --to jsonl|mind2web|userflow --out DIR
 *
 * `validate` checks a bundle the way import does (manifest, versions, every file's sha256, the
 * trajectory JSON Schema, events) and exits 1 with the reason if it fails. `convert` writes our
 * JSONL (trajectories.jsonl, refinements.jsonl), Mind2Web tasks (mind2web.json) or one DevTools
 * Recorder UserFlow per trajectory (<session>-t<n>.json). From a bare JSONL file there are no events,
 * so Mind2Web's raw_html is empty.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import schema from '../shared/schema/trajectory.v1.schema.json';
import type { Refinement, Step, Trajectory } from '../shared/trajectory';
import { toStoredSession } from '../worker/export/events-file';
import { createValidator } from '../worker/export/json-schema';
import { toMind2Web } from '../worker/export/mind2web';
import { rawHtmlOfSteps } from '../worker/export/raw-html';
import { BundleError, type ParsedBundle, readBundle } from '../worker/export/read-bundle';
import { toUserFlow } from '../worker/export/userflow';
import { command, DataError, parseJson, plural, readInput, runCli, UsageError } from './cli';

async function load(
  file: string,
): Promise<{ bundle: ParsedBundle | null; trajectories: Trajectory[]; refinements: Refinement[] }> {
  const bytes = readInput(file);
  if (!file.endsWith('.jsonl')) {
    const bundle = await readBundle(new Uint8Array(bytes)).catch((e: unknown) => {
      throw e instanceof BundleError
        ? new DataError(`${basename(file)} is not a valid bundle: ${e.message}`)
        : e;
    });
    return { bundle, trajectories: bundle.trajectories, refinements: bundle.refinements };
  }
  const validate = createValidator(schema, '#/$defs/trajectory');
  const trajectories = bytes
    .toString('utf8')
    .split('\n')
    .flatMap((line, i) => {
      if (line.trim() === '') return [];
      const t = parseJson(line, basename(file), i + 1) as Trajectory;
      const [e] = validate(t);
      if (e)
        throw new DataError(
          `${basename(file)}:${i + 1}: does not match the trajectory schema: ${e.path} ${e.message}.`,
        );
      return [t];
    });
  return { bundle: null, trajectories, refinements: trajectories.flatMap((t) => t.refinements) };
}

const FORMATS = ['jsonl', 'mind2web', 'userflow'] as const;
type Format = (typeof FORMATS)[number];

const validate = command({
  usage: 'BUNDLE.zip',
  summary: 'check a bundle the way import does (manifest, hashes, schema, events); exit 1 if invalid',
  options: {},
  async run({ positionals }) {
    const file = onePath(positionals, 'BUNDLE.zip');
    const { bundle } = await load(file);
    if (!bundle) throw new UsageError('validate takes a bundle (.zip), not JSONL');
    const m = bundle.manifest;
    const c = m.counts;
    console.log(`${basename(file)}: valid bundle ${m.bundleVersion}, schema ${m.schemaVersion}`);
    console.log(
      `  sha256 ${bundle.sha256} (${plural(bundle.size, 'byte')}, ${plural(m.files.length + 1, 'file')})`,
    );
    console.log(
      `  ${plural(c.sessions, 'session')}, ${plural(c.trajectories, 'trajectory', 'trajectories')}, ${plural(c.steps, 'step')}, ${plural(c.refinements, 'refinement')}, ${plural(c.events, 'event')}`,
    );
    console.log(
      `  contributor ${m.contributorId}; exported ${m.exportedAt} by ${m.extension.name} ${m.extension.version}`,
    );
    return 0;
  },
});

const convert = command({
  usage: `BUNDLE.zip|TRAJECTORIES.jsonl --to ${FORMATS.join('|')} --out DIR`,
  summary: 'write our JSONL, Mind2Web tasks or one DevTools Recorder UserFlow per trajectory',
  options: { to: { type: 'string' }, out: { type: 'string' } },
  async run({ values, positionals }) {
    const file = onePath(positionals, 'BUNDLE.zip or TRAJECTORIES.jsonl');
    if (values.to === undefined) throw new UsageError(`--to is required (one of ${FORMATS.join(', ')})`);
    if (!(FORMATS as readonly string[]).includes(values.to))
      throw new UsageError(`unknown format "${values.to}" for --to (one of ${FORMATS.join(', ')})`);
    if (values.out === undefined) throw new UsageError('--out DIR is required');
    await convertFile(file, values.to as Format, values.out);
    return 0;
  },
});

function onePath(positionals: string[], what: string): string {
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError(`missing ${what}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  return file;
}

async function convertFile(file: string, to: Format, out: string): Promise<void> {
  const { bundle, trajectories, refinements } = await load(file);
  mkdirSync(out, { recursive: true });
  const written: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(out, name), text);
    written.push(name);
  };
  if (to === 'jsonl') {
    write('trajectories.jsonl', trajectories.map((t) => `${JSON.stringify(t)}\n`).join(''));
    write('refinements.jsonl', refinements.map((r) => `${JSON.stringify(r)}\n`).join(''));
  } else if (to === 'mind2web') {
    const raw = new Map<Step, string>();
    for (const s of bundle?.sessions ?? []) {
      const own = trajectories.filter((t) => t.sessionId === s.meta.id);
      for (const [step, html] of rawHtmlOfSteps(toStoredSession(s.events), own)) raw.set(step, html);
    }
    write(
      'mind2web.json',
      JSON.stringify(trajectories.map((t) => toMind2Web(t, (step) => raw.get(step) ?? ''))),
    );
  } else {
    for (const t of trajectories) {
      const { flow, skipped } = toUserFlow(t);
      write(`${t.sessionId}-t${t.index}.json`, `${JSON.stringify(flow, null, 2)}\n`);
      for (const s of skipped)
        console.log(`  ${t.sessionId} t${t.index} step ${s.stepIndex} (${s.action}) left out: ${s.reason}`);
    }
  }
  console.log(
    `wrote ${plural(written.length, 'file')} to ${out}: ${written.slice(0, 5).join(', ')}${written.length > 5 ? ', …' : ''}`,
  );
}

await runCli('dataset', { validate, convert });
