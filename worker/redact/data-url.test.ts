/** data: URLs whose payload is text: decoded, redacted, encoded again; binary media untouched. */
import { describe, expect, it } from 'vitest';
import { findDataUrls } from './data-url';
import { createRedactor, DATA_URL_PLACEHOLDER } from './index';

const key = new Uint8Array(32).fill(9);
const EMAIL = 'olga.petrova@svgmail-test.org';
const PHONE = '+1 415 555 0199';
const NAME = 'Olga Petrova';
const PII = [EMAIL, 'olga.petrova', '555 0199', 'Petrova'];
// Digits that read like a phone number, but they are coordinates: kept.
const PATH = 'M10 20 L415 555 0123 0 Z';
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="40"><title>Contact: ${EMAIL}</title><text x="4" y="20">Dear ${NAME}, write to ${EMAIL} or call ${PHONE}</text><path d="${PATH}"/></svg>`;
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** The payload of a data: URL as text, however it was encoded. */
function payload(u: string): string {
  const comma = u.indexOf(',');
  const body = u.slice(comma + 1);
  return /;base64$/i.test(u.slice(0, comma))
    ? Buffer.from(body, 'base64').toString('utf8')
    : decodeURIComponent(body);
}

function expectNoPii(s: string): void {
  for (const p of PII) expect(s).not.toContain(p);
}

/** SVG percent-encoded the way hand-written CSS does it: only <, >, # and " escaped. */
const minimal = (svg: string) =>
  `data:image/svg+xml;charset=utf-8,${svg.replaceAll('"', "'").replaceAll('<', '%3C').replaceAll('>', '%3E').replaceAll('#', '%23')}`;

describe('SVG data: URLs', () => {
  it('redacts e-mail, phone and a name in <text> of a fully percent-encoded SVG and keeps path data', () => {
    const r = createRedactor({ key });
    const out = r.url(`data:image/svg+xml,${encodeURIComponent(SVG)}`);
    expect(out.startsWith('data:image/svg+xml,')).toBe(true);
    const svg = payload(out);
    expectNoPii(svg);
    expect(svg).toMatch(
      /Dear \[PERSON_NAME:\w{6}\], write to \[EMAIL:\w{6}\] or call \[PHONE:\w{6}\]<\/text>/,
    );
    expect(svg).toContain(`<path d="${PATH}"/>`);
    expect(r.report().counts).toEqual({ EMAIL: 2, PERSON_NAME: 1, PHONE: 1 });
  });

  it('keeps the minimal percent-encoding style (literal spaces and quotes) of the original', () => {
    const r = createRedactor({ key });
    const out = r.url(minimal(SVG));
    expect(out.startsWith('data:image/svg+xml;charset=utf-8,%3Csvg xmlns=')).toBe(true);
    expect(out).toContain(" width='240' height='40'");
    expectNoPii(payload(out));
    expect(payload(out)).toContain('[EMAIL:');
  });

  it('redacts a base64 SVG and answers in base64', () => {
    const r = createRedactor({ key });
    const out = r.url(`data:image/svg+xml;base64,${Buffer.from(SVG).toString('base64')}`);
    expect(out).toMatch(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/]+=*$/);
    expectNoPii(payload(out));
    expect(payload(out)).toContain('[PHONE:');
  });

  it('reads character references that spell out an address', () => {
    const r = createRedactor({ key });
    const svg = `<svg xmlns="http://www.w3.org/2000/svg"><text>olga.petrova&#64;svgmail-test&#x2E;org</text></svg>`;
    const out = payload(r.url(`data:image/svg+xml,${encodeURIComponent(svg)}`));
    expect(out).toMatch(/<text>\[EMAIL:\w{6}\]<\/text>/);
  });

  it('redacts attribute values and nested data: URLs inside the SVG', () => {
    const r = createRedactor({ key });
    const inner = `data:image/svg+xml,${encodeURIComponent(`<svg><text>${EMAIL}</text></svg>`)}`;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" aria-label="Photo of ${EMAIL}"><image href="${inner}"/></svg>`;
    const out = r.url(`data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`);
    const outer = payload(out);
    expectNoPii(outer);
    const href = /href="([^"]+)"/.exec(outer)?.[1] ?? '';
    expect(payload(href)).toMatch(/<text>\[EMAIL:\w{6}\]<\/text>/);
  });

  it('returns a clean SVG byte for byte', () => {
    const r = createRedactor({ key });
    const clean = minimal('<svg xmlns="http://www.w3.org/2000/svg"><circle cx="5" cy="5" r="4"/></svg>');
    expect(r.url(clean)).toBe(clean);
    expect(r.report().counts).toEqual({});
  });

  it('is idempotent', () => {
    const r = createRedactor({ key });
    for (const u of [
      minimal(SVG),
      `data:image/svg+xml;base64,${Buffer.from(SVG).toString('base64')}`,
      `data:image/svg+xml,${encodeURIComponent(SVG)}`,
    ]) {
      const once = r.url(u);
      expect(r.url(once)).toBe(once);
      expect(r.text(`a{background:url("${once}")}`)).toBe(`a{background:url("${once}")}`);
    }
  });
});

