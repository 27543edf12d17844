/**
 * Freshness (issue 13): each step's observation is the page the user saw. On /fresh.html (a list
 * app that, like React, clears and refills its form through DOM properties after a "re-render",
 * toggles classes and adds/removes CSS-in-JS rules at run time), the test reads the ground truth
 * from the live page right before every scripted action, then checks each recorded step against
 * the truth of the moment its observation was taken:
 * - field values, checked and selected states, in the step's observation (cleaned HTML);
 * - every test-id element's classes, in the step's raw_html (the whole recorded page then);
 * - the runtime rules of the CSS-in-JS sheet, rebuilt from the recorded events up to the step's
 *   first event (what the replay shows at that moment).
 */
import type { eventWithTime, serializedNodeWithId } from '@rrweb/types';
import type { StoredSession } from '../shared/read-session';
import type { Step } from '../shared/trajectory';
import { rawHtmlOfSteps } from '../worker/ship/raw-html';
import { segmentSession } from '../worker/trajectory/index';
import { expect, test } from './fixtures';
import { dumpDatabase, storedSessionOf } from './idb';

interface Truth {
  at: number;
  label: string;
  fields: { name: string; tag: string; value: string; checked: boolean | null }[];
  classes: Record<string, string>;
  rules: string[];
}

/** Read in the page's own world, right before an action (after the app's pending updates ran). */
function readTruth(label: string): Omit<Truth, 'label'> & { label: string } {
  const fields = [...document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')].map(
    (el) => ({
      name: el.name,
      tag: el.localName,
      value: el.value,
      checked: el instanceof HTMLInputElement && el.type === 'checkbox' ? el.checked : null,
    }),
  );
  const classes: Record<string, string> = {};
  for (const el of document.querySelectorAll('[data-testid]'))
    classes[el.getAttribute('data-testid') ?? ''] = el.className;
  const sheet = (document.getElementById('runtime-css') as HTMLStyleElement).sheet;
  const rules = sheet ? [...sheet.cssRules].map((r) => r.cssText) : [];
  return { at: Date.now(), label, fields, classes, rules };
}

/** The `<tag …>` of the field named `name` in an HTML string, or null. */
function tagOf(html: string, tag: string, name: string): string | null {
  return new RegExp(`<${tag}\\b[^>]*\\bname="${name}"[^>]*>`).exec(html)?.[0] ?? null;
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(tag);
  return m ? (m[1] ?? '').replace(/&quot;/g, '"').replace(/&amp;/g, '&') : null;
}

function fieldProblems(step: Step, truth: Truth): string[] {
  const out: string[] = [];
  const html = step.observation.html;
  for (const f of truth.fields) {
    const t = tagOf(html, f.tag, f.name);
    if (t === null) {
      out.push(`${f.name}: not in the observation`);
      continue;
    }
    if (f.checked !== null) {
      const shown = /\schecked(\s|>|$)/.test(t);
      if (shown !== f.checked) out.push(`${f.name}: checked ${shown}, live ${f.checked}`);
    } else {
      const shown = attr(t, 'value') ?? '';
      if (shown !== f.value)
        out.push(`${f.name}: value ${JSON.stringify(shown)}, live ${JSON.stringify(f.value)}`);
    }
  }
  return out;
}

function classProblems(raw: string, truth: Truth): string[] {
  const out: string[] = [];
  const norm = (s: string) => s.split(/\s+/).filter(Boolean).sort().join(' ');
  for (const [testId, live] of Object.entries(truth.classes)) {
    const t = new RegExp(`<[a-z0-9]+\\b[^>]*\\bdata-testid="${testId}"[^>]*>`).exec(raw)?.[0];
    if (!t) {
      out.push(`${testId}: not in raw_html`);
      continue;
    }
    const shown = norm(attr(t, 'class') ?? '');
    if (shown !== norm(live)) out.push(`${testId}: class "${shown}", live "${norm(live)}"`);
  }
  return out;
}

function findNode(
  n: serializedNodeWithId,
  match: (n: serializedNodeWithId) => boolean,
): serializedNodeWithId | null {
  if (match(n)) return n;
  for (const c of 'childNodes' in n ? n.childNodes : []) {
    const found = findNode(c, match);
    if (found) return found;
  }
  return null;
}

