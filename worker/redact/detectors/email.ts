/**
 * Emails are found from each '@' outwards with bounded loops rather than one regex, because a
 * regex starting with an unbounded local-part class rescans the same run from every start
 * position (quadratic on a long run ending in '@').
 */
import type { Sink } from '../types';

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;
// Asset names such as logo@2x.png look like addresses; their "TLD" is a file extension.
const FILE_EXT = new Set(
  'png jpg jpeg gif webp svg avif ico bmp tif tiff heic js mjs cjs ts tsx jsx css scss less map json html htm xml txt md pdf zip gz tgz tar mp3 mp4 m4a mov webm wasm woff woff2 ttf otf eot csv lock yml yaml toml'.split(
    ' ',
  ),
);

function isLocal(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 46 || // .
    c === 95 || // _
    c === 37 || // %
    c === 43 || // +
    c === 45 || // -
    c === 39 || // '
    (c >= 0xc0 && c <= 0x24f)
  );
}

function isDomain(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 46 ||
    c === 45 ||
    (c >= 0xc0 && c <= 0x24f)
  );
}

function validDomain(d: string): boolean {
  // Labels walked in place (the same checks as on d.split('.')).
  let first = '';
  let tld = '';
  let count = 0;
  for (let a = 0; ; ) {
    const dot = d.indexOf('.', a);
    const b = dot === -1 ? d.length : dot;
    const len = b - a;
    if (len === 0 || len > 63 || d.charCodeAt(a) === 45 || d.charCodeAt(b - 1) === 45) return false;
    if (count === 0) first = d.slice(a, b);
    count++;
    if (dot === -1) {
      tld = d.slice(a, b);
      break;
    }
    a = dot + 1;
  }
  if (count < 2) return false;
  if (tld.length < 2 || /[^A-Za-z\u00c0-\u024f]/.test(tld)) return false;
  if (FILE_EXT.has(tld.toLowerCase())) return false;
  // "@2x" / "@3x" retina suffixes.
  if (/^\d+(?:\.\d+)?x$/i.test(first)) return false;
  return true;
}

export function findEmails(s: string, out: Sink): void {
  let at = s.indexOf('@');
  while (at !== -1) {
    let a = at;
    while (a > 0 && at - a < MAX_LOCAL + 1 && isLocal(s.charCodeAt(a - 1))) a--;
    // Hitting the cap inside a run means this is not a real local part.
    const capped = at - a > MAX_LOCAL;
    while (a < at && s.charCodeAt(a) === 46) a++;
    let b = at + 1;
    while (b < s.length && b - at <= MAX_DOMAIN && isDomain(s.charCodeAt(b))) b++;
    while (b > at + 1 && (s.charCodeAt(b - 1) === 46 || s.charCodeAt(b - 1) === 45)) b--;
    if (!capped && a < at && b > at + 1 && validDomain(s.slice(at + 1, b))) {
      const local = s.slice(a, at);
      // "git@github.com:org/repo.git" is an SSH remote, not a mailbox.
      const sshRemote = local === 'git' && s[b] === ':';
      if (!sshRemote && !local.endsWith('.') && !/^\.|\.\./.test(local)) {
        out.push({ start: a, end: b, type: 'EMAIL', norm: s.slice(a, b).toLowerCase() });
      }
    }
    at = s.indexOf('@', b > at ? b : at + 1);
  }
}
