/**
 * Redacts the text of SVG/XML/HTML markup decoded from a data: URL: text nodes, comments, CDATA,
 * script/style bodies and attribute values, each with the session's redactor. Geometry attributes
 * (path data, transforms) are kept as they are: digit runs there are coordinates, and a
 * placeholder inside them would break the drawing without protecting anything.
 *
 * A small tokenizer, not a parser (the worker has no DOMParser). It returns null, and the caller
 * substitutes a placeholder, for what it cannot read safely: an unterminated tag, comment or
 * quote, or a DOCTYPE internal subset (entity definitions could assemble text it never sees).
 */
export interface MarkupRedaction {
  text(s: string): string;
  url(s: string): string;
}

const KEEP_ATTR = new Set([
  'd',
  'points',
  'viewbox',
  'transform',
  'gradienttransform',
  'patterntransform',
  'pathlength',
  'preserveaspectratio',
  'version',
  'baseprofile',
]);
const URL_ATTR = new Set(['href', 'xlink:href', 'src']);
/** Bodies read as text up to their closing tag, '<' and all. */
const RAW_TEXT = new Set(['script', 'style']);
const CLOSE_SCRIPT = /<\/script/gi;
const CLOSE_STYLE = /<\/style/gi;
const NAME_START = /[A-Za-z_:]/;
const SPACE = /\s/;

export function redactMarkup(src: string, r: MarkupRedaction): string | null {
  if (/<!ENTITY/i.test(src)) return null;
  let out = '';
  let textStart = 0;
  let i = src.indexOf('<');
  while (i !== -1) {
    const next = src[i + 1] ?? '';
    if (!(next === '/' || next === '!' || next === '?' || NAME_START.test(next))) {
      // A bare '<' is text (HTML); XML would reject it, a browser draws nothing either way.
      i = src.indexOf('<', i + 1);
      continue;
    }
    out += textNode(src.slice(textStart, i), r);
    const end = markupAt(src, i, r);
    if (end === null) return null;
    out += end.out;
    textStart = end.next;
    i = src.indexOf('<', textStart);
  }
  return out + textNode(src.slice(textStart), r);
}

function markupAt(src: string, i: number, r: MarkupRedaction): { out: string; next: number } | null {
  const enclosed = (open: string, close: string, body: (s: string) => string) => {
    const e = src.indexOf(close, i + open.length);
    if (e === -1) return null;
    return { out: open + body(src.slice(i + open.length, e)) + close, next: e + close.length };
  };
  if (src.startsWith('<!--', i)) return enclosed('<!--', '-->', r.text);
  if (src.startsWith('<![CDATA[', i)) return enclosed('<![CDATA[', ']]>', r.text);
  if (src[i + 1] === '!' || src[i + 1] === '?' || src[i + 1] === '/') {
    const e = src.indexOf('>', i);
    if (e === -1) return null;
    const decl = src.slice(i, e + 1);
    // <!DOCTYPE svg [ ... ]> can define entities.
    return decl.includes('[') ? null : { out: decl, next: e + 1 };
  }
  return startTag(src, i, r);
}

function startTag(src: string, i: number, r: MarkupRedaction): { out: string; next: number } | null {
  let j = i + 1;
  while (j < src.length && !SPACE.test(src[j] ?? '') && src[j] !== '>' && src[j] !== '/') j++;
  const tag = src.slice(i + 1, j).toLowerCase();
  let out = src.slice(i, j);
  for (;;) {
    const ws = j;
    while (j < src.length && SPACE.test(src[j] ?? '')) j++;
    out += src.slice(ws, j);
    if (j >= src.length) return null;
    if (src[j] === '>' || src.startsWith('/>', j)) break;
    if (src[j] === '/') {
      out += '/';
      j++;
      continue;
    }
    const nameStart = j;
    while (j < src.length && !/[\s=/>]/.test(src[j] ?? '')) j++;
    const name = src.slice(nameStart, j);
    out += name;
    const beforeEq = j;
    while (j < src.length && SPACE.test(src[j] ?? '')) j++;
    if (src[j] !== '=') {
      out += src.slice(beforeEq, j);
      continue;
    }
    j++;
    while (j < src.length && SPACE.test(src[j] ?? '')) j++;
    out += src.slice(beforeEq, j);
    const q = src[j];
    if (q === '"' || q === "'") {
      const close = src.indexOf(q, j + 1);
      if (close === -1) return null;
      out += q + attrValue(name, src.slice(j + 1, close), q, r) + q;
      j = close + 1;
    } else {
      const vs = j;
      while (j < src.length && !SPACE.test(src[j] ?? '') && src[j] !== '>') j++;
      out += `"${attrValue(name, src.slice(vs, j), '"', r)}"`;
    }
  }
  const selfClosing = src[j] === '/';
  const tagEnd = selfClosing ? j + 2 : j + 1;
  out += src.slice(j, tagEnd);
  if (selfClosing || !RAW_TEXT.has(tag)) return { out, next: tagEnd };
  // Searched from here on, case-insensitively, without lower-casing the whole source per tag.
  const closeRe = tag === 'script' ? CLOSE_SCRIPT : CLOSE_STYLE;
  closeRe.lastIndex = tagEnd;
  const close = closeRe.exec(src)?.index ?? -1;
  if (close === -1) return null;
  return { out: out + r.text(src.slice(tagEnd, close)), next: close };
}

function attrValue(name: string, raw: string, quote: string, r: MarkupRedaction): string {
  const lname = name.toLowerCase();
  if (raw === '' || KEEP_ATTR.has(lname) || lname.startsWith('xmlns')) return raw;
  const dec = decodeEntities(raw);
  const red = URL_ATTR.has(lname) ? r.url(dec) : r.text(dec);
  if (red === dec) return raw;
  return escapeMarkup(red).replaceAll(quote, quote === '"' ? '&quot;' : '&#39;');
}

function textNode(raw: string, r: MarkupRedaction): string {
  if (raw.trim() === '') return raw;
  const dec = decodeEntities(raw);
  const red = r.text(dec);
  return red === dec ? raw : escapeMarkup(red);
}

const ENTITY = /&(#[xX][0-9A-Fa-f]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Character references can spell out an address ("jane&#64;example.com"): read them first. */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') === -1) return s;
  return s.replace(ENTITY, (_, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref] ?? '';
    const cp = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFD';
  });
}

/** '&' stays literal where it starts a reference left undecoded (HTML's &nbsp; and friends). */
function escapeMarkup(s: string): string {
  return s
    .replace(/&(?![A-Za-z][A-Za-z0-9]*;)/g, '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}
