/**
 * Screenshots rendered from the redacted replay: for every step of a bundle, the tab's events
 * (remote assets neutralized, binary images replaced unless kept, placeholders replaced by the
 * session's surrogate values) are replayed with @rrweb/replay in headless Chromium at the recorded
 * viewport, seeked to the instant before the action, and captured. Identical screenshots (the same
 * page state) are written once, named by their content hash.
 *
 * No network: the harness page comes from a made-up origin through Playwright's router and every
 * other request is aborted, so a replay cannot reach the recorded site or anyone else.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import type { eventWithTime } from '@rrweb/types';
import { neutralizeRemoteAssets } from '../../shared/replay-assets';
import type { Box, Step, Trajectory } from '../../shared/trajectory';
import type { ParsedBundle } from '../../worker/ship/read-bundle';
import type { Synthesizer } from '../../worker/ship/synthetic';
import { HARNESS_JS, INDEX_HTML, ORIGIN, replayBundle } from './harness';
import { toPyautogui } from './pyautogui';
import { sessionSurrogates, withSurrogates } from './surrogates';
import type { RenderedEnd, RenderedScreenshot, RenderedStep, RenderIndex } from './types';

export interface RenderOptions {
  out: string;
  executablePath: string;
  /** Device pixels per CSS px (1: screenshot pixels are CSS px of the recorded viewport). */
  scale: number;
  imageFormat: 'png' | 'webp';
  /** Keep binary data: images and canvas pixels (the reviewer looked at them and kept them). */
  keepBinaryImages: boolean;
  /** Also capture each target element on its own (for the box check). */
  elementShots: boolean;
  log?: (line: string) => void;
}

export interface RenderResult {
  index: RenderIndex;
  /** Surrogates per session, for the AgentNet export (the same values the pixels show). */
  surrogates: Map<string, Synthesizer>;
}

const UID_RE = /^p\d+n(\d+)$/;

export async function renderBundle(bundle: ParsedBundle, opts: RenderOptions): Promise<RenderResult> {
  const started = performance.now();
  mkdirSync(join(opts.out, 'screens'), { recursive: true });
  if (opts.elementShots) mkdirSync(join(opts.out, 'elements'), { recursive: true });
  const shots = new Map<string, RenderedScreenshot>();
  const steps: RenderedStep[] = [];
  const ends: RenderedEnd[] = [];
  const skipped: RenderIndex['skipped'] = [];
  const surrogates = new Map<string, Synthesizer>();
  let recordedMs = 0;
  let renderMs = 0;

  const browser = await chromium.launch({
    executablePath: opts.executablePath,
    headless: true,
    args: ['--hide-scrollbars', '--font-render-hinting=none', '--disable-lcd-text'],
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      deviceScaleFactor: opts.scale,
      serviceWorkers: 'block',
      javaScriptEnabled: true,
    });
    let events: eventWithTime[] = [];
    await route(context, () => events);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(`${ORIGIN}/`);

    for (const session of bundle.sessions) {
      const synth = sessionSurrogates(session.events);
      surrogates.set(session.meta.id, synth);
      const trajectories = bundle.trajectories.filter((t) => t.sessionId === session.meta.id);
      for (const tab of session.events.tabs) {
        const first = tab.events[0];
        const last = tab.events.at(-1);
        if (!first || !last) continue;
        recordedMs += last.timestamp - first.timestamp;
        const work = stepsOfTab(trajectories, tab.tabId);
        if (work.length === 0) continue;
        const neutral = neutralizeRemoteAssets(tab.events, {
          binaryImages: opts.keepBinaryImages ? 'keep' : 'placeholder',
        }).events;
        events = withSurrogates(neutral, synth);
        const meta = await page.evaluate((u) => window.__load(u), `${ORIGIN}/events.json`);
        const t0 = performance.now();
        for (const w of work) {
          const at = w.kind === 'step' ? w.step.startedAt : w.trajectory.endedAt + 1;
          // Events strictly before `at` are applied: the instant before the action.
          const offset = Math.max(0, at - meta.startTime);
          const size = await page.evaluate((o) => window.__seek(o), offset);
          const vp = page.viewportSize();
          if (size.width > 0 && size.height > 0 && (vp?.width !== size.width || vp?.height !== size.height)) {
            await page.setViewportSize(size);
            await page.evaluate((o) => window.__seek(o), offset);
          }
          const scroll = w.kind === 'step' && !inFrameStream(w.step) ? w.step.target?.scroll : null;
          if (scroll) await page.evaluate(([x, y]) => window.__scrollTo(x, y), [scroll.x, scroll.y] as const);
          const file = await capture(cdp, size, opts, shots);
          if (w.kind === 'end') {
            ends.push({ trajectoryId: w.trajectory.id, screenshot: file, at });
            continue;
          }
          const rendered = await renderedBox(page, w.step);
          const recorded = recordedBox(w.step, rendered.frameOffset);
          const shown =
            rendered.box && rendered.box.width > 0 && rendered.box.height > 0 ? rendered.box : null;
          const mapped = toPyautogui(w.step, {
            viewport: size,
            box: shown ?? recorded,
            surrogate: (s) => synth.value(s),
            pointer: movedPointer(w.step, recorded, shown),
            focused: focusedBefore(w.trajectory, w.step),
          });
          let elementShot: string | undefined;
          if (opts.elementShots && shown) {
            elementShot = `elements/${w.trajectory.id.replace(/[^\w-]/g, '_')}-${w.step.index}.png`;
            // On whole pixels, like the screenshot: a fractional clip would be resampled.
            const x = Math.floor(shown.x);
            const y = Math.floor(shown.y);
            const px = {
              x,
              y,
              width: Math.ceil(shown.x + shown.width) - x,
              height: Math.ceil(shown.y + shown.height) - y,
            };
            writeFileSync(join(opts.out, elementShot), await isolatedShot(page, cdp, w.step, px, offset));
          }
          steps.push({
            sessionId: w.trajectory.sessionId,
            trajectoryId: w.trajectory.id,
            stepIndex: w.step.index,
            events: w.step.events,
            actionType: w.step.action.type,
            at,
            screenshot: file,
            box: scaleBox(shown ?? recorded, opts.scale),
            boxSource: shown ? 'rendered' : recorded ? 'recorded' : null,
            recordedBox: scaleBox(recorded, opts.scale),
            iou: recorded && rendered.box ? iou(recorded, rendered.box) : null,
            pointer: mapped.pointer
              ? { x: round1(mapped.pointer.x * opts.scale), y: round1(mapped.pointer.y * opts.scale) }
              : null,
            action: {
              code: mapped.code,
              description: mapped.description,
              fidelity: mapped.fidelity,
              note: mapped.note,
            },
            ...(elementShot ? { elementShot } : {}),
          });
        }
        renderMs += performance.now() - t0;
        opts.log?.(`  ${session.meta.id} tab ${tab.tabId}: ${work.length} frames`);
      }
      for (const t of trajectories)
        for (const s of t.steps)
          if (!steps.some((r) => r.trajectoryId === t.id && r.stepIndex === s.index))
            skipped.push({
              trajectoryId: t.id,
              stepIndex: s.index,
              reason: s.tabId === null ? 'the step belongs to no tab' : 'no recorded events for its tab',
            });
    }
    await context.close();
  } finally {
    await browser.close();
  }
  const screenshots = [...shots.values()];
  const seconds = (performance.now() - started) / 1000;
  const index: RenderIndex = {
    format: 'recorder-render',
    version: 1,
    bundleSha256: bundle.sha256,
    scale: opts.scale,
    imageFormat: opts.imageFormat,
    steps,
    ends,
    screenshots,
    skipped,
    stats: {
      seconds,
      renderSeconds: renderMs / 1000,
      stepsPerSecond: steps.length / Math.max(renderMs / 1000, 1e-3),
      recordedMinutes: recordedMs / 60_000,
      screenshotBytes: screenshots.reduce((n, s) => n + s.bytes, 0),
    },
  };
  writeFileSync(join(opts.out, 'render.json'), `${JSON.stringify(index, null, 1)}\n`);
  return { index, surrogates };
}