describe('data: URLs inside text (CSS url(), style attributes) and srcset', () => {
  it('redacts quoted and unquoted CSS url() payloads and the text around them', () => {
    const r = createRedactor({ key });
    const pct = `data:image/svg+xml,${encodeURIComponent(SVG)}`;
    const css = `.a{background:url("${minimal(SVG)}")} .b{background-image:url(${pct})} .c::after{content:"${EMAIL}"}`;
    const out = r.text(css);
    expect(out).not.toContain(EMAIL);
    const urls = [...out.matchAll(/url\("?([^")]+)"?\)/g)].map((m) => m[1] ?? '');
    expect(urls).toHaveLength(2);
    for (const u of urls) {
      expectNoPii(payload(u));
      expect(payload(u)).toContain('[EMAIL:');
    }
    expect(out).toMatch(/\.c::after\{content:"\[EMAIL:\w{6}\]"\}$/);
  });

  it("redacts a style attribute value with url('data:...')", () => {
    const r = createRedactor({ key });
    const out = r.text(
      `background: url('data:image/svg+xml;base64,${Buffer.from(SVG).toString('base64')}') no-repeat`,
    );
    const u = /url\('([^']+)'\)/.exec(out)?.[1] ?? '';
    expectNoPii(payload(u));
    expect(out.endsWith(') no-repeat')).toBe(true);
  });

  it('redacts each SVG candidate of a srcset and keeps binary candidates and descriptors', () => {
    const r = createRedactor({ key });
    const b64 = `data:image/svg+xml;base64,${Buffer.from(SVG).toString('base64')}`;
    const out = r.srcset(`${b64} 1x, ${PNG} 2x`);
    const [first, second] = out.split(', ');
    expect(first?.endsWith(' 1x')).toBe(true);
    expectNoPii(payload(first?.slice(0, -3) ?? ''));
    expect(second).toBe(`${PNG} 2x`);
  });

  it('finds data: URLs in any case but not the word "metadata:"', () => {
    expect(findDataUrls('metadata: x, y')).toEqual([]);
    const s = 'a{b:url(DATA:text/plain,hi)}';
    expect(findDataUrls(s)).toEqual([s.indexOf('DATA'), s.indexOf(')')]);
  });
});

