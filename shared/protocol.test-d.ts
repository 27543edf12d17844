/**
 * Type tests of the protocol's inference (run by `vitest` typecheck and by `tsc`): a message's
 * request and response types follow from its receiver and type, a wrong payload or an unknown type
 * does not compile, handler objects must cover every message, and the stream unions narrow on
 * `type`. An unused `@ts-expect-error` is itself an error, so each negative case can fail.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { CoordinatorState } from './admission';
import { listen, type Sender, send, sendToFrame } from './messaging';
import type {
  CaptureStats,
  FrameDirective,
  Handlers,
  MessageType,
  RequestOf,
  ResponseOf,
  StreamDown,
  StreamUp,
  UiState,
} from './protocol';

describe('send', () => {
  it("resolves to the message's response type", () => {
    expectTypeOf(send('sw', 'ui/state', { tabId: null })).resolves.toEqualTypeOf<UiState>();
    expectTypeOf(
      send('sw', 'content/hello', { url: 'https://a.test' }),
    ).resolves.toEqualTypeOf<FrameDirective>();
    expectTypeOf(send('sw', 'ui/health', {})).resolves.toEqualTypeOf<CaptureStats | null>();
    expectTypeOf(send('sw', 'ui/forget', { minutes: 5 })).resolves.toEqualTypeOf<
      UiState & { removed: number }
    >();
    expectTypeOf(
      send('offscreen', 'offscreen/forget', { sessionId: 's', from: 0, to: 1 }),
    ).resolves.toEqualTypeOf<{
      removed: number;
    }>();
    expectTypeOf(
      send('offscreen', 'offscreen/sessionEnd', { sessionId: 's', endedAt: 1 }),
    ).resolves.toBeVoid();
  });

  it('takes only the payload its message declares', () => {
    // @ts-expect-error a string where the tab id is a number or null
    void send('sw', 'ui/state', { tabId: '3' });
    // @ts-expect-error the required `outcome` is missing
    void send('sw', 'ui/endTask', {});
    // @ts-expect-error an outcome outside the union
    void send('sw', 'ui/endTask', { outcome: 'maybe' });
    // @ts-expect-error an empty-payload message takes no field
    void send('sw', 'ui/stop', { now: true });
  });

  it('knows only the messages of the receiver it is sent to', () => {
    // @ts-expect-error no such message
    void send('sw', 'ui/unknown', {});
    // @ts-expect-error an offscreen message is not the service worker's
    void send('sw', 'offscreen/ping', {});
    // @ts-expect-error no such receiver
    void send('popup', 'ui/state', { tabId: null });
  });

  it('sends content messages to a frame with their own types', () => {
    expectTypeOf(sendToFrame(1, 0, 'content/flush', {})).resolves.toEqualTypeOf<{ pending: number }>();
    // @ts-expect-error a directive needs its fields
    void sendToFrame(1, 0, 'content/directive', { record: true });
  });
});

describe('the protocol maps', () => {
  it('infer request and response of a message type', () => {
    expectTypeOf<RequestOf<'sw', 'ui/start'>>().toEqualTypeOf<{ tabId: number; intent: string | null }>();
    expectTypeOf<ResponseOf<'sw', 'offscreen/hello'>>().toEqualTypeOf<CoordinatorState>();
    expectTypeOf<MessageType<'content'>>().toEqualTypeOf<'content/directive' | 'content/flush'>();
  });
});

describe('listen', () => {
  it('requires a handler for every message, typed by its request and response', () => {
    const handlers: Handlers<'content', Sender> = {
      'content/directive': (req) => {
        expectTypeOf(req).toEqualTypeOf<FrameDirective>();
      },
      'content/flush': async () => ({ pending: 0 }),
    };
    listen('content', handlers, () => true);

    // @ts-expect-error `content/flush` has no handler
    const missing: Handlers<'content', Sender> = { 'content/directive': () => {} };
    void missing;

    const wrongResponse: Handlers<'content', Sender> = {
      'content/directive': () => {},
      // @ts-expect-error the response is `{ pending: number }`
      'content/flush': () => ({ pending: 'none' }),
    };
    void wrongResponse;
  });

  it("passes `accept` the receiver's message types", () => {
    listen('offscreen', {} as Handlers<'offscreen', Sender>, (_sender, type) => {
      expectTypeOf(type).toEqualTypeOf<MessageType<'offscreen'>>();
      return true;
    });
  });
});

describe('stream messages', () => {
  it('narrow on `type`', () => {
    const up = {} as StreamUp;
    if (up.type === 'batch') expectTypeOf(up).toEqualTypeOf<Extract<StreamUp, { type: 'batch' }>>();
    if (up.type === 'open') expectTypeOf(up.terms).toEqualTypeOf<string[] | undefined>();
    const down = {} as StreamDown;
    if (down.type === 'refused') expectTypeOf(down.scope).toEqualTypeOf<'stream' | 'batch'>();
    // @ts-expect-error `seqs` is only on ack and refused
    if (down.type === 'flushed') void down.seqs;
  });

  it('refuse a message type outside the union', () => {
    // @ts-expect-error no such stream message
    const bad: StreamUp = { type: 'close', streamId: 's' };
    void bad;
  });
});
