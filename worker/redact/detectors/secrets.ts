/**
 * Credentials with a published format: vendor prefixes (GitHub, GitLab, Slack, Stripe, Google,
 * npm, PyPI, OpenAI, Anthropic and others), PEM private key bodies (also when cut off before the
 * END line), and GCP service-account JSON. Stripe publishable keys (pk_) are public by design and
 * are left alone.
 */
import type { Sink } from '../types';
import { type Runs, tokenWindows } from './runs';

interface Rule {
  type: string;
  src: string;
}

// Each source carries its own left boundary: most refuse a preceding letter or digit, Tailscale
// only a letter ("0tskey-" is a hit in secretlint's suite), SendGrid nothing (keys get pasted
// glued to text).
const RULES: Rule[] = [
  {
    type: 'AWS_KEY',
    src: '(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA)[A-Z0-9]{16}(?![A-Za-z0-9])',
  },
  { type: 'GITHUB_TOKEN', src: '(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9_]{30,255}' },
  { type: 'GITHUB_TOKEN', src: '(?<![A-Za-z0-9])github_pat_[A-Za-z0-9_]{22,255}' },
  {
    type: 'GITLAB_TOKEN',
    src: '(?<![A-Za-z0-9])gl(?:pat|dt|ptt|rt|ft|imt|agent|oas|cbt|soat)-[A-Za-z0-9_-]{20,}',
  },
  { type: 'SLACK_TOKEN', src: '(?<![A-Za-z0-9])xox[abposre]-[A-Za-z0-9-]{10,}' },
  { type: 'SLACK_TOKEN', src: '(?<![A-Za-z0-9])xapp-\\d-[A-Za-z0-9-]{10,}' },
  { type: 'STRIPE_KEY', src: '(?<![A-Za-z0-9])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}' },
  { type: 'STRIPE_KEY', src: '(?<![A-Za-z0-9])whsec_[A-Za-z0-9]{24,}' },
  { type: 'GOOGLE_API_KEY', src: '(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}' },
  { type: 'GOOGLE_OAUTH', src: '(?<![A-Za-z0-9])(?:GOCSPX-[A-Za-z0-9_-]{20,}|ya29\\.[A-Za-z0-9_-]{20,})' },
  { type: 'NPM_TOKEN', src: '(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}' },
  { type: 'PYPI_TOKEN', src: '(?<![A-Za-z0-9])pypi-AgE[A-Za-z0-9_-]{50,}' },
  { type: 'ANTHROPIC_KEY', src: '(?<![A-Za-z0-9])sk-ant-[a-z]{2,10}\\d{0,3}-[A-Za-z0-9_-]{20,}' },
  { type: 'OPENAI_KEY', src: '(?<![A-Za-z0-9])sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}' },
  { type: 'API_TOKEN', src: '(?<![A-Za-z0-9])ops_eyJ[A-Za-z0-9+/=_-]{20,}' },
  { type: 'API_TOKEN', src: '(?<![A-Za-z0-9])cf(?:at|ut|k)_[A-Za-z0-9]{40,}' },
  { type: 'API_TOKEN', src: '(?<![A-Za-z0-9])dapi[A-Fa-f0-9]{32}(?:-\\d)?' },
  { type: 'API_TOKEN', src: '(?<![A-Za-z0-9])dckr_pat_[A-Za-z0-9_-]{20,}' },
  { type: 'API_TOKEN', src: '(?<![A-Za-z0-9])figd_[A-Za-z0-9_-]{20,}' },
  {
    type: 'API_TOKEN',
    src: '(?<![A-Za-z0-9])(?:glc_[A-Za-z0-9+/=]{20,}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})',
  },
  { type: 'API_TOKEN', src: '(?<![A-Za-z0-9])gsk_[A-Za-z0-9]{40,}' },
  { type: 'API_TOKEN', src: '(?<![A-Za-z0-9])hv[sbr]\\.[A-Za-z0-9_-]{20,}' },
  { type: 'API_TOKEN', src: '(?<![A-Za-z0-9])hf_[A-Za-z0-9]{30,}' },
  { type: 'API_TOKEN', src: '(?<![A-Za-z0-9])lin_(?:api|oauth)_[A-Za-z0-9]{32,}' },
  {
    type: 'API_TOKEN',
    src: '(?<![A-Za-z0-9])(?:ntn_[A-Za-z0-9]{40,}|secret_[A-Za-z0-9]{43}(?![A-Za-z0-9]))',
  },
  { type: 'API_TOKEN', src: 'SG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{16,64}' },
  { type: 'API_TOKEN', src: '(?<![A-Za-z0-9])shp(?:ss|at|ca|pa)_[A-Za-z0-9]{20,}' },
  { type: 'API_TOKEN', src: '(?<![A-Za-z])tskey-[a-z]+-[A-Za-z0-9]{6,}-[A-Za-z0-9]{10,}' },
  { type: 'API_TOKEN', src: '(?<![A-Za-z0-9])vc[pirak]_[A-Za-z0-9]{24,}' },
  { type: 'API_TOKEN', src: '(?<![A-Za-z0-9])SK[0-9a-fA-F]{32}(?![A-Za-z0-9])' },
  { type: 'API_TOKEN', src: '(?<![A-Za-z0-9])key-[0-9a-f]{32}(?![A-Za-z0-9])' },
  { type: 'API_TOKEN', src: '(?<![A-Za-z0-9])do[opr]_v1_[a-f0-9]{64}' },
  { type: 'API_TOKEN', src: '(?<![A-Za-z0-9])ATATT3[A-Za-z0-9_=-]{50,}' },
  { type: 'API_TOKEN', src: '(?<![A-Za-z0-9])sq0(?:atp|csp)-[A-Za-z0-9_-]{22,}' },
  { type: 'API_TOKEN', src: '(?<![A-Za-z0-9])AGE-SECRET-KEY-1[A-Z0-9]{58}' },
  { type: 'API_TOKEN', src: '(?<![A-Za-z0-9])\\d{8,10}:AA[A-Za-z0-9_-]{33}' },
  { type: 'API_TOKEN', src: '(?<![A-Za-z0-9])[MN][A-Za-z\\d]{23}\\.[\\w-]{6}\\.[\\w-]{27}' },
];