describe('other text types', () => {
  it('redacts text/plain, text/html and JSON payloads', () => {
    const r = createRedactor({ key });
    const plain = r.url(`data:text/plain,${encodeURIComponent(`Call ${PHONE}`)}`);
    expect(payload(plain)).toMatch(/^Call \[PHONE:\w{6}\]$/);
    const html = r.url(`data:text/html;charset=utf-8,${encodeURIComponent(`<p>Mail <b>${EMAIL}</b></p>`)}`);
    expect(payload(html)).toMatch(/^<p>Mail <b>\[EMAIL:\w{6}\]<\/b><\/p>$/);
    const json = r.url(
      `data:application/json;base64,${Buffer.from(`{"email":"${EMAIL}"}`).toString('base64')}`,
    );
    expectNoPii(payload(json));
  });

  it('answers in UTF-8 when the payload declared another charset', () => {
    const r = createRedactor({ key });
    const out = r.url(`data:text/plain;charset=iso-8859-1,caf%E9%20${encodeURIComponent(EMAIL)}`);
    expect(out.startsWith('data:text/plain;charset=utf-8,')).toBe(true);
    expect(payload(out)).toMatch(/^café \[EMAIL:\w{6}\]$/);
  });

  it('applies admin terms inside data: URLs', () => {
    const r = createRedactor({ key, rules: { terms: ['Project Nightjar'] } });
    const out = r.url(`data:image/svg+xml,${encodeURIComponent('<svg><text>Project Nightjar</text></svg>')}`);
    expect(payload(out)).toMatch(/<text>\[CUSTOM_TERM:\w{6}\]<\/text>/);
  });
});

describe('what cannot be read becomes the placeholder', () => {
  it.each([
    ['an unterminated tag', `data:image/svg+xml,${encodeURIComponent(`<svg><text x="1>${EMAIL}`)}`],
    ['an unterminated comment', `data:image/svg+xml,${encodeURIComponent(`<svg><!-- ${EMAIL}`)}`],
    [
      'a DOCTYPE internal subset',
      `data:image/svg+xml,${encodeURIComponent('<!DOCTYPE svg [<!ENTITY e "x">]><svg><text>&e;</text></svg>')}`,
    ],
    ['invalid base64', 'data:image/svg+xml;base64,PHN2Zz4*!!'],
    ['bytes that are not UTF-8', `data:text/plain,${encodeURIComponent(EMAIL)}%FF%FE`],
    ['an unknown charset', `data:text/plain;charset=x-klingon,${encodeURIComponent(EMAIL)}`],
  ])('%s', (_, u) => {
    const r = createRedactor({ key });
    expect(r.url(u)).toBe(DATA_URL_PLACEHOLDER);
    expect(r.text(`x{background:url("${u}")}`)).toBe(`x{background:url("${DATA_URL_PLACEHOLDER}")}`);
    expect(r.report().counts.DATA_URL).toBe(2);
  });
});

describe('binary media stay as they are', () => {
  const images = [
    PNG,
    'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
    'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
    'data:image/webp;base64,UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==',
    'data:image/avif;base64,AAAAIGZ0eXBhdmlmAAAAAGF2aWZtaWYxbWlhZk1BMUIAAADybWV0YQAAAAAAAAAoaGRscgAAAAAAAAAAcGljdAAAAAAAAAAAAAAAAGxpYmF2aWYAAAAADnBpdG0AAAAAAAEAAAAeaWxvYwAAAABEAAABAAEAAAABAAABGgAAAB0AAAAoaWluZgAAAAAAAQAAABppbmZlAgAAAAABAABhdjAxQ29sb3IAAAAAamlwcnAAAABLaXBjbwAAABRpc3BlAAAAAAAAAAIAAAACAAAAEHBpeGkAAAAAAwgICAAAAAxhdjFDgQ0MAAAAABNjb2xybmNseAACAAIAAYAAAAAXaXBtYQAAAAAAAAABAAEEAQKDBAAAACVtZGF0EgAKCBgANogQEAwgMg8f8D///8WfhwB8+ErK42A=',
    'data:font/woff2;base64,d09GMgABAAAAAAKsAA0AAAAABjgAAAJXAAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAP0ZGVE0cGh4GYACCUhEICoEYgRgLEAABNgIkAxwEIAWDcAdNG+sEyB6D',
  ];
  it('leaves png, jpeg, gif, webp, avif and font payloads unchanged in url(), srcset and CSS', () => {
    const r = createRedactor({ key });
    for (const u of images) {
      expect(r.url(u)).toBe(u);
      expect(r.srcset(`${u} 1x`)).toBe(`${u} 1x`);
      expect(r.text(`a{background:url(${u})}`)).toBe(`a{background:url(${u})}`);
    }
    expect(r.report().counts).toEqual({});
  });
});
