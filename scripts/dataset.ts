/**
 * The dataset CLI, for use outside the browser:
 *
 *   npm run dataset -- validate BUNDLE.zip
 *   npm run dataset -- convert BUNDLE.zip|TRAJECTORIES.jsonl --to jsonl|mind2web|userflow --out DIR
 *   npm run dataset -- build IN... --out DIR [--deletions FILE|DIR]...
 *
 * `validate` checks a bundle the way import does (manifest, versions, every file's sha256, the
 * trajectory JSON Schema, events) and exits 1 with the reason if it fails. `convert` writes our
 * JSONL (trajectories.jsonl, refinements.jsonl), Mind2Web tasks (mind2web.json) or one DevTools
 * Recorder UserFlow per trajectory (<session>-t<n>.json). From a bare JSONL file there are no events,
 * so Mind2Web's raw_html is empty. `build` turns many bundles into one Parquet dataset in the Hugging
 * Face layout (scripts/dataset/build.ts; docs/datasets.md).
 * `render BUNDLE.zip --out DIR [--to agentnet]` draws each step's screenshot from the redacted
 * replay and can write AgentNet-style tasks (scripts/render/; docs/pixels.md).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import schema from '../shared/schema/trajectory.v1.schema.json';
import type { Refinement, Step, Trajectory } from '../shared/trajectory';
import { toStoredSession } from '../worker/ship/events-file';
import { createValidator } from '../worker/ship/json-schema';
import { toMind2Web } from '../worker/ship/mind2web';
import { rawHtmlOfSteps } from '../worker/ship/raw-html';
import { BundleError, type ParsedBundle, readBundle } from '../worker/ship/read-bundle';
import { toUserFlow } from '../worker/ship/userflow';
import { command, DataError, parseJson, plural, readInput, runCli, UsageError } from './cli';
import { DEFAULT_SHARD_BYTES } from './dataset/shards';
import { render } from './render/command';

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

const build = command({
  usage:
    'IN... --out DIR [--deletions FILE|DIR]... [--shard-mb N] [--license ID] [--memory-limit SIZE] [--force]',
  summary:
    'build one Parquet dataset (Hugging Face layout) from many bundles, deduplicated, deletions applied',
  details: `
IN: bundle files, or folders of them in any layout (a receiver's store: a file that starts like a
zip is a bundle, whatever its name). .json/.jsonl files under a deletion-requests/ folder among
the inputs are deletion requests, as are the --deletions files (or every .json/.jsonl in a
--deletions folder). S3 prefixes: copy them to a folder first (docs/datasets.md).

DIR gets steps/train-0000i-of-0000N.parquet, trajectories/train-*.parquet, README.md (the dataset
card: configs, features, consent and licence summary, counts) and removals.jsonl (one line per
session left out as a duplicate or by a deletion request).

  --shard-mb N        largest shard in MB (default ${DEFAULT_SHARD_BYTES / 1e6})
  --license ID        licence in the card (default: other)
  --memory-limit SIZE DuckDB's memory limit, e.g. 2GB (it spills to DIR/.build-tmp past it)
  --force             replace the dataset an earlier build wrote to DIR

Invalid bundles are reported and skipped; exit 1 when no input bundle is valid.`,
  options: {
    out: { type: 'string' },
    deletions: { type: 'string', multiple: true },
    'shard-mb': { type: 'string' },
    license: { type: 'string' },
    'memory-limit': { type: 'string' },
    force: { type: 'boolean' },
  },
  async run({ values, positionals }) {
    if (positionals.length === 0) throw new UsageError('missing IN (bundle files or folders)');
    if (values.out === undefined) throw new UsageError('--out DIR is required');
    const shardMb = values['shard-mb'] === undefined ? DEFAULT_SHARD_BYTES / 1e6 : Number(values['shard-mb']);
    if (!(shardMb > 0))
      throw new UsageError(`--shard-mb must be a positive number, not "${values['shard-mb']}"`);
    if (values.license !== undefined && !/^[A-Za-z0-9][A-Za-z0-9.+-]*$/.test(values.license))
      throw new UsageError(
        `--license takes a licence id (apache-2.0, cc-by-4.0, other), not "${values.license}"`,
      );
    if (values['memory-limit'] !== undefined && !/^\d+(\.\d+)?\s*[KMGT]i?B$/i.test(values['memory-limit']))
      throw new UsageError(`--memory-limit takes a size like 2GB, not "${values['memory-limit']}"`);
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    // Loaded here: DuckDB's native module is not needed by the other commands.
    const { buildDataset } = await import('./dataset/build');
    const r = await buildDataset({
      inputs: positionals,
      deletions: values.deletions ?? [],
      out: values.out,
      shardBytes: Math.floor(shardMb * 1e6),
      force: values.force ?? false,
      ...(values.license ? { license: values.license } : {}),
      ...(values['memory-limit'] ? { memoryLimit: values['memory-limit'] } : {}),
      warn: (line) => process.stderr.write(`  ${line}\n`),
    });
    const seconds = (performance.now() - started) / 1000;
    // CPU time of every thread (DuckDB's too): on a shared machine, wall time says more about the neighbours.
    const used = process.cpuUsage(cpuStart);
    const cpu = (used.user + used.system) / 1e6;
    const mb = r.bundleBytes / 1e6;
    const dup = r.removals.filter((x) => x.reason === 'duplicate').length;
    const del = r.removals.length - dup;
    console.log(
      `${values.out}: ${plural(r.sessions, 'session')}, ${plural(r.trajectories, 'trajectory', 'trajectories')}, ${plural(r.steps, 'step')} in ${plural(r.shards.steps.length, 'steps shard')} and ${plural(r.shards.trajectories.length, 'trajectories shard')}`,
    );
    console.log(
      `  from ${plural(r.bundlesRead, 'bundle')} (${mb.toFixed(1)} MB); left out: ${plural(dup, 'duplicate session')}, ${plural(del, 'session')} by ${plural(r.deletionRequests, 'deletion request')}, ${plural(r.invalid.length, 'invalid bundle')}${r.repeatedBundles ? `, ${plural(r.repeatedBundles, 'repeated bundle')}` : ''}`,
    );
    console.log(
      `  ${seconds.toFixed(1)} s (${(mb / seconds).toFixed(1)} MB/s; ${cpu.toFixed(1)} s CPU), peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
    );
    return 0;
  },
});

await runCli('dataset', { validate, convert, build, render });