const COMBINED = new RegExp(RULES.map((r) => `(${r.src})`).join('|'), 'g');
const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?)-----/g;
const GCP = /"type"\s*:\s*"service_account"/g;

function tokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

export function findKnownSecrets(s: string, out: Sink, wins: Runs = tokenWindows(s)): void {
  for (let w = 0; w < wins.length; w += 2) {
    const a = wins[w] ?? 0;
    const sub = s.slice(a, wins[w + 1]);
    COMBINED.lastIndex = 0;
    for (let m = COMBINED.exec(sub); m !== null; m = COMBINED.exec(sub)) {
      let k = 1;
      while (k < m.length && m[k] === undefined) k++;
      // Never leave a tail: a token longer than its format says is redacted whole.
      let end = a + m.index + m[0].length;
      while (end < s.length && tokenChar(s.charCodeAt(end))) end++;
      out.push({ start: a + m.index, end, type: RULES[k - 1]?.type ?? 'API_TOKEN' });
      COMBINED.lastIndex = end - a;
    }
  }
}

/** Redacts the key body between BEGIN and END, or to the end of the string when cut off. */
export function findPrivateKeys(s: string, out: Sink): void {
  PEM_BEGIN.lastIndex = 0;
  for (let m = PEM_BEGIN.exec(s); m !== null; m = PEM_BEGIN.exec(s)) {
    const bodyStart = m.index + m[0].length;
    const endMarker = s.indexOf('-----END', bodyStart);
    const bodyEnd = endMarker === -1 ? s.length : endMarker;
    // Keep the line breaks (real or JSON-escaped) around the body so the frame stays readable.
    let a = bodyStart;
    let b = bodyEnd;
    for (;;) {
      if (a < b && /\s/.test(s[a] ?? '')) a++;
      else if (a + 1 < b && s[a] === '\\' && s[a + 1] === 'n') a += 2;
      else break;
    }
    for (;;) {
      if (b > a && /\s/.test(s[b - 1] ?? '')) b--;
      else if (b - 1 > a && s[b - 2] === '\\' && s[b - 1] === 'n') b -= 2;
      else break;
    }
    if (b > a) out.push({ start: a, end: b, type: 'PRIVATE_KEY' });
    PEM_BEGIN.lastIndex = bodyEnd;
  }
}

/** A GCP service-account key file is secret as a whole: its ids and client email included. */
export function findServiceAccounts(s: string, out: Sink): void {
  GCP.lastIndex = 0;
  for (let m = GCP.exec(s); m !== null; m = GCP.exec(s)) {
    const open = s.lastIndexOf('{', m.index);
    const start = open === -1 ? m.index : open;
    let depth = 0;
    let end = s.length;
    let inStr = false;
    for (let i = start; i < s.length; i++) {
      const c = s[i];
      if (inStr) {
        if (c === '\\') i++;
        else if (c === '"') inStr = false;
      } else if (c === '"') inStr = true;
      else if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) {
          end = i + 1;
          break;
        }
      }
    }
    out.push({ start, end, type: 'GCP_SERVICE_ACCOUNT' });
    GCP.lastIndex = end;
  }
}
