/**
 * Service worker: the coordinator. It decides consent, allowlist and state, keeps them in
 * chrome.storage, shows the badge and routes control messages. It holds no recording data.
 */
import { isContentScript, isExtensionPage, listen, send } from '../../shared/messaging';
import { CONSENT_TEXT_VERSION } from '../../shared/session';
import { read, watch, write } from '../../shared/storage';
import { consentItem, originsItem, policyItem, reviewerItem } from '../../shared/storage-items';
import { showBadge } from './badge';
import {
  coordinatorState,
  directiveFor,
  endTask,
  enforceOrigins,
  flushAll,
  forgetRecent,
  recordingFailed,
  setPaused,
  startRecording,
  startTask,
  stopRecording,
  tellOffscreen,
  togglePause,
  uiState,
} from './control';
import { ensureOffscreen } from './offscreen-host';
import { injectIntoOpenTabs, matchPatterns, normalizeOrigin, syncContentScripts } from './origins';
import { deliverOutbox } from './session-events';
import { getRecording, getSettings, refreshPolicy } from './settings';
import { installTabEvents } from './tab-events';

listen(
  'sw',
  {
    'content/hello': async (req, sender) => {
      if (!sender.tab || sender.frameId === undefined) throw new Error('not a frame');
      return directiveFor(sender.tab, sender.frameId, sender.url ?? req.url);
    },
    'content/failed': async (req, sender) => {
      // One frame's failure (a malformed batch, a rejected header) ends only its stream: the frame
      // shows its notice and the session goes on. Storage or buffer full ends the session.
      if (req.scope === 'session') return recordingFailed(req.reason);
      console.warn(`[sw] recording stopped in frame ${sender.frameId} of tab ${sender.tab?.id}:`, req.reason);
    },
    'offscreen/hello': () => coordinatorState(),
    'content/ensureStore': async () => {
      await ensureOffscreen();
      void deliverOutbox();
    },
    'ui/state': (req) => uiState(req.tabId),
    'ui/consent': async (req, sender) => {
      if (req.version !== CONSENT_TEXT_VERSION) throw new Error('consent text has changed; reload the page');
      await write(consentItem, { version: req.version, acceptedAt: Date.now() });
      return uiState(sender.tab?.id ?? null);
    },
    'ui/withdrawConsent': async () => {
      await stopRecording();
      await write(consentItem, null);
      return uiState(null);
    },
    'ui/enableOrigin': async (req) => {
      const pattern = normalizeOrigin(req.origin);
      const { policy } = await getSettings();
      if (policy.restrictToAllowedOrigins)
        throw new Error('your admin allows recording only on the sites they chose');
      const own = await read(originsItem);
      const rule = { pattern, source: 'user' as const };
      await write(originsItem, own.some((o) => o.pattern === pattern) ? own : [...own, rule]);
      await syncContentScripts((await getSettings()).origins);
      await injectIntoOpenTabs(rule);
      return uiState(null);
    },
    'ui/disableOrigin': async (req) => {
      const pattern = normalizeOrigin(req.origin);
      const { origins } = await getSettings();
      if (origins.some((o) => o.pattern === pattern && o.source === 'policy')) {
        throw new Error('this site is enabled by your admin');
      }
      await write(
        originsItem,
        (await read(originsItem)).filter((o) => o.pattern !== pattern),
      );
      // Before answering: when the popup or options page shows the site off, no frame records it.
      await enforceOrigins();
      await syncContentScripts((await getSettings()).origins);
      await chrome.permissions
        .remove({ origins: matchPatterns({ pattern, source: 'user' }) })
        .catch(() => false);
      return uiState(null);
    },
    'ui/start': async (req) => {
      await startRecording(req.tabId, req.intent);
      return uiState(req.tabId);
    },
    'ui/stop': async () => {
      await stopRecording();
      return uiState(null);
    },
    'ui/pause': async () => {
      await setPaused(true);
      return uiState(null);
    },
    'ui/resume': async () => {
      await setPaused(false);
      return uiState(null);
    },
    'ui/startTask': async (req) => {
      await startTask(req.intent);
      return uiState(null);
    },
    'ui/endTask': async (req) => {
      await endTask(req.outcome);
      return uiState(null);
    },
    'ui/forget': async (req) => {
      const { removed } = await forgetRecent(req.minutes);
      return { ...(await uiState(null)), removed };
    },
    // Asked, not started: no offscreen document means nothing is being captured.
    'ui/health': () => send('offscreen', 'offscreen/stats', {}).catch(() => null),
    'ui/flush': () => flushAll(),
    'ui/reviewer': async (req) => {
      if (req.set !== undefined) {
        if ((await getSettings()).managed.includes('reviewer'))
          throw new Error('the reviewer is set by your admin');
        const name = req.set?.trim().slice(0, 100) || null;
        await write(reviewerItem, name);
      }
      const s = await getSettings();
      return { reviewer: s.reviewer, managed: s.managed.includes('reviewer') };
    },
  },
  (sender, type) => (type.startsWith('content/') ? isContentScript(sender) : isExtensionPage(sender)),
);

chrome.commands.onCommand.addListener((command) => {
  if (command === 'toggle-pause') void togglePause();
  if (command === 'toggle-task') {
    void getRecording().then((rec) => (rec.task ? endTask('done') : startTask('Untitled task')));
  }
});

installTabEvents();

// A policy change (admin pushes new allowed sites) takes effect at once, in open tabs too.
watch(policyItem, () => {
  void (async () => {
    await refreshPolicy(); // directives sent now must not come from the cached, older policy
    await enforceOrigins();
    await syncContentScripts((await getSettings()).origins);
  })().catch((e: unknown) => console.error('[sw] policy change not applied', e));
});

chrome.runtime.onInstalled.addListener((details) => {
  void (async () => {
    await syncContentScripts((await getSettings()).origins);
    if (details.reason === 'install')
      await chrome.tabs.create({ url: chrome.runtime.getURL('consent.html') });
  })();
});

// The offscreen document admits stream messages against the enabled sites: it hears every change.
watch(policyItem, () => void tellOffscreen());
watch(originsItem, () => void tellOffscreen());

// A restarted service worker restores the badge from stored state and delivers pending events,
// and tells the offscreen document (if there is one) the state it may have missed.
void tellOffscreen();
void getRecording().then((rec) => showBadge(rec.state, rec.error));
void deliverOutbox().catch(() => {});
