/**
 * Makes recorded events safe to replay without contacting anyone: every reference to a remote
 * resource that a rebuilt page would fetch (images, stylesheets, fonts, frames, media, SVG
 * references, CSS `url()`/`image-set()`/`@import`) is replaced by a neutral placeholder image or
 * dropped. A replay, or an imported bundle, must not let a recorded site (or whoever wrote the
 * bundle) learn that, when and where a session is being reviewed.
 *
 * Pure and DOM-free, so the review page and a node screenshot renderer share it. Copy-on-write:
 * unchanged events (almost all of them: mouse moves, inputs, scrolls) are returned as they are.
 * The extension pages' CSP (manifest.json) backs this up for anything missed here.
 *
 * Kept: `data:` and `blob:` URLs, fragment references (`#id`), `about:` URLs, and `<a href>`
 * (links are not fetched by a replay). Relative URLs count as remote: rrweb records absolute URLs,
 * and a relative one would resolve differently in every replayer.
 */
import type { eventWithTime } from '@rrweb/types';

const PLACEHOLDER_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" preserveAspectRatio="none">' +
  '<rect width="100" height="100" fill="#e5e7eb"/>' +
  '<path d="M0 0L100 100M100 0L0 100" stroke="#9ca3af" stroke-width="1.5" vector-effect="non-scaling-stroke"/>' +
  '</svg>';

/**
 * A grey box with a cross, without intrinsic size (it fills whatever box the page gave the image).
 * Percent-encoded without spaces, quotes or parentheses, so it is valid in `srcset` and `url()`.
 */
export const PLACEHOLDER_IMAGE = `data:image/svg+xml,${encodeURIComponent(PLACEHOLDER_SVG)}`;

/** What a remote font becomes: a data URL that fails to decode, so the fallback font is used. */
const DEAD_FONT = 'data:,';

/** Remote image URL → local (data:/blob:) URL, for a reviewer who chose to load remote images. */
export type ImageMap = ReadonlyMap<string, string>;

export interface NeutralizeOptions {
  /** Images already fetched on the reviewer's explicit request; the rest become placeholders. */
  images?: ImageMap;
  /**
   * Binary pixels held in the recording itself: `data:` images (not SVG, which the redactor reads
   * as text), rrweb's inlined image and canvas pixels, canvas drawing commands. `keep` (the
   * default, the review replay) shows them; `placeholder` (the screenshot renderer) paints the
   * placeholder instead, since no text detector has looked into them (a photo, a scanned ID).
   */
  binaryImages?: 'keep' | 'placeholder';
}

export interface NeutralizeResult {
  events: eventWithTime[];
  /** Distinct remote image URLs (http/https) that were replaced: what loading them would fetch. */
  remoteImages: string[];
  /** References replaced or dropped (images, stylesheets, fonts, frames, media...). */
  neutralized: number;
}

/** True unless the URL is local to the document: data:, blob:, about:, a fragment, or empty. */
export function isRemoteUrl(raw: string): boolean {
  // The URL parser drops leading/trailing C0 controls and spaces and every tab or newline.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: exactly what the URL parser strips
  const url = raw.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  if (url === '' || url.startsWith('#')) return false;
  return !/^(?:data|blob|about):/i.test(url);
}

/** A `data:` URL of raster image bytes (`data:image/png;base64,...`); SVG is text, not binary. */
export function isBinaryDataImage(raw: string): boolean {
  return /^\s*data:image\/(?!svg)/i.test(raw);
}

function isFragmentOrEmpty(raw: string): boolean {
  const url = raw.trim();
  return url === '' || url.startsWith('#');
}

/** Elements whose listed attributes hold an image: replaced by the placeholder, not dropped. */
const IMAGE_ATTRS: Record<string, readonly string[]> = {
  img: ['src', 'srcset'],
  input: ['src'],
  video: ['poster'],
  source: ['srcset'],
  image: ['href', 'xlink:href'],
  feimage: ['href', 'xlink:href'],
};

