/**
 * One recording run in one frame: rrweb plus our listeners, feeding a batcher and a stream link.
 * A single AbortController tears everything down (pause, stop, consent withdrawn, extension gone).
 */
import { record } from '@rrweb/record';
import type { eventWithTime } from '@rrweb/types';
import {
  type CustomPayloads,
  type CustomTag,
  customEvent,
  EventType,
  NodeType,
  Source,
} from '../../shared/events';
import { originEnabled } from '../../shared/origins';
import type { FrameDirective, StreamHeader } from '../../shared/protocol';
import { checkSelectors, joinSelectors } from '../../shared/selectors';
import { BatchLanes } from './batch-lanes';
import { installCustomElementsStub } from './custom-elements-stub';
import { eachFrameDocument } from './frame-documents';
import { Freshness } from './freshness';
import { installListeners } from './listeners';
import { isSecretField, maskInput, maskText, rememberPasswordFields } from './masking';
import { DEFAULT_BUDGET, guardMutations, waitForCalm } from './mutation-budget';
import { prepareSerialized } from './serialized-pass';
import { StreamLink } from './stream-link';
import { StyleSheetSync } from './stylesheet-sync';

export class Recorder {
  private readonly abort = new AbortController();
  private readonly link: StreamLink;
  /** Field values in batches of their own (a typing group holds only them): batch-lanes.ts. */
  private readonly batcher: BatchLanes;
  /** Checked, canonical selector lists ('' for none): what rrweb and `closest()` are given. */
  private readonly maskSelector: string;
  private readonly blockSelector: string;
  private stopRrweb: (() => void) | undefined;
  private stopGuard: (() => void) | undefined;
  private readonly styles = new StyleSheetSync(
    document,
    (n) => record.mirror.getId(n),
    (e) => this.batcher.push(e),
  );

  constructor(
    directive: FrameDirective,
    private readonly onFatal: (e: Error) => void,
    /** Text typed while paused in this page (content/pause-watch.ts): sent with the stream's open. */
    terms: () => string[] = () => [],
  ) {
    const header: StreamHeader = {
      sessionId: directive.sessionId ?? '',
      streamId: crypto.randomUUID(),
      tabId: directive.tabId,
      frameId: directive.frameId,
      url: location.href,
      title: document.title,
      startedAt: Date.now(),
    };
    this.maskSelector = usableSelectors('mask', directive.maskSelectors);
    this.blockSelector = usableSelectors('block', directive.blockSelectors);
    const madeUnder = { sessionId: header.sessionId, epoch: directive.epoch };
    this.link = new StreamLink(header, madeUnder, (e) => this.fail(e), terms);
    this.batcher = new BatchLanes((json, count) => {
      try {
        this.link.sendBatch(json, count);
      } catch (e) {
        this.fail(e instanceof Error ? e : new Error(String(e)));
      }
    });
    this.start(directive);
  }

  get running(): boolean {
    return !this.abort.signal.aborted;
  }

  private start(d: FrameDirective): void {
    const signal = this.abort.signal;
    this.link.start();
    // Same-origin child frames too: rrweb records them through this document.
    eachFrameDocument(document, signal, (d) => rememberPasswordFields(d, signal));
    const maskSelector = this.maskSelector;
    this.startRrweb(d);
    const freshness = new Freshness(
      document,
      this.styles,
      {
        emitValue: (el) => {
          const id = record.mirror.getId(el);
          if (id < 0) return;
          // No `instanceof`: fields of same-origin child frames are of another realm.
          const isChecked = el.localName === 'input' && (el as HTMLInputElement).checked;
          const text = maskInput(maskSelector)(el.value, el);
          this.batcher.push({
            type: EventType.IncrementalSnapshot,
            timestamp: Date.now(),
            data: { source: Source.Input, id, text, isChecked, userTriggered: false },
          });
        },
      },
      signal,
    );
    freshness.start(); // page-set values and runtime CSS, before the user's next action
    installListeners(
      document,
      {
        emit: <T extends CustomTag>(tag: T, payload: CustomPayloads[T]) => this.emitCustom(tag, payload),
        idOf: (n) => record.mirror.getId(n),
        isSecret: (el) => isSecretField(el, maskSelector),
        beforeAction: () => freshness.beforeAction(),
        userInput: (el) => freshness.userInput(el),
      },
      signal,
    );
    addEventListener('pagehide', () => this.batcher.flush(), { signal });
  }