type Work = { kind: 'step'; trajectory: Trajectory; step: Step } | { kind: 'end'; trajectory: Trajectory };

/** A tab's steps and trajectory ends in time order (the replay only ever seeks forward). */
function stepsOfTab(trajectories: Trajectory[], tabId: number): Work[] {
  const work: { at: number; w: Work }[] = [];
  for (const t of trajectories) {
    for (const step of t.steps)
      if (step.tabId === tabId) work.push({ at: step.startedAt, w: { kind: 'step', trajectory: t, step } });
    const lastStep = t.steps.at(-1);
    if (lastStep && lastStep.tabId === tabId)
      work.push({ at: t.endedAt + 1, w: { kind: 'end', trajectory: t } });
  }
  return work.sort((a, b) => a.at - b.at).map((x) => x.w);
}

/** Serves the harness, the replay bundle and the current events; aborts everything else. */
async function route(context: BrowserContext, events: () => eventWithTime[]): Promise<void> {
  const bundle = replayBundle();
  await context.route('**/*', async (r) => {
    const url = new URL(r.request().url());
    if (url.origin !== ORIGIN) return r.abort('blockedbyclient');
    if (url.pathname === '/') return r.fulfill({ contentType: 'text/html', body: INDEX_HTML });
    if (url.pathname === '/replay.js') return r.fulfill({ contentType: 'text/javascript', body: bundle });
    if (url.pathname === '/harness.js')
      return r.fulfill({ contentType: 'text/javascript', body: HARNESS_JS });
    if (url.pathname === '/events.json')
      return r.fulfill({ contentType: 'application/json', body: JSON.stringify(events()) });
    return r.abort('blockedbyclient');
  });
}

type Cdp = Awaited<ReturnType<BrowserContext['newCDPSession']>>;

async function shoot(cdp: Cdp, format: 'png' | 'webp', clip: Box): Promise<Buffer> {
  const r = (await cdp.send('Page.captureScreenshot', {
    format,
    ...(format === 'webp' ? { quality: 90 } : {}),
    clip: { x: clip.x, y: clip.y, width: clip.width, height: clip.height, scale: 1 },
    captureBeyondViewport: false,
    optimizeForSpeed: true,
  })) as { data: string };
  return Buffer.from(r.data, 'base64');
}