/** Attributes that make a rebuilt element fetch something: dropped when remote. */
const FETCHING_ATTRS = new Set([
  'src',
  'srcset',
  'href',
  'xlink:href',
  'data',
  'poster',
  'codebase',
  'manifest',
  'imagesrcset',
  'ping',
  'lowsrc',
  'dynsrc',
  'archive',
]);

/** Links are navigated only when followed, and the replay takes no clicks. */
const LINK_TAGS = new Set(['a', 'area']);

class Rewriter {
  /** rrweb node id → lower-case tag name, to judge attribute mutations of known elements. */
  private readonly tags = new Map<number, string>();
  /** Ids of text nodes inside `<style>`: their text mutations are CSS. */
  private readonly styleTexts = new Set<number>();
  readonly remoteImages = new Set<string>();
  neutralized = 0;

  constructor(
    private readonly images: ImageMap,
    private readonly blankBinary = false,
  ) {}

  /** A URL this rewriter replaces: remote, or a binary data: image when those go too. */
  private replaced(url: string): boolean {
    return isRemoteUrl(url) || (this.blankBinary && isBinaryDataImage(url));
  }

  /** The local stand-in for a remote image. */
  private image(url: string): string {
    this.neutralized++;
    const trimmed = url.trim();
    if (/^https?:/i.test(trimmed)) this.remoteImages.add(trimmed);
    return this.images.get(trimmed) ?? PLACEHOLDER_IMAGE;
  }

  // ---- CSS ----

  css(text: string): string {
    if (!REF_HINT.test(text)) return text;
    const out = this.cssPass(text);
    // CSS escapes can spell `url(` or `@import` (`\75 rl(`): judge the unescaped text too.
    if (text.includes('\\')) {
      const plain = unescapeCss(text);
      if (countRefs(plain) > countRefs(text)) return this.cssPass(plain);
    }
    return out;
  }

  private cssPass(text: string): string {
    // Every @import goes, data: ones too (an imported data: sheet can import from anywhere).
    // rrweb inlines the rules of imports it could read; what is left was unreadable anyway.
    let css = text.replace(IMPORT_RE, () => {
      this.neutralized++;
      return '';
    });
    // An @import the pattern did not take apart is made an unknown at-rule, which CSS ignores.
    css = css.replace(/@import/gi, '@x-dropped-import');
    css = css.replace(FONT_FACE_RE, (block) =>
      block.replace(URL_RE, (whole, q1?: string, q2?: string, bare?: string) => {
        if (!isRemoteUrl(unquote(q1 ?? q2 ?? bare ?? ''))) return whole;
        this.neutralized++;
        return `url("${DEAD_FONT}")`;
      }),
    );
    css = css.replace(URL_RE, (whole, q1?: string, q2?: string, bare?: string) => {
      const url = unquote(q1 ?? q2 ?? bare ?? '');
      return this.replaced(url) ? `url("${this.image(url)}")` : whole;
    });
    // image-set() also takes bare strings as URLs.
    return css.replace(IMAGE_SET_RE, (whole) =>
      whole.replace(STRING_RE, (s, d?: string, q?: string) => {
        const url = unquote(d ?? q ?? '');
        return this.replaced(url) ? `"${this.image(url)}"` : s;
      }),
    );
  }

  // ---- attributes ----

  private srcset(value: string): string {
    let changed = false;
    const out = parseSrcset(value).map(({ url, descriptor }) => {
      if (!this.replaced(url)) return `${url}${descriptor}`;
      changed = true;
      return `${this.image(url)}${descriptor}`;
    });
    return changed ? out.join(', ') : value;
  }

