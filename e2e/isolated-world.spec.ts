/**
 * Capture at main-world speed (issue 13): in the content script's isolated world rrweb must not
 * throw (and catch) an exception per serialized element, as it did when `customElements` was null
 * there (extension/content/custom-elements-stub.ts). Counted, not timed: the page's debugger
 * pauses on every exception thrown in our content script, caught or not, while rrweb serializes a
 * full snapshot and 1,000 appended subtrees.
 */
import type { eventWithTime, serializedNodeWithId } from '@rrweb/types';
import { expect, test } from './fixtures';
import { dumpDatabase, eventsOf } from './idb';

interface Paused {
  reason: string;
  data?: { className?: string; description?: string };
  callFrames: { location: { scriptId: string } }[];
}

/** Element nodes rrweb serialized in a full snapshot or a mutation's added nodes. */
function elementsIn(events: eventWithTime[]): number {
  const count = (n: serializedNodeWithId): number =>
    (n.type === 2 ? 1 : 0) +
    (n.type === 0 || n.type === 2 ? n.childNodes.reduce((s, c) => s + count(c), 0) : 0);
  let n = 0;
  for (const e of events) {
    if (e.type === 2) n += count(e.data.node);
    else if (e.type === 3 && e.data.source === 0) for (const a of e.data.adds) n += count(a.node);
  }
  return n;
}

test('rrweb in the content script throws no exception per serialized element', async ({
  context,
  demoUrl,
  extensionId,
  recorder,
}) => {
  test.setTimeout(180_000); // on the old code every element pauses the debugger once
  await recorder.enable(demoUrl);
  const page = await context.newPage();
  await page.goto(`${demoUrl}/append`);

  const cdp = await context.newCDPSession(page);
  const contentScripts = new Set<string>();
  cdp.on('Debugger.scriptParsed', (e: { scriptId: string; url: string }) => {
    if (e.url.startsWith(`chrome-extension://${extensionId}/`)) contentScripts.add(e.scriptId);
  });
  const thrown: string[] = [];
  cdp.on('Debugger.paused', (e: Paused) => {
    const top = e.callFrames[0]?.location.scriptId ?? '';
    if (e.reason === 'exception' && contentScripts.has(top)) {
      thrown.push(`${e.data?.className}: ${e.data?.description?.split('\n')[0]}`);
    }
    void cdp.send('Debugger.resume').catch(() => {});
  });
  await cdp.send('Debugger.enable');
  expect(contentScripts.size).toBeGreaterThan(0); // the recorder's script is loaded and watched
  await cdp.send('Debugger.setPauseOnExceptions', { state: 'all' });

  const sessionId = await recorder.start(page); // rrweb takes its full snapshot here
  await page.getByRole('button', { name: 'Append 1000' }).click();
  await page.waitForFunction(() => typeof (window as { __appendMs?: number }).__appendMs === 'number', null, {
    timeout: 120_000,
  });
  await recorder.flush();
  await cdp.send('Debugger.setPauseOnExceptions', { state: 'none' });
  await recorder.stop();

  test
    .info()
    .annotations.push({ type: 'exceptions thrown in the content script', description: `${thrown.length}` });
  const elements = elementsIn(eventsOf(await dumpDatabase(await recorder.extensionPage()), sessionId));
  expect(elements).toBeGreaterThanOrEqual(7_000); // 1,000 x 7 appended elements were serialized
  // Per element would be >= 7,000; a handful of one-off caught exceptions is not the regression.
  expect(thrown.length, `caught in the content script: ${[...new Set(thrown)].join(' | ')}`).toBeLessThan(
    elements / 100,
  );
});

test('the stub stays in our world: the page keeps its own custom element registry', async ({
  context,
  demoUrl,
  recorder,
}) => {
  await recorder.enable(demoUrl);
  const page = await context.newPage();
  await page.goto(`${demoUrl}/append`);
  await recorder.start(page);
  const seen = await page.evaluate(() => {
    class XCard extends HTMLElement {}
    customElements.define('x-card-bench', XCard);
    return {
      registry: customElements instanceof CustomElementRegistry,
      defined: customElements.get('x-card-bench') === XCard,
      own: Object.getOwnPropertyDescriptor(window, 'customElements')?.get !== undefined, // still the accessor
    };
  });
  expect(seen).toEqual({ registry: true, defined: true, own: true });
  await recorder.stop();
});