/** Captures the viewport, writes it once per content hash, and returns its path. */
async function capture(
  cdp: Cdp,
  size: { width: number; height: number },
  opts: RenderOptions,
  shots: Map<string, RenderedScreenshot>,
): Promise<string> {
  const bytes = await shoot(cdp, opts.imageFormat, { x: 0, y: 0, ...size });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const known = shots.get(sha256);
  if (known) return known.file;
  const file = `screens/${sha256.slice(0, 16)}.${opts.imageFormat}`;
  writeFileSync(join(opts.out, file), bytes);
  shots.set(sha256, {
    file,
    sha256,
    bytes: bytes.length,
    width: Math.round(size.width * opts.scale),
    height: Math.round(size.height * opts.scale),
  });
  return file;
}

/** The target as rendered, and the offset of its frame when it lives in a cross-origin frame. */
async function renderedBox(page: Page, step: Step): Promise<{ box: Box | null; frameOffset: Box | null }> {
  const t = step.target;
  if (!t) return { box: null, frameOffset: null };
  if (inFrameStream(step)) {
    // A cross-origin frame's events are another stream: the replay shows that frame empty, and its
    // node ids are not the top document's. The recorded box is relative to that frame.
    const frameUid = t.framePath[0]?.uid;
    const id = frameUid ? UID_RE.exec(frameUid)?.[1] : undefined;
    const frame = id ? await page.evaluate((n) => window.__rect(n), Number(id)) : null;
    return { box: null, frameOffset: frame };
  }
  const id = UID_RE.exec(t.uid)?.[1];
  if (!id) return { box: null, frameOffset: null };
  return { box: await page.evaluate((n) => window.__rect(n), Number(id)), frameOffset: null };
}

/**
 * The recorded pointer at the same place relative to the target as rendered: where the render's
 * layout differs from the recording's, the click still lands where the user's did on the element.
 */
function movedPointer(step: Step, recorded: Box | null, shown: Box | null): { x: number; y: number } | null {
  const a = step.action;
  if ((a.type !== 'click' && a.type !== 'dblclick') || a.x === null || a.y === null) return null;
  if (!recorded || !shown || recorded.width <= 0 || recorded.height <= 0) return { x: a.x, y: a.y };
  const fx = Math.min(1, Math.max(0, (a.x - recorded.x) / recorded.width));
  const fy = Math.min(1, Math.max(0, (a.y - recorded.y) / recorded.height));
  return { x: shown.x + fx * shown.width, y: shown.y + fy * shown.height };
}

/** Whether the previous step of the trajectory acted on the same element (so it has the focus). */
function focusedBefore(t: Trajectory, step: Step): boolean {
  const i = t.steps.indexOf(step);
  const prev = i > 0 ? t.steps[i - 1] : undefined;
  return !!prev && !!step.target && prev.target?.uid === step.target.uid;
}

/**
 * The target element drawn on its own (everything else hidden), captured at its rendered box: what
 * a crop of the screenshot at the exported box must look like if the box lands on the element.
 */
async function isolatedShot(page: Page, cdp: Cdp, step: Step, box: Box, offset: number): Promise<Buffer> {
  const id = Number(UID_RE.exec(step.target?.uid ?? '')?.[1]);
  // A transparent page background: the shot holds only what the element itself paints.
  await cdp.send('Emulation.setDefaultBackgroundColorOverride', { color: { r: 0, g: 0, b: 0, a: 0 } });
  await page.evaluate((n) => window.__isolate(n), id);
  try {
    return await shoot(cdp, 'png', box);
  } finally {
    await cdp.send('Emulation.setDefaultBackgroundColorOverride', {});
    await page.evaluate((o) => window.__isolate(null).then(() => window.__seek(o)), offset);
  }
}

/** Whether the step's events are a cross-origin frame's own stream. */
function inFrameStream(step: Step): boolean {
  return step.events.some((e) => e.stream.startsWith('frame:'));
}

/** The recorded box in CSS px of the top viewport. */
function recordedBox(step: Step, frameOffset: Box | null): Box | null {
  const b = step.target?.bbox;
  if (!b) return null;
  return frameOffset ? { ...b, x: b.x + frameOffset.x, y: b.y + frameOffset.y } : b;
}

function scaleBox(b: Box | null, s: number): Box | null {
  return b
    ? { x: round1(b.x * s), y: round1(b.y * s), width: round1(b.width * s), height: round1(b.height * s) }
    : null;
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

export function iou(a: Box, b: Box): number {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width);
  const y2 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? Math.round((inter / union) * 1000) / 1000 : 0;
}

declare global {
  interface Window {
    __load(url: string): Promise<{ startTime: number; totalTime: number }>;
    __seek(offset: number): Promise<{ width: number; height: number }>;
    __rect(nodeId: number): Box | null;
    __isolate(nodeId: number | null): Promise<void>;
    __scrollTo(x: number, y: number): Promise<boolean>;
  }
}

export type { Browser };