  /**
   * New attributes for an element (or the same object when nothing changes). `undefined` in the
   * result means "drop this attribute".
   */
  attributes<V>(tag: string, attrs: Record<string, V | string | null>): Record<string, V | string | null> {
    // Hot path (every attribute of every node): no closures, no entry arrays.
    let out: Record<string, V | string | null> | null = null;
    let drop: string[] | null = null;
    const isRefresh =
      tag === 'meta' && typeof attrs['http-equiv'] === 'string' && /refresh/i.test(attrs['http-equiv']);
    const dataUrl = this.blankBinary ? undefined : attrs.rr_dataURL;
    for (const rawName in attrs) {
      if (!Object.hasOwn(attrs, rawName)) continue;
      const value = attrs[rawName] as V | string | null;
      const name = rawName.toLowerCase();
      if (name === 'rr_dataurl' && this.blankBinary) {
        // Inlined pixels of an image or a canvas: a canvas gets the placeholder as its background.
        this.neutralized++;
        drop = appended(drop, rawName);
        if (tag === 'canvas') {
          const cur: unknown = (out ?? attrs).style;
          const style = typeof cur === 'string' ? `${cur};` : '';
          out = withAttr(out, attrs, 'style', `${style}background:url("${PLACEHOLDER_IMAGE}") 0 0/100% 100%`);
        }
        continue;
      }
      if (name.startsWith('rr_')) continue; // rrweb's own (inlined pixels, iframe source): never set
      if (name === 'srcdoc') {
        // The frame's document is in the snapshot already; its markup would be fetched from.
        this.neutralized++;
        drop = appended(drop, rawName);
        continue;
      }
      if (isRefresh && name === 'content') {
        this.neutralized++;
        drop = appended(drop, rawName);
        continue;
      }
      if (typeof value !== 'string') {
        if (name === 'style' && value !== null && typeof value === 'object') {
          const next = this.styleObject(value as StyleObject);
          if (next !== value) out = withAttr(out, attrs, rawName, next as V);
        }
        continue;
      }
      if (name === 'style' || name === '_csstext') {
        const next = this.css(value);
        if (next !== value) out = withAttr(out, attrs, rawName, next);
        continue;
      }
      if (IMAGE_ATTRS[tag]?.includes(name) || name === 'background') {
        if (name === 'srcset' || name === 'imagesrcset') {
          const next = this.srcset(value);
          if (next !== value) out = withAttr(out, attrs, rawName, next);
        } else if (this.replaced(value)) {
          // rrweb's inlined pixels of this image beat a placeholder.
          const inlined = tag === 'img' && typeof dataUrl === 'string' && !isRemoteUrl(dataUrl);
          if (inlined) this.neutralized++;
          out = withAttr(out, attrs, rawName, inlined ? dataUrl : this.image(value));
        }
        continue;
      }
      if (FETCHING_ATTRS.has(name) && !(LINK_TAGS.has(tag) && (name === 'href' || name === 'xlink:href'))) {
        // data: and blob: go too: a data: frame, object or stylesheet is a document that fetches.
        if (!isFragmentOrEmpty(value)) {
          this.neutralized++;
          drop = appended(drop, rawName);
        }
        continue;
      }
      // Presentation attributes (fill, filter, mask, clip-path...) can reference other documents.
      if (REF_HINT.test(value)) {
        const next = this.css(value);
        if (next !== value) out = withAttr(out, attrs, rawName, next);
      }
    }
    if (drop) {
      out ??= { ...attrs };
      for (const name of drop) delete out[name];
    }
    return out ?? attrs;
  }

  private styleObject(style: StyleObject): StyleObject {
    let out: StyleObject | null = null;
    for (const [prop, v] of Object.entries(style)) {
      if (v === false) continue;
      const value = typeof v === 'string' ? v : v[0];
      const next = this.css(value);
      if (next === value) continue;
      out ??= { ...style };
      out[prop] = typeof v === 'string' ? next : [next, v[1]];
    }
    return out ?? style;
  }

  // ---- serialized nodes ----

