/**
 * Per-detector positives and decoys through the public `text()` entry point. Values are
 * synthetic (test card numbers, the standard IBAN examples, generated tokens), never fixture data.
 */
import { describe, expect, it } from 'vitest';
import { createRedactor } from './index';

const key = new Uint8Array(32).fill(9);
const r = createRedactor({ key });
const PH = /\[[A-Z][A-Z0-9_]*:[0-9A-Za-z]{6}\]/;

/** Deterministic pseudo-random token of `n` base62 characters. */
function tok(n: number, seed = 1): string {
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let x = seed * 2654435761;
  let out = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out += a[(x >>> 8) % a.length];
  }
  return out;
}

function b64url(o: unknown): string {
  return btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

function expectRedacted(input: string, secret: string, type?: string): string {
  const out = r.text(input);
  expect(out, input).not.toContain(secret);
  expect(out).toMatch(PH);
  if (type) expect(out).toContain(`[${type}:`);
  return out;
}

function expectKept(input: string): void {
  expect(r.text(input), input).toBe(input);
}

describe('email', () => {
  it('redacts addresses in text, any case, with plus tags and subdomains', () => {
    expectRedacted(
      'Contact jane.doe+crm@mail.example.co.uk for access.',
      'jane.doe+crm@mail.example.co.uk',
      'EMAIL',
    );
    expectRedacted('mailto:JOHN@EXAMPLE.ORG', 'JOHN@EXAMPLE.ORG', 'EMAIL');
    expect(r.text('Reply to a@b.io now')).toMatch(/^Reply to \[EMAIL:\w{6}\] now$/);
  });
  it('leaves handles, asset names, packages and media queries alone', () => {
    for (const s of [
      'logo@2x.png',
      'icon-3@3x.webp',
      'npm i @types/node@20',
      '@media (max-width: 640px)',
      'Follow @acme on X',
      'user@',
      '@babel/core',
    ]) {
      expectKept(s);
    }
  });
});

describe('credit cards', () => {
  it('redacts Luhn-valid numbers, grouped or not', () => {
    expectRedacted('Card 4111 1111 1111 1111 declined', '4111 1111 1111 1111', 'CREDIT_CARD');
    expectRedacted('5500-0000-0000-0004', '5500-0000-0000-0004', 'CREDIT_CARD');
    expectRedacted('Amex 3782 822463 10005', '3782 822463 10005', 'CREDIT_CARD');
    expectRedacted('paid with 4012888888881881 exp 04/27', '4012888888881881', 'CREDIT_CARD');
  });
  it('leaves Luhn-invalid numbers, timestamps, order ids and build numbers', () => {
    for (const s of [
      '4111 1111 1111 1112',
      'Created at 1657122905878',
      'Order #268-8893309-6297346',
      'Build 8909.4551.9331.0240',
      'Tracking: 1ZX70U0EBIEYYLJMBE',
    ]) {
      expectKept(s);
    }
  });
});

describe('IBAN', () => {
  it('redacts valid IBANs spaced or not, any case', () => {
    expectRedacted(
      'Transfer to DE89 3704 0044 0532 0130 00 by Friday',
      'DE89 3704 0044 0532 0130 00',
      'IBAN',
    );
    expectRedacted('IBAN: GB82WEST12345698765432', 'GB82WEST12345698765432', 'IBAN');
    expectRedacted('my iban is gb82west12345698765432', 'gb82west12345698765432', 'IBAN');
  });
  it('leaves mod-97 failures, part numbers and SKUs', () => {
    for (const s of ['DE89 3704 0044 0532 0130 01', 'Part number JZ96 4360 6884', 'SKU DS83-AQIDVPAI'])
      expectKept(s);
  });
});

describe('US SSN', () => {
  it('redacts dashed/spaced SSNs and bare nine digits near a hotword', () => {
    expectRedacted('SSN: 123-45-6789', '123-45-6789', 'US_SSN');
    expectRedacted('Tax ID (SSN) 123 45 6789 on file', '123 45 6789', 'US_SSN');
    expectRedacted('Social Security Number 123456789', '123456789', 'US_SSN');
  });
  it('leaves invalid areas, bare digits without context and look-alike references', () => {
    for (const s of [
      '000-12-3456',
      '666-12-3456',
      '912-12-3456',
      '123456789',
      'Ref 1197-10-407',
      '500-42-6742-86 (batch)',
      'Run 218.85.3874s',
      'Employee ID 6550793',
    ]) {
      expectKept(s);
    }
  });
});

describe('phone', () => {
  it('redacts international and national shapes', () => {
    expectRedacted('Phone: +1 415 555 0134', '415 555 0134', 'PHONE');
    expectRedacted('Call me at 415-555-0134 tomorrow.', '415-555-0134', 'PHONE');
    expectRedacted('+44 20 7946 0958', '7946 0958', 'PHONE');
    expectRedacted('(11) 96385-2661', '96385-2661', 'PHONE');
    expectRedacted('030 6788 4165', '030 6788 4165', 'PHONE');
    expectRedacted('01 86 92 49 53', '01 86 92 49 53', 'PHONE');
    expectRedacted('tel:+14155550134', '14155550134', 'PHONE');
  });
  it('redacts bare digit runs only near a phone word', () => {
    expectRedacted('Mobile: 4155550134', '4155550134', 'PHONE');
    expectKept('Ticket 4155550134');
  });
  it('leaves prices, counts, versions, ZIP+4, dates and times', () => {
    for (const s of [
      '$92,004.39',
      '566,615,429 rows',
      'v11.10.13',
      'ZIP 46543-7908',
      'Page 2 of 355',
      'Open 10:00-18:30',
      '2023-04-14 12:25',
      'Qty 317 × 27.86 EUR',
      'Invoice INV-2020-79390',
      'Ticket #753698',
    ]) {
      expectKept(s);
    }
  });
});

describe('IP addresses', () => {
  it('redacts valid v4 and v6', () => {
    expectRedacted('Login from 203.0.113.42', '203.0.113.42', 'IPV4');
    expectRedacted('Allowed: 198.51.100.7/32', '198.51.100.7', 'IPV4');
    expectRedacted('remote_addr=2001:db8:85a3::8a2e:370:7334', '2001:db8:85a3::8a2e:370:7334', 'IPV6');
    expectRedacted('fe80::1ff:fe23:4567:890a', 'fe80::1ff:fe23:4567:890a', 'IPV6');
  });
  it('leaves versions, times, ratios and short hex pairs', () => {
    for (const s of [
      'Chrome 130.0.5184.230',
      'Version 1.2.3.4',
      'at 16:32:21',
      'ratio 16:9, 4:3',
      'SHA 8ad5:6b56',
      '999.1.1.1',
      'std::vector',
    ]) {
      expectKept(s);
    }
  });
});

describe('date of birth', () => {
  it('redacts dates near a birth word', () => {
    expectRedacted('DOB: 10.10.1961', '10.10.1961', 'DOB');
    expectRedacted('Born April 17, 1967', 'April 17, 1967', 'DOB');
    expectRedacted('date_of_birth=4 January 2004&step=2', '4 January 2004', 'DOB');
    expectRedacted('Geburtsdatum: 1951-05-03', '1951-05-03', 'DOB');
  });
  it('treats a lone adult-age date as a birth date', () => {
    expectRedacted('17 October 1971', '17 October 1971', 'DOB');
  });
  it('leaves invoice dates, due dates, logins and renewals', () => {
    for (const s of [
      'Invoice date 05.03.2024',
      'Due 2027-10-23',
      'Last login Sat, 21 Nov 2026 15:50:52 GMT',
      'Renews on Sun Aug 08 2027',
      'Created 06/28/2024',
      '2023-04-06T11:32:47.649Z',
    ]) {
      expectKept(s);
    }
  });
});

describe('street address', () => {
  it('redacts printed street lines in several conventions', () => {
    expectRedacted('Ship to 1780 Park Lane, Springfield, IL 62704', '1780 Park Lane', 'STREET_ADDRESS');
    expectRedacted('4704 Scottie Extension Apt. 973', 'Scottie Extension', 'STREET_ADDRESS');
    expectRedacted('Address: 138 avenue des Champs-Élysées', 'Champs-Élysées', 'STREET_ADDRESS');
    expectRedacted('Deliver to Goethestraße 100 before noon', 'Goethestraße 100', 'STREET_ADDRESS');
    expectRedacted('Via Roma, 55', 'Via Roma, 55', 'STREET_ADDRESS');
  });
  it('leaves product copy that shares the shape', () => {
    for (const s of [
      '33 Park Avenue deals closed this quarter',
      'Sprint 44 Drive',
      '38 Way to grow revenue',
      'Uploaded 4 files to Google Drive',
      'All 7 Street View images processed',
      'Step 3 Lane assignment',
      'Spring 2024',
    ]) {
      expectKept(s);
    }
  });
});

describe('person names', () => {
  it('redacts names after cues, titles and before activity verbs', () => {
    expectRedacted('Dear Guru Kaniyar,', 'Guru Kaniyar', 'PERSON_NAME');
    expectRedacted('Owner: Dr. Coby Murazik', 'Coby Murazik', 'PERSON_NAME');
    expectRedacted('Assigned to Víctor Tovar López', 'Víctor Tovar López', 'PERSON_NAME');
    expectRedacted('Created by 木下 裕子 3 days ago', '木下 裕子', 'PERSON_NAME');
    expectRedacted('Maxie Kunze commented on this issue', 'Maxie Kunze', 'PERSON_NAME');
    expect(r.text('Dear Jane Roe,')).toMatch(/^Dear \[PERSON_NAME:\w{6}\],$/);
  });
  it('leaves role words and ordinary UI text', () => {
    for (const s of [
      'Dear Customer,',
      'Hi team,',
      'Save Changes',
      'Computers Dashboard',
      'Grant Access',
      'Hello World',
    ])
      expectKept(s);
  });
});

describe('secrets', () => {
  const cases: [string, string, string][] = [
    ['AWS_KEY', 'AKIA', `AKIA${tok(16, 2).toUpperCase()}`],
    ['GITHUB_TOKEN', 'ghp', `ghp_${tok(36, 3)}`],
    ['GITHUB_TOKEN', 'pat', `github_pat_${tok(22, 4)}_${tok(59, 5)}`],
    ['GITLAB_TOKEN', 'glpat', `glpat-${tok(20, 6)}`],
    ['SLACK_TOKEN', 'xoxb', `xoxb-123456789012-1234567890123-${tok(24, 7)}`],
    ['STRIPE_KEY', 'sk_live', `sk_live_${tok(24, 8)}`],
    ['STRIPE_KEY', 'rk_test', `rk_test_${tok(24, 9)}`],
    ['GOOGLE_API_KEY', 'AIza', `AIza${tok(35, 10)}`],
    ['NPM_TOKEN', 'npm', `npm_${tok(36, 11)}`],
    ['PYPI_TOKEN', 'pypi', `pypi-AgEIcHlwaS5vcmc${tok(60, 12)}`],
    ['OPENAI_KEY', 'sk-proj', `sk-proj-${tok(48, 13)}`],
  ];
  for (const [type, label, secret] of cases) {
    it(`redacts ${label} tokens as ${type}`, () => {
      expectRedacted(`token is ${secret} here`, secret, type);
    });
  }
  it('redacts JWTs whose header and payload decode to JSON', () => {
    const jwt = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '42', email: 'a@b.co' })}.${tok(43, 14)}`;
    expectRedacted(`Authorization: Bearer ${jwt}`, jwt.slice(0, 30), 'JWT');
  });
  it('redacts PEM private key bodies, also when the END line is missing', () => {
    const body = `${tok(64, 15)}\n${tok(64, 16)}`;
    const full = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
    const out = expectRedacted(full, tok(64, 15), 'PRIVATE_KEY');
    expect(out).toContain('-----BEGIN RSA PRIVATE KEY-----');
    expectRedacted(
      `key.pem:\n-----BEGIN PRIVATE KEY-----\n${tok(64, 17)}\n${tok(20, 18)}`,
      tok(20, 18),
      'PRIVATE_KEY',
    );
  });
  it('redacts Bearer/Basic credentials and key=value secrets, keeping the key', () => {
    expectRedacted(`Authorization: Bearer ${tok(30, 19)}`, tok(30, 19));
    expectRedacted(`Authorization: Basic ${btoa('admin:hunter22')}`, btoa('admin:hunter22'));
    expect(r.text('pwd=Oddballgrass44!')).toMatch(/^pwd=\[KV_SECRET:\w{6}\]$/);
    expect(r.text('api_key = "RwuVDNosGwdcbM"')).toMatch(/^api_key = "\[KV_SECRET:\w{6}\]"$/);
    expectRedacted("client_secret: 'y8ntdy6p7zetfM'", 'y8ntdy6p7zetfM');
    expectRedacted('mysql --user=admin --password=S3cret!x', 'S3cret!x');
  });
  it('redacts unknown high-entropy tokens', () => {
    expectRedacted(`session ${tok(32, 20)} expired`, tok(32, 20), 'HIGH_ENTROPY');
  });
  it('leaves public ids, digests, UUIDs, hashes, class names and publishable keys', () => {
    for (const s of [
      'commit 5fb7e5b1f1d2e09d1cc627330070beb8838ded98',
      'sha256:3dcfcf84e215795e938b4184f8e3688371f7d5a1f4266d633767f2bd63d44298',
      '50e291c4-3fc3-45f2-9b68-b22eca53bb54',
      'data-testid="tennis-6c1f1622-823a-46a9-a097-38fae2dcb7a3"',
      'integrity="sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC"',
      'evt_0n5uqHWdEcJ1JHtKOHyVPeI5',
      `pk_live_${tok(24, 21)}`,
      '/static/js/main.4f9e304e.chunk.js',
      'flex items-center justify-between gap-2 px-4 py-2 text-sm font-medium',
      'handleSubmitButtonClick',
    ]) {
      expectKept(s);
    }
  });
});

describe('ordinary UI text', () => {
  it('is left exactly as it is', () => {
    for (const s of [
      'Updated 36 minutes ago',
      'Oriental Marble Shirt — $341.35',
      'Invoice #INV-2020-09462 — $5,993.48 due 2027-05-01',
      'Showing 1–25 of 4,703 results',
      'Chrome 130.0.5184.230',
      'Sprint 45 · 3 issues · 7 blocked',
      'Q1 revenue grew 20.1% to $17.7M',
      '{"id":"cus_OLUycfqDjUWMOb","amount":69119,"currency":"usd","created":1640726516,"status":"open"}',
      'Order 91716 shipped via UPS',
      'color: #ff00aa; background: #1a2b3c4d',
      'rgba(12, 34, 56, 0.5)',
      '1700000000000',
      'v2.14.3-rc.1',
      'Save',
      '',
    ]) {
      expectKept(s);
    }
  });
});
