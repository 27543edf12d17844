/**
 * The allowlist of origins the user enabled, as match patterns, and the content script
 * registration that follows it: no script runs on an origin the user did not enable.
 */

import { matchPatterns } from '../../shared/origins';
import type { OriginRule } from '../../shared/session';

export { matchPatterns, normalizeOrigin, originEnabled } from '../../shared/origins';

export const CONTENT_SCRIPT_ID = 'recorder';
/** The data-free main-world hook (content/main-world-signal.ts): same sites, same frames. */
export const MAIN_WORLD_SCRIPT_ID = 'recorder-main-world';

export async function syncContentScripts(rules: OriginRule[]): Promise<void> {
  const matches = rules.flatMap(matchPatterns);
  const ids = [CONTENT_SCRIPT_ID, MAIN_WORLD_SCRIPT_ID];
  const existing = new Set((await chrome.scripting.getRegisteredContentScripts({ ids })).map((s) => s.id));
  if (matches.length === 0) {
    if (existing.size > 0) await chrome.scripting.unregisterContentScripts({ ids: [...existing] });
    return;
  }
  const common = { matches, allFrames: true, runAt: 'document_start', persistAcrossSessions: true } as const;
  const scripts: chrome.scripting.RegisteredContentScript[] = [
    { id: CONTENT_SCRIPT_ID, js: ['content.js'], ...common },
    // Registered after the content script: the recording never depends on it (freshness.ts).
    { id: MAIN_WORLD_SCRIPT_ID, js: ['main-world.js'], world: 'MAIN', ...common },
  ];
  const update = scripts.filter((s) => existing.has(s.id));
  const add = scripts.filter((s) => !existing.has(s.id));
  if (update.length > 0) await chrome.scripting.updateContentScripts(update);
  if (add.length > 0) await chrome.scripting.registerContentScripts(add);
}

/** Tabs already open on a newly enabled origin get the script without a reload. */
export async function injectIntoOpenTabs(rule: OriginRule): Promise<void> {
  const tabs = await chrome.tabs.query({ url: matchPatterns(rule) });
  await Promise.all(
    tabs.map((tab) =>
      tab.id === undefined
        ? undefined
        : Promise.all([
            chrome.scripting.executeScript({
              target: { tabId: tab.id, allFrames: true },
              files: ['content.js'],
            }),
            chrome.scripting.executeScript({
              target: { tabId: tab.id, allFrames: true },
              files: ['main-world.js'],
              world: 'MAIN',
            }),
          ]).catch((e: unknown) => console.warn('[sw] inject failed', tab.url, e)),
    ),
  );
}
