/** url(), srcset() and URLs embedded in free text. */
import { describe, expect, it } from 'vitest';
import { createRedactor } from './index';

const r = createRedactor({ key: new Uint8Array(32).fill(4) });

describe('url()', () => {
  it('redacts the whole URL when it carries user:password', () => {
    expect(r.url('postgres://app:s3cr3t!@db.internal:5432/app')).toMatch(/^\[URL_CREDENTIALS:\w{6}\]$/);
    expect(r.text('Endpoint: redis://default:pw12345@cache:6379 (prod)')).toMatch(
      /^Endpoint: \[URL_CREDENTIALS:\w{6}\] \(prod\)$/,
    );
    // Template placeholders are not credentials.
    const template = ['https://', '$', '{user}:', '$', '{pass}@api.example.com/v1'].join('');
    expect(r.url(template)).toBe(template);
  });

  it('keeps layout and tracking parameters, redacts secret-named ones', () => {
    const out = r.url(
      'https://app.example.com/reset?reset_token=f5ebd96731a1c4562f33cc52b37b4c4e&page=2&utm_source=mail',
    );
    expect(out).toMatch(
      /^https:\/\/app\.example\.com\/reset\?reset_token=\[URL_QUERY_SECRET:\w{6}\]&page=2&utm_source=mail$/,
    );
    expect(r.url('https://x.example/#access_token=abc123def456&token_type=bearer')).toMatch(
      /#access_token=\[URL_QUERY_SECRET:\w{6}\]&token_type=bearer$/,
    );
    expect(
      r.url('https://s3.example/f?X-Amz-Signature=0123456789abcdef0123456789abcdef&X-Amz-Expires=300'),
    ).toMatch(/X-Amz-Signature=\[URL_QUERY_SECRET:\w{6}\]&X-Amz-Expires=300$/);
  });

  it('pseudonymizes typed-text parameters whole and redacts token-like values of unknown parameters', () => {
    expect(r.url('/search?q=jane%40example.com&page=3')).toMatch(
      /^\/search\?q=\[URL_QUERY_TEXT:\w{6}\]&page=3$/,
    );
    expect(r.url('/search?q=blue+shoes&page=3')).toMatch(/^\/search\?q=\[URL_QUERY_TEXT:\w{6}\]&page=3$/);
    expect(r.url('/search?q=blue+shoes')).toBe(r.url('/search?q=blue%20shoes')); // same value, same pseudonym
    expect(r.url('https://x.example/cb?ref=Xk29dLq0PzR8sT4uVw7yZa1B')).toMatch(
      /ref=\[URL_QUERY_SECRET:\w{6}\]$/,
    );
  });

  it('leaves no prefix of a value typed into a search box that mirrors it in the URL', () => {
    const typed = 'ana.lima@example.com';
    for (let i = 1; i <= typed.length; i++) {
      const out = r.url(`https://app.example/tickets?q=${encodeURIComponent(typed.slice(0, i))}`);
      expect(out).toMatch(/\?q=\[URL_QUERY_TEXT:\w{6}\]$/);
    }
  });

  it('redacts token-like path segments and PII in paths', () => {
    expect(r.url('https://x.example/invite/aZ3kP9qR2sT7uV1wX5yZ0bC4dE')).toMatch(
      /\/invite\/\[URL_PATH_SECRET:\w{6}\]$/,
    );
    expect(r.url('https://x.example/users/jane@example.com/profile')).toMatch(
      /\/users\/\[EMAIL:\w{6}\]\/profile$/,
    );
    expect(r.url('https://github.com/acme/app/commit/5fb7e5b1f1d2e09d1cc627330070beb8838ded98')).toBe(
      'https://github.com/acme/app/commit/5fb7e5b1f1d2e09d1cc627330070beb8838ded98',
    );
  });

  it('treats webhook URLs as secrets and leaves benign URLs untouched', () => {
    expect(r.url('https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX')).toMatch(
      /^\[SLACK_TOKEN:\w{6}\]$/,
    );
    for (const u of [
      'https://docs.example.com/guide/getting-started#installation',
      'https://app.example.net/projects/5176/board?view=kanban&sort=priority',
      'https://cdn.example.net/img/logo@2x.png?w=640&h=480',
      'https://www.example.org/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=spring',
      '#',
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    ]) {
      expect(r.url(u)).toBe(u);
    }
    expect(r.url('mailto:jane@example.com')).toMatch(/^mailto:\[EMAIL:\w{6}\]$/);
  });
});

describe('srcset()', () => {
  it('redacts each candidate URL and keeps descriptors', () => {
    const out = r.srcset('/a.png?token=abcdef123456 1x, /b.png 2x');
    expect(out).toMatch(/^\/a\.png\?token=\[URL_QUERY_SECRET:\w{6}\] 1x, \/b\.png 2x$/);
    expect(r.srcset('/a.png 480w,/b.png 800w')).toBe('/a.png 480w,/b.png 800w');
  });
});

describe('URLs in free text', () => {
  it('applies URL rules inside sentences and keeps trailing punctuation', () => {
    const out = r.text('Open https://app.example/reset?token=q16YJf1BSqXveWslTLKiAFZz. Thanks');
    expect(out).toMatch(/^Open https:\/\/app\.example\/reset\?token=\[URL_QUERY_SECRET:\w{6}\]\. Thanks$/);
  });
});
