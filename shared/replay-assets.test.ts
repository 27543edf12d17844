import type { eventWithTime } from '@rrweb/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isRemoteUrl,
  neutralizeCss,
  neutralizeRemoteAssets,
  PLACEHOLDER_IMAGE,
  parseSrcset,
} from './replay-assets';

const R = 'https://tracker.example';
const PNG = 'data:image/png;base64,iVBORw0KGgo=';

let nextId = 1;
const el = (tagName: string, attributes: Record<string, string> = {}, childNodes: unknown[] = []) => ({
  type: 2,
  id: nextId++,
  tagName,
  attributes,
  childNodes,
});
const text = (textContent: string, isStyle = false) => ({
  type: 3,
  id: nextId++,
  textContent,
  ...(isStyle ? { isStyle: true } : {}),
});
const full = (...body: unknown[]): eventWithTime =>
  ({
    type: 2,
    timestamp: 1,
    data: {
      node: { type: 0, id: nextId++, childNodes: [el('html', {}, [el('head'), el('body', {}, body)])] },
      initialOffset: { top: 0, left: 0 },
    },
  }) as unknown as eventWithTime;
const incr = (data: Record<string, unknown>): eventWithTime =>
  ({ type: 3, timestamp: 2, data }) as unknown as eventWithTime;