  node(n: SNode, parentTag: string | null): SNode {
    if (n.type === NODE_ELEMENT) {
      const tag = String(n.tagName).toLowerCase();
      this.tags.set(n.id, tag);
      const attributes = n.attributes ? this.attributes(tag, n.attributes) : n.attributes;
      const childNodes = this.children(n.childNodes, tag);
      return attributes === n.attributes && childNodes === n.childNodes
        ? n
        : { ...n, attributes, childNodes };
    }
    if (n.type === NODE_TEXT && (n.isStyle || parentTag === 'style')) {
      this.styleTexts.add(n.id);
      const textContent = typeof n.textContent === 'string' ? this.css(n.textContent) : n.textContent;
      return textContent === n.textContent ? n : { ...n, textContent };
    }
    const childNodes = this.children(n.childNodes, null);
    return childNodes === n.childNodes ? n : { ...n, childNodes };
  }

  private children(list: SNode[] | undefined, tag: string | null): SNode[] | undefined {
    if (!Array.isArray(list)) return list;
    return mapSame(list, (c) => this.node(c, tag));
  }

  // ---- events ----

  event(e: eventWithTime): eventWithTime | null {
    if (e.type === EVENT_FULL_SNAPSHOT) {
      const data = e.data as { node: SNode };
      const node = this.node(data.node, null);
      return node === data.node ? e : ({ ...e, data: { ...data, node } } as eventWithTime);
    }
    if (e.type !== EVENT_INCREMENTAL) return e;
    const data = e.data as Record<string, unknown> & { source: number };
    const next = this.incremental(data);
    if (next === null) return null;
    return next === data ? e : ({ ...e, data: next } as eventWithTime);
  }

  private incremental(d: Record<string, unknown> & { source: number }): Record<string, unknown> | null {
    switch (d.source) {
      case SOURCE_MUTATION:
        return this.mutation(d as unknown as MutationData);
      case SOURCE_STYLESHEET_RULE: {
        const adds = Array.isArray(d.adds)
          ? mapSame(d.adds as { rule: string }[], (a) => this.rule(a))
          : d.adds;
        const replace = typeof d.replace === 'string' ? this.css(d.replace) : d.replace;
        const replaceSync = typeof d.replaceSync === 'string' ? this.css(d.replaceSync) : d.replaceSync;
        return adds === d.adds && replace === d.replace && replaceSync === d.replaceSync
          ? d
          : { ...d, adds, replace, replaceSync };
      }
      case SOURCE_STYLE_DECLARATION: {
        const set = d.set as { value: string } | undefined;
        if (!set || typeof set.value !== 'string') return d;
        const value = this.css(set.value);
        return value === set.value ? d : { ...d, set: { ...set, value } };
      }
      case SOURCE_ADOPTED_STYLESHEET: {
        const styles = d.styles as { rules: { rule: string }[] }[] | undefined;
        if (!Array.isArray(styles)) return d;
        const next = mapSame(styles, (s) => {
          const rules = mapSame(s.rules, (r) => this.rule(r));
          return rules === s.rules ? s : { ...s, rules };
        });
        return next === styles ? d : { ...d, styles: next };
      }
      case SOURCE_FONT: {
        // The replayer would construct a FontFace from a URL source: the event goes.
        if (d.buffer === true || typeof d.fontSource !== 'string') return d;
        if (!REF_HINT.test(d.fontSource) && !isRemoteUrl(d.fontSource)) return d;
        this.neutralized++;
        return null;
      }
      case SOURCE_CANVAS_MUTATION:
        if (this.blankBinary) {
          this.neutralized++;
          return null;
        }
        return this.canvas(d) as Record<string, unknown> & { source: number };
      default:
        return d;
    }
  }

  private rule<R extends { rule: string }>(r: R): R {
    if (typeof r.rule !== 'string') return r;
    const rule = this.css(r.rule);
    return rule === r.rule ? r : { ...r, rule };
  }

