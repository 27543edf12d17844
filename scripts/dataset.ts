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
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import schema from '../shared/schema/trajectory.v1.schema.json';
import type { Refinement, Step, Trajectory } from '../shared/trajectory';
import { toStoredSession } from '../worker/export/events-file';
import { createValidator } from '../worker/export/json-schema';
import { toMind2Web } from '../worker/export/mind2web';
import { rawHtmlOfSteps } from '../worker/export/raw-html';
import { BundleError, type ParsedBundle, readBundle } from '../worker/export/read-bundle';
import { toUserFlow } from '../worker/export/userflow';

const USAGE = `usage:
  npm run dataset -- validate BUNDLE.zip
  npm run dataset -- convert BUNDLE.zip|TRAJECTORIES.jsonl --to jsonl|mind2web|userflow --out DIR`;

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function load(
  file: string,
): Promise<{ bundle: ParsedBundle | null; trajectories: Trajectory[]; refinements: Refinement[] }> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    fail(`cannot read ${file}: ${(e as Error).message}`);
  }
  if (!file.endsWith('.jsonl')) {
    const bundle = await readBundle(new Uint8Array(bytes));
    return { bundle, trajectories: bundle.trajectories, refinements: bundle.refinements };
  }
  const validate = createValidator(schema, '#/$defs/trajectory');
  const trajectories = bytes
    .toString('utf8')
    .split('\n')
    .flatMap((line, i) => {
      if (line.trim() === '') return [];
      const t = JSON.parse(line) as Trajectory;
      const [e] = validate(t);
      if (e)
        throw new BundleError(
          `${basename(file)} line ${i + 1} does not match the trajectory schema: ${e.path} ${e.message}.`,
        );
      return [t];
    });
  return { bundle: null, trajectories, refinements: trajectories.flatMap((t) => t.refinements) };
}

async function main(): Promise<void> {
  const [command, file, ...rest] = process.argv.slice(2);
  if (!command || !file || command === '--help') fail(USAGE, 2);
  if (command === 'validate') {
    const { bundle } = await load(file);
    if (!bundle) fail('validate takes a bundle (.zip)', 2);
    const m = bundle.manifest;
    console.log(`${basename(file)}: valid bundle ${m.bundleVersion}, schema ${m.schemaVersion}`);
    console.log(`  sha256 ${bundle.sha256} (${bundle.size} bytes, ${m.files.length + 1} files)`);
    console.log(
      `  ${m.counts.sessions} sessions, ${m.counts.trajectories} trajectories, ${m.counts.steps} steps, ${m.counts.refinements} refinements, ${m.counts.events} events`,
    );
    console.log(
      `  contributor ${m.contributorId}; exported ${m.exportedAt} by ${m.extension.name} ${m.extension.version}`,
    );
    return;
  }
  if (command !== 'convert') fail(USAGE, 2);
  const to = flag(rest, '--to');
  const out = flag(rest, '--out');
  if (!to || !['jsonl', 'mind2web', 'userflow'].includes(to) || !out) fail(USAGE, 2);
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
    `wrote ${written.length} file${written.length === 1 ? '' : 's'} to ${out}: ${written.slice(0, 5).join(', ')}${written.length > 5 ? ', …' : ''}`,
  );
}

main().catch((e) =>
  fail(
    e instanceof BundleError
      ? `invalid: ${e.message}`
      : `error: ${e instanceof Error ? e.message : String(e)}`,
  ),
);