/** Every string anywhere in the events that names the tracker (what a replay would fetch). */
const trackerRefs = (events: unknown) => JSON.stringify(events).match(/tracker\.example[^"\\]*/g) ?? [];

describe('isRemoteUrl', () => {
  it('treats data:, blob:, about:, fragments and empty as local, everything else as remote', () => {
    for (const u of [PNG, 'blob:chrome-extension://x/1', 'about:blank', '#icon', '', '  DATA:x', 'd\nata:x'])
      expect(isRemoteUrl(u), u).toBe(false);
    for (const u of [`${R}/a.png`, '//tracker.example/a', '/a.png', 'a.png', 'javascript:x'])
      expect(isRemoteUrl(u), u).toBe(true);
  });
});

describe('parseSrcset', () => {
  it('splits candidates like the HTML parser, commas inside data: URLs included', () => {
    expect(parseSrcset(`${R}/a.png 1x, ${PNG} 2x,${R}/c.png 300w`)).toEqual([
      { url: `${R}/a.png`, descriptor: ' 1x' },
      { url: PNG, descriptor: ' 2x' },
      { url: `${R}/c.png`, descriptor: ' 300w' },
    ]);
  });
});

describe('neutralizeCss', () => {
  it('replaces remote url() in every quoting, keeps data: and fragments', () => {
    const css = `a{background:url(${R}/1.png)} b{background:url("${R}/2.png")} c{background:url( '${R}/3.png' )} d{background:url(${PNG})} e{fill:url(#g)}`;
    const out = neutralizeCss(css);
    expect(trackerRefs(out)).toEqual([]);
    expect(out).toContain(`url(${PNG})`);
    expect(out).toContain('url(#g)');
    expect(out.split(PLACEHOLDER_IMAGE).length - 1).toBe(3);
  });

  it('drops @import in its url() and string forms', () => {
    const out = neutralizeCss(`@import url("${R}/a.css") screen; @import '${R}/b.css'; p{color:red}`);
    expect(trackerRefs(out)).toEqual([]);
    expect(out).toContain('p{color:red}');
  });

  it('turns remote fonts in @font-face into a dead data: URL, not an image', () => {
    const out = neutralizeCss(
      `@font-face{font-family:X;src:url(${R}/x.woff2) format("woff2")} p{font-family:X}`,
    );
    expect(trackerRefs(out)).toEqual([]);
    expect(out).toContain('url("data:,") format("woff2")');
  });

  it('replaces bare strings inside image-set() and -webkit-image-set()', () => {
    const out = neutralizeCss(
      `a{background-image:image-set("${R}/a.png" 1x, url(${R}/b.png) 2x)} b{background-image:-webkit-image-set('${R}/c.png' 1x)}`,
    );
    expect(trackerRefs(out)).toEqual([]);
  });

  it('sees through CSS escapes that spell url(', () => {
    const out = neutralizeCss(`a{background:\\75 rl(${R}/esc.png)}`);
    expect(trackerRefs(out)).toEqual([]);
  });

  it('leaves CSS without references untouched (same string)', () => {
    const css = 'a{color:red;content:"\\201C"}';
    expect(neutralizeCss(css)).toBe(css);
  });
});

describe('neutralizeRemoteAssets', () => {
  it('rewrites every fetch vector of a full snapshot and leaves no tracker URL', () => {
    const events = [
      { type: 4, timestamp: 0, data: { href: 'https://app.example/page', width: 800, height: 600 } },
      full(
        el('link', { rel: 'stylesheet', href: `${R}/s.css` }),
        el('link', {
          rel: 'stylesheet',
          href: `${R}/inlined.css`,
          _cssText: `p{background:url(${R}/p.png)}`,
        }),
        el('link', { rel: 'icon', href: `${R}/favicon.ico` }),
        el('base', { href: `${R}/` }),
        el('meta', { 'http-equiv': 'refresh', content: `0;url=${R}/go` }),
        el('style', {}, [text(`div{background:url(${R}/bg.png)} @import "${R}/i.css";`, true)]),
        el('img', { src: `${R}/a.png`, srcset: `${R}/a1.png 1x, ${R}/a2.png 2x` }),
        el('img', { src: PNG }),
        el('div', { style: `background-image: url('${R}/div.png')` }),
        el('table', { background: `${R}/t.png` }),
        el('video', { poster: `${R}/poster.png`, src: `${R}/v.mp4` }, [el('source', { src: `${R}/v.webm` })]),
        el('picture', {}, [el('source', { srcset: `${R}/s.webp` })]),
        el('iframe', { src: `${R}/frame`, srcdoc: `<img src="${R}/x.png">` }),
        el('iframe', { src: 'data:text/html,<p>hi' }),
        el('object', { data: `${R}/o.svg` }),
        el('embed', { src: `${R}/e.swf` }),
        el('input', { type: 'image', src: `${R}/btn.png` }),
        el('svg', {}, [
          el('use', { href: `${R}/sprite.svg#i` }),
          el('use', { href: '#local' }),
          el('image', { 'xlink:href': `${R}/svg.png` }),
          el('rect', { filter: `url(${R}/f.svg#blur)` }),
        ]),
        el('a', { href: `${R}/link`, ping: `${R}/ping` }, [text('a link')]),
      ),
    ] as unknown as eventWithTime[];
    const { events: out, remoteImages, neutralized } = neutralizeRemoteAssets(events);
    // The meta event's href is the page address, which nothing fetches; the link's href stays.
    expect(trackerRefs(out)).toEqual(['tracker.example/link']);
    expect(JSON.stringify(out)).toContain(PNG);
    expect(JSON.stringify(out)).toContain('#local');
    expect(remoteImages).toContain(`${R}/a.png`);
    expect(remoteImages).toContain(`${R}/poster.png`);
    expect(remoteImages).toContain(`${R}/div.png`);
    expect(neutralized).toBeGreaterThan(20);
    expect(trackerRefs(events).length).toBeGreaterThan(20); // the input is not modified
  });

  it('rewrites mutations: added nodes, attribute changes by tag, style text, and keeps link hrefs', () => {
    const img = el('img', { src: PNG });
    const a = el('a', { href: '#' });
    const styleEl = el('style', {}, []);
    const styleText = text('p{}', true);
    (styleEl.childNodes as unknown[]).push(styleText);
    const events = [
      full(img, a, styleEl),
      incr({
        source: 0,
        adds: [
          { parentId: 1, nextId: null, node: el('img', { src: `${R}/added.png` }) },
          { parentId: styleEl.id, nextId: null, node: text(`b{background:url(${R}/added-text.png)}`) },
        ],
        removes: [],
        texts: [{ id: styleText.id, value: `p{background:url(${R}/text.png)}` }],
        attributes: [
          { id: img.id, attributes: { src: `${R}/changed.png`, style: { background: `url(${R}/om.png)` } } },
          { id: a.id, attributes: { href: `${R}/still-a-link` } },
          { id: 999_999, attributes: { src: `${R}/unknown-node.png` } },
        ],
      }),
    ];
    const out = neutralizeRemoteAssets(events).events;
    expect(trackerRefs(out)).toEqual(['tracker.example/still-a-link']);
  });

  it('rewrites stylesheet rule, style declaration and adopted stylesheet events; drops remote font events', () => {
    const events = [
      incr({ source: 8, id: 3, adds: [{ rule: `p{background:url(${R}/rule.png)}`, index: 0 }] }),
      incr({ source: 8, styleId: 1, replaceSync: `@import url(${R}/x.css);` }),
      incr({ source: 13, id: 3, index: [0], set: { property: 'background', value: `url(${R}/decl.png)` } }),
      incr({
        source: 15,
        id: 1,
        styleIds: [1],
        styles: [{ styleId: 1, rules: [{ rule: `a{cursor:url(${R}/c.cur),auto}` }] }],
      }),
      incr({ source: 10, family: 'X', fontSource: `url(${R}/x.woff2)`, buffer: false }),
      incr({ source: 10, family: 'Y', fontSource: '[1,2,3]', buffer: true }),
      incr({
        source: 9,
        id: 5,
        type: 0,
        commands: [
          { property: 'drawImage', args: [{ rr_type: 'HTMLImageElement', src: `${R}/canvas.png` }, 0, 0] },
        ],
      }),
    ] as unknown as eventWithTime[];
    const out = neutralizeRemoteAssets(events).events;
    expect(trackerRefs(out)).toEqual([]);
    expect(out).toHaveLength(events.length - 1);
  });

  it('uses fetched local URLs for images the reviewer chose to load, placeholders for the rest', () => {
    const blob = 'blob:chrome-extension://id/1';
    const events = [full(el('img', { src: `${R}/a.png` }), el('img', { src: `${R}/b.png` }))];
    const out = JSON.stringify(
      neutralizeRemoteAssets(events, { images: new Map([[`${R}/a.png`, blob]]) }).events,
    );
    expect(out).toContain(blob);
    expect(out).toContain(PLACEHOLDER_IMAGE);
    expect(trackerRefs(out)).toEqual([]);
  });

  it('returns unchanged events as the same objects (copy on write)', () => {
    const move = incr({ source: 1, positions: [{ x: 1, y: 2, id: 3, timeOffset: 0 }] });
    const snap = full(el('p', {}, [text('hello')]));
    const out = neutralizeRemoteAssets([snap, move]).events;
    expect(out[0]).toBe(snap);
    expect(out[1]).toBe(move);
  });

  it('never leaves a remote url() in any style attribute (property)', () => {
    const host = fc.constantFrom('tracker.example', 'a.b', '127.0.0.1:9');
    const quote = fc.constantFrom('', '"', "'");
    const ws = fc.constantFrom('', ' ', '\n');
    fc.assert(
      fc.property(host, quote, ws, ws, fc.constantFrom('url', 'URL', 'Url'), (h, q, w1, w2, fn) => {
        const style = `color:red;background:${fn}(${w1}${q}https://${h}/x.png${q}${w2}) no-repeat`;
        const out = JSON.stringify(neutralizeRemoteAssets([full(el('div', { style }))]).events);
        expect(out).not.toContain(`https://${h}`);
      }),
    );
  });
});