  private mutation(d: MutationData): MutationData {
    const adds = Array.isArray(d.adds)
      ? mapSame(d.adds, (a) => {
          const node = this.node(a.node, this.tags.get(a.parentId) ?? null);
          return node === a.node ? a : { ...a, node };
        })
      : d.adds;
    const attributes = Array.isArray(d.attributes)
      ? mapSame(d.attributes, (m) => {
          // Unknown element (should not happen): judged as no particular tag, i.e. strictly.
          const next = this.attributes(this.tags.get(m.id) ?? '', m.attributes);
          return next === m.attributes ? m : { ...m, attributes: next };
        })
      : d.attributes;
    const texts = Array.isArray(d.texts)
      ? mapSame(d.texts, (t) => {
          if (!this.styleTexts.has(t.id) || typeof t.value !== 'string') return t;
          const value = this.css(t.value);
          return value === t.value ? t : { ...t, value };
        })
      : d.texts;
    return adds === d.adds && attributes === d.attributes && texts === d.texts
      ? d
      : { ...d, adds, attributes, texts };
  }

  /** Canvas commands can draw an image the replayer loads from its recorded `src`. */
  private canvas(v: unknown): unknown {
    if (Array.isArray(v)) return mapSame(v, (x) => this.canvas(x));
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if (o.rr_type === 'HTMLImageElement' && typeof o.src === 'string' && isRemoteUrl(o.src)) {
      return { ...o, src: this.image(o.src) };
    }
    let out: Record<string, unknown> | null = null;
    for (const [k, x] of Object.entries(o)) {
      const next = this.canvas(x);
      if (next !== x) {
        out ??= { ...o };
        out[k] = next;
      }
    }
    return out ?? o;
  }
}

/**
 * The events with every remote reference replaced by a placeholder (images) or dropped (the rest),
 * or by the local URL `opts.images` gives for an image. The input is not modified.
 */
export function neutralizeRemoteAssets(
  events: readonly eventWithTime[],
  opts: NeutralizeOptions = {},
): NeutralizeResult {
  const r = new Rewriter(opts.images ?? new Map(), opts.binaryImages === 'placeholder');
  const out: eventWithTime[] = [];
  for (const e of events) {
    const next = r.event(e);
    if (next !== null) out.push(next);
  }
  return { events: out, remoteImages: [...r.remoteImages], neutralized: r.neutralized };
}

/** A CSS text as it would be replayed: remote `url()`, `image-set()` and `@import` neutralized. */
export function neutralizeCss(css: string, opts: NeutralizeOptions = {}): string {
  return new Rewriter(opts.images ?? new Map()).css(css);
}

// ---- CSS scanning ----

/** Cheap test before any regex work: can this text reference anything at all? */
const REF_HINT = /url\(|src\(|image-set|@import|\\/i;
/** `url(...)` and `src(...)` (CSS Values 4): double-quoted, single-quoted or bare. */
const URL_RE =
  /(?<![\w-])(?:url|src)\(\s*(?:"((?:[^"\\]|\\[\s\S])*)"|'((?:[^'\\]|\\[\s\S])*)'|((?:[^)\\\s"']|\\[\s\S])*))\s*\)/gi;
const IMPORT_RE =
  /@import\s+(?:(?:url|src)\(\s*(?:"((?:[^"\\]|\\[\s\S])*)"|'((?:[^'\\]|\\[\s\S])*)'|((?:[^)\\\s"']|\\[\s\S])*))\s*\)|"((?:[^"\\]|\\[\s\S])*)"|'((?:[^'\\]|\\[\s\S])*)')[^;]*;?/gi;
const FONT_FACE_RE = /@font-face\s*\{[^}]*\}/gi;
/** `image-set(` up to its closing parenthesis, allowing one level of nested `url(...)`. */
const IMAGE_SET_RE = /(?<![\w-])(?:-webkit-)?image-set\((?:[^()]|\([^()]*\))*\)/gi;
const STRING_RE = /"((?:[^"\\]|\\[\s\S])*)"|'((?:[^'\\]|\\[\s\S])*)'/g;

