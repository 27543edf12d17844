/** Context switches and navigations of the recorded window, as session events. */
import { type CustomEvent, customEvent } from '../../shared/events';
import { read, write } from '../../shared/storage';
import { lastWorkTabItem } from '../../shared/storage-items';
import { directTab } from './control';
import { originEnabled } from './origins';
import { emitSessionEvents } from './session-events';
import { getRecording, getSettings } from './settings';

async function record(windowId: number | null, make: () => CustomEvent | null): Promise<void> {
  const rec = await getRecording();
  if (rec.state !== 'recording' || rec.sessionId === null) return;
  if (windowId !== null && windowId !== rec.windowId) return;
  const event = make();
  if (event) await emitSessionEvents(rec.sessionId, [event]);
}

/** The extension's own pages (popup or review opened as a tab) are not part of the work. */
function isOwnPage(url: string | undefined): boolean {
  return url?.startsWith(chrome.runtime.getURL('')) ?? false;
}

export function installTabEvents(): void {
  chrome.tabs.onActivated.addListener(({ tabId, windowId }) => {
    void (async () => {
      const tab = await chrome.tabs.get(tabId).catch(() => null);
      if (isOwnPage(tab?.url)) return;
      // Back to the tab that was active before one of our own pages: no switch of work happened.
      if ((await read(lastWorkTabItem)) === tabId) return;
      await write(lastWorkTabItem, tabId);
      await record(windowId, () => customEvent('rec/tab', { op: 'activated', tabId, windowId }));
    })();
  });
  chrome.tabs.onCreated.addListener((tab) => {
    if (tab.id === undefined || isOwnPage(tab.pendingUrl ?? tab.url)) return;
    const tabId = tab.id;
    void record(tab.windowId, () => customEvent('rec/tab', { op: 'created', tabId, windowId: tab.windowId }));
  });
  chrome.tabs.onRemoved.addListener((tabId, info) => {
    void record(info.windowId, () =>
      customEvent('rec/tab', { op: 'closed', tabId, windowId: info.windowId }),
    );
  });
  // A tab dragged out of the recorded window leaves the session (and one dragged in joins it): its
  // frames get their directive again at once, not at their next page load.
  chrome.tabs.onAttached.addListener((tabId) => void directTab(tabId));
  chrome.tabs.onDetached.addListener((tabId) => void directTab(tabId));
  chrome.windows.onFocusChanged.addListener((windowId) => {
    void record(null, () => customEvent('rec/tab', { op: 'window-focus', windowId }));
  });
  chrome.webNavigation.onCommitted.addListener((d) => {
    void (async () => {
      const tab = await chrome.tabs.get(d.tabId).catch(() => null);
      if (!tab) return;
      const { origins } = await getSettings();
      // Only navigations on enabled sites are recorded; elsewhere not even the URL.
      if (!originEnabled(d.url, origins)) return;
      await record(tab.windowId, () =>
        customEvent('rec/navigation', {
          tabId: d.tabId,
          frameId: d.frameId,
          url: d.url,
          transition: d.transitionType,
          qualifiers: d.transitionQualifiers,
        }),
      );
    })();
  });
  chrome.webNavigation.onHistoryStateUpdated.addListener((d) => {
    void (async () => {
      const tab = await chrome.tabs.get(d.tabId).catch(() => null);
      const { origins } = await getSettings();
      if (!tab || !originEnabled(d.url, origins)) return;
      await record(tab.windowId, () =>
        customEvent('rec/navigation', {
          tabId: d.tabId,
          frameId: d.frameId,
          url: d.url,
          transition: 'history_state',
          qualifiers: d.transitionQualifiers,
        }),
      );
    })();
  });
}