  private startRrweb(d: FrameDirective): void {
    const maskSelector = this.maskSelector;
    const rules = {
      isSecretNode: (id: number) => {
        const node = record.mirror.getNode(id);
        return node instanceof Element && isSecretField(node, maskSelector);
      },
      // Same-origin frames are serialized by rrweb here; others need their own enabled recorder.
      isRecordedUrl: (url: string) => {
        const abs = new URL(url, location.href);
        return abs.origin === location.origin || originEnabled(abs.href, d.origins);
      },
    };
    // Created before rrweb's observer, so it sees each burst first (see mutation-budget.ts).
    this.stopGuard = guardMutations(document, DEFAULT_BUDGET, () => void this.degrade(d));
    installCustomElementsStub(globalThis); // else rrweb throws and catches once per element
    this.stopRrweb = record({
      emit: (e: eventWithTime) => {
        prepareSerialized(e, rules);
        this.batcher.push(e);
        this.noteSerializedStyles(e);
      },
      // Every value reaches maskInputFn; it masks secrets and leaves the rest to the worker.
      maskInputOptions: { input: true, textarea: true, select: true } as Record<string, boolean>,
      maskInputFn: maskInput(maskSelector),
      maskTextFn: maskText,
      blockSelector: this.blockSelector,
      maskTextSelector: maskSelector,
      userTriggeredOnInput: true,
      recordCanvas: false,
      collectFonts: false,
      recordCrossOriginIframes: false,
      slimDOMOptions: { script: true, comment: true, headFavicon: true, headWhitespace: true },
      sampling: { input: 'all' },
    });
    // record() catches its own errors and returns nothing: recording would look on while rrweb is
    // dead. Fail visibly instead (after the constructor has returned, so the owner sees it).
    if (!this.stopRrweb) {
      queueMicrotask(() => this.fail(new Error('the page recorder (rrweb) could not start in this frame')));
      return;
    }
    this.styles.baseline(); // record() took its full snapshot synchronously, with these rules
  }

  /** rrweb serialized these `<style>` elements just now: the rules they have are recorded. */
  private noteSerializedStyles(e: eventWithTime): void {
    if (e.type !== EventType.IncrementalSnapshot || e.data.source !== Source.Mutation) return;
    for (const a of e.data.adds) {
      if (a.node.type !== NodeType.Element || a.node.tagName !== 'style') continue;
      const el = record.mirror.getNode(a.node.id);
      if (el) this.styles.serialized(el);
    }
  }

  /** Mutation storm: stop rrweb (its serialization is the cost), mark the gap, resume when calm. */
  private async degrade(d: FrameDirective): Promise<void> {
    this.stopRrweb?.(); // synchronously, before rrweb's observer sees this burst
    this.stopRrweb = undefined;
    const detail = `more than ${DEFAULT_BUDGET.capacity} DOM changes in a burst; recording resumes when the page is calm`;
    this.emitCustom('rec/degraded', { reason: 'mutation-budget', detail, phase: 'degraded' });
    await waitForCalm(document, DEFAULT_BUDGET, this.abort.signal);
    if (!this.running) return;
    this.emitCustom('rec/degraded', {
      reason: 'mutation-budget',
      detail: 'page calm again',
      phase: 'recovered',
    });
    this.startRrweb(d); // a new full snapshot: the replay continues from the page as it is now
  }

  /** Our events go straight to the batcher: they must not depend on rrweb running. */
  emitCustom<T extends CustomTag>(tag: T, payload: CustomPayloads[T], timestamp = Date.now()): void {
    if (this.running) this.batcher.push(customEvent(tag, payload, timestamp));
  }

  /** Everything captured so far, durably stored. */
  async flush(): Promise<number> {
    this.batcher.flush();
    await this.link.drained();
    return this.link.pending;
  }

  /** Stops capturing; what was captured is still delivered before the link closes. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.abort.abort();
    this.stopGuard?.();
    this.stopRrweb?.();
    this.batcher.flush();
    try {
      await this.link.drained();
    } finally {
      this.link.close();
    }
  }

  private fail(e: Error): void {
    if (!this.running) return;
    console.warn('[recorder] recording stopped in this frame:', e.message);
    this.abort.abort();
    this.stopGuard?.();
    this.stopRrweb?.();
    this.link.close();
    this.onFatal(e);
  }
}

/** Drops (with a warning) the selectors this browser cannot parse; see shared/selectors.ts. */
function usableSelectors(kind: 'mask' | 'block', selectors: readonly string[]): string {
  const { valid, invalid } = checkSelectors(selectors);
  for (const p of invalid)
    console.warn(`[recorder] invalid ${kind} selector ignored: ${JSON.stringify(p.selector)} (${p.reason})`);
  return joinSelectors(valid);
}