function countRefs(css: string): number {
  return (css.match(/(?<![\w-])(?:url|src|image-set)\(|@import/gi) ?? []).length;
}

/** The value of a CSS string or bare URL with its escapes resolved. */
function unquote(s: string): string {
  return unescapeCss(s);
}

/** Resolves CSS escapes (`\75 `, `\"`, an escaped newline). */
export function unescapeCss(s: string): string {
  return s.replace(
    /\\(?:([0-9a-fA-F]{1,6})\s?|(\n)|([\s\S]))/g,
    (_, hex?: string, nl?: string, ch?: string) => {
      if (hex) {
        const cp = Number.parseInt(hex, 16);
        return cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)
          ? '\uFFFD'
          : String.fromCodePoint(cp);
      }
      if (nl) return '';
      return ch ?? '';
    },
  );
}

/** Image candidates of a `srcset`, as the HTML parser splits them (URLs may contain commas). */
export function parseSrcset(value: string): { url: string; descriptor: string }[] {
  const out: { url: string; descriptor: string }[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && /[\s,]/.test(value[i] ?? '')) i++;
    if (i >= value.length) break;
    let j = i;
    while (j < value.length && !/\s/.test(value[j] ?? '')) j++;
    let url = value.slice(i, j);
    let descriptor = '';
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      let k = j;
      let depth = 0;
      while (k < value.length && (depth > 0 || value[k] !== ',')) {
        if (value[k] === '(') depth++;
        else if (value[k] === ')') depth = Math.max(0, depth - 1);
        k++;
      }
      descriptor = value.slice(j, k).trimEnd();
      j = k;
    }
    out.push({ url, descriptor });
    i = j;
  }
  return out;
}

// ---- rrweb shapes (the numeric values of @rrweb/types' enums; imported as types only) ----

const EVENT_FULL_SNAPSHOT = 2;
const EVENT_INCREMENTAL = 3;
const NODE_ELEMENT = 2;
const NODE_TEXT = 3;
const SOURCE_MUTATION = 0;
const SOURCE_STYLESHEET_RULE = 8;
const SOURCE_CANVAS_MUTATION = 9;
const SOURCE_FONT = 10;
const SOURCE_STYLE_DECLARATION = 13;
const SOURCE_ADOPTED_STYLESHEET = 15;

type StyleObject = Record<string, string | [string, string] | false>;

interface SNode {
  id: number;
  type: number;
  tagName?: string;
  attributes?: Record<string, string | number | true | null>;
  childNodes?: SNode[];
  textContent?: string;
  isStyle?: true;
  [k: string]: unknown;
}

interface MutationData {
  source: number;
  adds: { parentId: number; nextId: number | null; node: SNode }[];
  attributes: { id: number; attributes: Record<string, string | StyleObject | null> }[];
  texts: { id: number; value: string | null }[];
  removes: unknown[];
  [k: string]: unknown;
}

function appended(list: string[] | null, item: string): string[] {
  if (list === null) return [item];
  list.push(item);
  return list;
}

/** A copy of `attrs` (made once, on the first change) with `name` set to `value`. */
function withAttr<T>(out: Record<string, T> | null, attrs: Record<string, T>, name: string, value: T) {
  const copy = out ?? { ...attrs };
  copy[name] = value;
  return copy;
}

/** `list.map(fn)`, or `list` itself when `fn` returned every element unchanged. */
function mapSame<T>(list: T[], fn: (x: T) => T): T[] {
  let out: T[] | null = null;
  for (let i = 0; i < list.length; i++) {
    const x = list[i] as T;
    const y = fn(x);
    if (y !== x && out === null) out = list.slice(0, i);
    out?.push(y);
  }
  return out ?? list;
}
