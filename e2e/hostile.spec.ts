/**
 * A hostile page against the real pipeline (issue 10): each block below is one trick a page (or a
 * tampered bundle) tries. Planted values must appear in no IndexedDB store and no export; positive
 * controls must. Pages live in e2e/demo/public/hostile/. Tricks a page cannot send (smuggled keys
 * in events) are unit tests on the walker and the import.
 */
import { expect, test } from './fixtures';
import { dumpDatabase } from './idb';

/** Every 6-character window of a value (the fixtures' leak rule), or the whole value if shorter. */
export function windows(value: string): string[] {
  if (value.length <= 6) return [value];
  return Array.from({ length: value.length - 5 }, (_, i) => value.slice(i, i + 6));
}

/** The planted values (by name) of which some 6-character window occurs in `text`. */
export function leaksIn(text: string, planted: Record<string, string>): string[] {
  const leaks: string[] = [];
  for (const [name, value] of Object.entries(planted))
    for (const w of windows(value)) if (text.includes(w)) leaks.push(`${name}: "${w}"`);
  return leaks;
}

// Used by the blocks appended below.
void expect;
void dumpDatabase;
void test;

test.describe('content script: masked text shape, forged events, AltGr keys, invalid selectors', () => {
  type Rec = { type: number; timestamp: number; data: unknown };
  type SNode = {
    id: number;
    type: number;
    attributes?: Record<string, unknown>;
    childNodes?: SNode[];
    textContent?: string;
  };
  type Custom = { tag: string; payload: Record<string, unknown> };

  const customs = (events: Rec[], tag: string) =>
    events
      .filter((e) => e.type === 5 && (e.data as Custom).tag === tag)
      .map((e) => (e.data as Custom).payload);

  /** Element id attribute -> rrweb node id, and node id -> node, from every full snapshot. */
  function nodesOf(events: Rec[]): { byHtmlId: Map<string, number>; byId: Map<number, SNode> } {
    const byHtmlId = new Map<string, number>();
    const byId = new Map<number, SNode>();
    const walk = (n: SNode) => {
      byId.set(n.id, n);
      const htmlId = n.attributes?.id;
      if (typeof htmlId === 'string') byHtmlId.set(htmlId, n.id);
      for (const c of n.childNodes ?? []) walk(c);
    };
    for (const e of events) if (e.type === 2) walk((e.data as { node: SNode }).node);
    return { byHtmlId, byId };
  }

  async function eventsOfSession(page: import('@playwright/test').Page, sessionId: string) {
    const dump = await dumpDatabase(page);
    const events = dump.chunks
      .filter((c) => c.sessionId === sessionId)
      .flatMap((c) => c.events as unknown as Rec[])
      .sort((a, b) => a.timestamp - b.timestamp);
    return { dump, events };
  }

  test('masked text keeps no value, length or word shape; forged submit/click make no step; Option and Ctrl+Alt characters are not shortcuts', async ({
    context,
    demoUrl,
    recorder,
  }) => {
    const planted = {
      maskedNote: 'Zebulon Quixwarth owes 73219 on Vortigern Lane',
      maskedLive: 'Quillon Brackenbury-Fitz 5521',
    };
    await recorder.enable(demoUrl);
    const page = await context.newPage();
    await page.goto(`${demoUrl}/hostile/content.html`);
    const sessionId = await recorder.start(page);

    await page.getByRole('button', { name: 'Load the account holder' }).click(); // masked text mutates
    await expect(page.locator('#masked-live')).toHaveText(planted.maskedLive);

    // Positive controls: a real submit and a real click.
    await page.getByLabel('Real field').click();
    await page.getByLabel('Real field').pressSequentially('hello');
    await page.getByRole('button', { name: 'Send for real' }).click();
    await page.getByRole('button', { name: 'Real button' }).click();
    await expect(page.getByRole('status', { name: 'Submits seen by the page' })).toHaveText('1');

    // The page forges a submit, a click, a keydown and a focus from its own script.
    await page.evaluate(() => (window as unknown as { forge: () => void }).forge());
    await expect(page.getByRole('status', { name: 'Submits seen by the page' })).toHaveText('3');

    // Keys as Mac Option (Alt) and Windows AltGr (Ctrl+Alt) send them; Chromium's CDP cannot set
    // the AltGraph modifier state itself (covered by unit tests of classifyKey).
    const cdp = await context.newCDPSession(page);
    const press = async (key: string, code: string, modifiers: number, text?: string) => {
      const common = { key, code, modifiers, ...(text ? { text, unmodifiedText: text } : {}) };
      await cdp.send('Input.dispatchKeyEvent', { type: text ? 'keyDown' : 'rawKeyDown', ...common });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, modifiers });
    };
    const ALT = 1;
    const CTRL = 2;
    const typeHostileKeys = async () => {
      await press('é', 'KeyE', ALT, 'é'); // Mac Option+E
      await press('Dead', 'KeyU', ALT); // Mac Option+U (¨ dead key)
      await press('@', 'KeyQ', ALT | CTRL, '@'); // AltGr+Q on a German Windows layout
      await press('€', 'KeyE', ALT | CTRL, '€'); // AltGr+E
      await press('f', 'KeyF', ALT); // Alt+F on Windows/Linux: a real shortcut (positive control)
      await press('ArrowLeft', 'ArrowLeft', 0);
    };
    await page.getByLabel('Typed with AltGr and Option', { exact: true }).click();
    await typeHostileKeys();
    await page.getByLabel('Password typed with AltGr and Option', { exact: true }).click();
    await typeHostileKeys();
    await press('x', 'KeyX', 0, 'x');
    await cdp.detach();

    await recorder.flush();
    await recorder.stop();

    const { dump, events } = await eventsOfSession(await recorder.extensionPage(), sessionId);
    const { byHtmlId, byId } = nodesOf(events);
    const idOf = (htmlId: string) => {
      const id = byHtmlId.get(htmlId);
      if (id === undefined) throw new Error(`#${htmlId} is not in the full snapshot`);
      return id;
    };

    // Masked text: the one fixed mask, in the snapshot and in the later text mutation.
    expect(dump.text).toContain('kettle lantern orchard'); // unmasked text is recorded
    expect(leaksIn(dump.text, planted)).toEqual([]);
    for (const value of Object.values(planted)) {
      const shape = value.replace(/\S/g, '*'); // rrweb's default mask: same length and word breaks
      expect(dump.text).not.toContain(shape);
    }
    expect(byId.get(idOf('masked-note'))?.childNodes?.map((c) => c.textContent)).toEqual(['********']);
    const liveTextId = byId.get(idOf('masked-live'))?.childNodes?.[0]?.id;
    const textMutations = events
      .filter((e) => e.type === 3 && (e.data as { source: number }).source === 0)
      .flatMap((e) => (e.data as { texts: { id: number; value: string | null }[] }).texts)
      .filter((t) => t.id === liveTextId);
    expect(textMutations.map((t) => t.value)).toEqual(['********']);

    // Forged events: no layout, key or focus for the forged targets; the real ones have theirs.
    const forged = new Set(['forged-form', 'forged-target', 'forged-field', 'forged-submit'].map(idOf));
    const layouts = customs(events, 'rec/layout');
    expect(layouts.filter((l) => forged.has(l.targetId as number))).toEqual([]);
    expect(customs(events, 'rec/keystroke').filter((k) => forged.has(k.targetId as number))).toEqual([]);
    expect(customs(events, 'rec/focus').filter((f) => forged.has(f.targetId as number))).toEqual([]);
    expect(layouts.filter((l) => l.action === 'submit').map((l) => l.targetId)).toEqual([idOf('real-form')]);
    expect(layouts.some((l) => l.action === 'click' && l.targetId === idOf('real-target'))).toBe(true);

    // …and the trajectory has no step on a forged target, but the real submit and click.
    const { segmentSession } = await import('../worker/trajectory/index');
    const { storedSessionOf } = await import('./idb');
    const steps = segmentSession({
      sessionId,
      stored: storedSessionOf(dump, sessionId),
    }).trajectories.flatMap((t) => t.steps);
    const stepTargets = steps.map((s) => [s.action.type, s.target?.attributes.id ?? null]);
    expect(stepTargets.filter(([, id]) => typeof id === 'string' && id.startsWith('forged'))).toEqual([]);
    expect(
      steps.some(
        (s) =>
          (s.action.type === 'submit' && s.target?.attributes.id === 'real-form') ||
          (s.action.type === 'click' && s.target?.attributes.id === 'real-submit'),
      ),
    ).toBe(true);
    // The forged submit must not become an effect of the action before it either.
    const realClick = steps.find(
      (s) => s.action.type === 'click' && s.target?.attributes.id === 'real-target',
    );
    expect(realClick?.action).toMatchObject({ type: 'click' });
    expect(realClick?.action).not.toHaveProperty('effects.submit');

    // Option/AltGr characters are printable keys (no key); Alt+F stays the shortcut f.
    const keysOn = (htmlId: string) =>
      customs(events, 'rec/keystroke').filter((k) => k.targetId === idOf(htmlId)) as {
        kind: string;
        key?: string;
      }[];
    const field = keysOn('altgr-field');
    expect(field.map((k) => [k.kind, k.key ?? null])).toEqual([
      ['printable', null],
      ['printable', null],
      ['printable', null],
      ['printable', null],
      ['shortcut', 'f'],
      ['named', 'ArrowLeft'],
    ]);
    // In the password field only the navigation key is kept.
    expect(keysOn('altgr-secret').map((k) => [k.kind, k.key ?? null])).toEqual([['named', 'ArrowLeft']]);
  });

  test('an invalid mask/block selector is ignored with a warning in settings and popup, and recording still works', async ({
    context,
    demoUrl,
    extensionId,
    recorder,
  }) => {
    await recorder.enable(demoUrl);
    // In the settings: invalid selectors before a valid custom one, in each list. `p /* …` parses
    // alone, but joined with the ones after it would swallow them.
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options
      .getByRole('textbox', { name: /^Mask selectors/ })
      .fill(['.rr-mask', '[data-private]', 'div[', 'p /* an open comment', '.hostile-extra-mask'].join('\n'));
    await options
      .getByRole('textbox', { name: /^Block selectors/ })
      .fill(['[data-private]', 'p:nth-child(', '.rr-block'].join('\n'));
    await options.getByRole('button', { name: 'Save masking' }).click();
    const warning = options.getByTestId('selector-warning');
    await expect(warning).toBeVisible();
    await expect(warning).toContainText('3 masking selectors are invalid and ignored');
    await expect(warning).toContainText('Mask selector "div["');
    await expect(warning).toContainText('Block selector "p:nth-child("');
    await expect(warning).toContainText('Mask selector "p /* an open comment"');
    await expect(options.getByRole('list', { name: 'Mask selectors in effect' })).toContainText(
      '.hostile-extra-mask',
    );
    await options.screenshot({ path: '/tmp/content-options-warning.png', fullPage: true });
    await options.close();

    const page = await context.newPage();
    await page.goto(`${demoUrl}/hostile/content.html`);
    const sessionId = await recorder.start(page);

    const popup = await context.newPage();
    await popup.setViewportSize({ width: 380, height: 640 });
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect(popup.getByRole('status', { name: 'Recording status' })).toHaveText('Recording');
    await expect(popup.getByTestId('selector-warning')).toContainText('Mask selector "div["');
    await popup.screenshot({ path: '/tmp/content-popup-warning.png', fullPage: true });
    await popup.close();
    expect(await recorder.badge()).toBe('REC');

    await page.bringToFront();
    await page.getByLabel('Real field').click();
    await page.getByLabel('Real field').pressSequentially('orchard');
    await recorder.flush();
    await recorder.stop();

    const { dump, events } = await eventsOfSession(await recorder.extensionPage(), sessionId);
    expect(events.filter((e) => e.type === 2).length).toBeGreaterThan(0); // rrweb ran
    expect(dump.text).toContain('kettle lantern orchard');
    expect(customs(events, 'rec/keystroke').length).toBeGreaterThanOrEqual('orchard'.length);
    // The valid selectors after the invalid ones still mask.
    expect(leaksIn(dump.text, { extra: 'Hieronymus Oakenshaw-Pilkvist' })).toEqual([]);
    expect(leaksIn(dump.text, { maskedNote: 'Zebulon Quixwarth owes 73219 on Vortigern Lane' })).toEqual([]);
  });
});