/** The runtime sheet's rules as the recording holds them before event `upTo` of the tab. */
function recordedRules(events: eventWithTime[], upTo: number): string[] {
  let styleId: number | null = null;
  let rules: string[] = [];
  for (const e of events.slice(0, upTo)) {
    if (e.type === 2) {
      const style = findNode(e.data.node, (n) => n.type === 2 && n.attributes.id === 'runtime-css');
      styleId = style?.id ?? null;
      const css = style?.type === 2 ? style.attributes._cssText : undefined;
      rules = typeof css === 'string' && css ? [css] : []; // empty at load: every rule came later
    } else if (e.type === 3 && e.data.source === 8 && e.data.id === styleId) {
      for (const a of e.data.adds ?? []) {
        const i = typeof a.index === 'number' ? a.index : rules.length;
        rules.splice(i, 0, a.rule);
      }
      for (const r of e.data.removes ?? []) if (typeof r.index === 'number') rules.splice(r.index, 1);
    }
  }
  return rules;
}

function firstEventOf(step: Step, stream: string): number | null {
  const froms = step.events.filter((r) => r.stream === stream).map((r) => r.from);
  return froms.length > 0 ? Math.min(...froms) : null;
}

test("every step's observation shows the live values, classes and runtime CSS of the moment before it", async ({
  context,
  demoUrl,
  recorder,
}) => {
  await recorder.enable(demoUrl);
  const page = await context.newPage();
  await page.goto(`${demoUrl}/fresh.html`);
  const sessionId = await recorder.start(page, { intent: 'Make the shopping list' });

  const truths: Truth[] = [];
  /** Waits for the app's scheduled updates, reads the truth, then acts. */
  const act = async (label: string, action: () => Promise<void>) => {
    await page.waitForFunction(() => (window as unknown as { __freshPending: number }).__freshPending === 0);
    truths.push(await page.evaluate(readTruth, label));
    await action();
  };
  const item = page.getByTestId('fresh-item');

  await act('use my usual', () => page.getByTestId('fresh-defaults').click());
  await act('click the item field', () => item.click());
  await act('select all', () => item.press('Control+a'));
  await act('type green apples', () => item.pressSequentially('green apples'));
  await act('enter', () => item.press('Enter'));
  // The app empties the field 30 ms after Enter (a re-render); the user types the next item.
  await act('type ripe pears', () => item.pressSequentially('ripe pears'));
  await act('enter', () => item.press('Enter'));
  await act('mark apples done', () => page.getByRole('button', { name: 'Mark green apples done' }).click());
  await act('compact view', () => page.getByTestId('fresh-theme').click());
  await act('urgent', () => page.getByTestId('fresh-urgent').click());
  await act('click the item field', () => item.click());
  await act('type dried plums', () => item.pressSequentially('dried plums'));
  await act('enter', () => item.press('Enter'));
  await act('compact view off', () => page.getByTestId('fresh-theme').click());
  await act('mark pears done', () => page.getByRole('button', { name: 'Mark ripe pears done' }).click());
  await page.waitForFunction(() => (window as unknown as { __freshPending: number }).__freshPending === 0);
  await expect(page.getByTestId('fresh-status')).toHaveText('3 items');

  await recorder.endTask('done');
  await recorder.flush();
  await recorder.stop();

  const stored: StoredSession = storedSessionOf(
    await dumpDatabase(await recorder.extensionPage()),
    sessionId,
  );
  const { trajectories } = segmentSession({ sessionId, stored });
  const steps = trajectories.flatMap((t) => t.steps);
  const raw = rawHtmlOfSteps(stored, trajectories);
  const tab = stored.tabs.find((t) => t.events.length > 0);
  if (!tab) throw new Error('no tab recorded');
  const stream = `tab:${tab.tabId}`;

  const problems: string[] = [];
  let checked = 0;
  for (const step of steps) {
    const from = firstEventOf(step, stream);
    if (from === null) continue;
    // The truth read last before the step began (the test reads it right before each action).
    const truth = [...truths].reverse().find((t) => t.at <= step.startedAt);
    if (!truth) continue;
    checked++;
    const where = `${step.action.type} (${truth.label})`;
    for (const p of fieldProblems(step, truth)) problems.push(`${where}: ${p}`);
    for (const p of classProblems(raw.get(step) ?? '', truth)) problems.push(`${where}: ${p}`);
    const rules = recordedRules(tab.events, from);
    if (JSON.stringify(rules) !== JSON.stringify(truth.rules))
      problems.push(`${where}: runtime CSS ${JSON.stringify(rules)}, live ${JSON.stringify(truth.rules)}`);
  }
  // The steps of this task: click, type (with its click), keypress/submit, ... ; at least one per act.
  expect(checked).toBeGreaterThanOrEqual(10);
  // The case of the issue: the step typing the second item sees the field the app had emptied.
  const pears = steps.find(
    (s) => s.action.type === 'type' && (s.action as { value: string }).value === 'ripe pears',
  );
  expect(pears && tagOf(pears.observation.html, 'input', 'item')).not.toMatch(/value="/);
  expect(problems).toEqual([]);
});
