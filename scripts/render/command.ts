/**
 * `dataset render BUNDLE --out DIR [--to agentnet]`: screenshots for every step, rendered from the
 * redacted replay (scripts/render/render.ts), plus `render.json`; with `--to agentnet` also
 * `agentnet.jsonl`, one AgentNet-style task per trajectory. AgentNet needs the screenshots, so it
 * is written here and not by `convert`, which never starts a browser.
 */
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { findChromium } from '../../e2e/chromium';
import { BundleError, readBundle } from '../../worker/ship/read-bundle';
import { command, DataError, plural, readInput, UsageError } from '../cli';
import { toAgentNet } from './agentnet';
import { renderBundle } from './render';

export const render = command({
  usage: 'BUNDLE.zip --out DIR [--to agentnet] [--scale N] [--format png|webp] [--keep-binary-images]',
  summary: 'render each step’s screenshot from the redacted replay (surrogate values, no network)',
  details: `
DIR gets screens/<hash>.png (one file per distinct page state), render.json (per step: the
screenshot, the target's box and the pointer in screenshot pixels, the pyautogui action, ids back
to the events) and, with --to agentnet, agentnet.jsonl (docs/pixels.md).

  --to agentnet         also write AgentNet-style tasks (agentnet.jsonl)
  --scale N             device pixels per CSS px (default 1)
  --format png|webp     screenshot format (default png)
  --keep-binary-images  keep data: images and canvas pixels (default: the neutral placeholder)
  --element-shots       also write each target element on its own (elements/, for checks)

Chromium: CHROME_PATH, /usr/bin/chromium or Google Chrome.`,
  options: {
    out: { type: 'string' },
    to: { type: 'string' },
    scale: { type: 'string' },
    format: { type: 'string' },
    'keep-binary-images': { type: 'boolean' },
    'element-shots': { type: 'boolean' },
  },
  async run({ values, positionals }) {
    const [file, ...extra] = positionals;
    if (file === undefined) throw new UsageError('missing BUNDLE.zip');
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (values.out === undefined) throw new UsageError('--out DIR is required');
    if (values.to !== undefined && values.to !== 'agentnet')
      throw new UsageError(`render writes AgentNet only (--to agentnet), not "${values.to}"`);
    const scale = values.scale === undefined ? 1 : Number(values.scale);
    if (!(scale > 0 && scale <= 4))
      throw new UsageError(`--scale must be a number in (0, 4], not "${values.scale}"`);
    const format = values.format ?? 'png';
    if (format !== 'png' && format !== 'webp')
      throw new UsageError(`--format must be png or webp, not "${values.format}"`);
    const bundle = await readBundle(new Uint8Array(readInput(file))).catch((e: unknown) => {
      throw e instanceof BundleError
        ? new DataError(`${basename(file)} is not a valid bundle: ${e.message}`)
        : e;
    });
    const { index, surrogates } = await renderBundle(bundle, {
      out: values.out,
      executablePath: findChromium(),
      scale,
      imageFormat: format,
      keepBinaryImages: values['keep-binary-images'] ?? false,
      elementShots: values['element-shots'] ?? false,
    });
    if (values.to === 'agentnet') {
      const sizes = new Map(index.screenshots.map((s) => [s.file, s]));
      const lines = bundle.trajectories.map((t) => {
        const synth = surrogates.get(t.sessionId);
        const task = toAgentNet(
          t,
          index.steps,
          index.ends.find((e) => e.trajectoryId === t.id),
          sizes,
          (s) => (synth ? synth.value(s) : s),
        );
        return `${JSON.stringify(task)}\n`;
      });
      writeFileSync(join(values.out, 'agentnet.jsonl'), lines.join(''));
    }
    const st = index.stats;
    const mb = st.screenshotBytes / 1e6;
    console.log(
      `${values.out}: ${plural(index.steps.length, 'step')} rendered, ${plural(index.screenshots.length, 'distinct screenshot')} (${mb.toFixed(2)} MB)${index.skipped.length ? `, ${plural(index.skipped.length, 'step')} skipped` : ''}${values.to ? ', agentnet.jsonl' : ''}`,
    );
    console.log(
      `  ${st.stepsPerSecond.toFixed(1)} steps/s rendering (${st.seconds.toFixed(1)} s in all); ${(mb / Math.max(st.recordedMinutes, 1e-6)).toFixed(2)} MB per recorded minute`,
    );
    return 0;
  },
});
