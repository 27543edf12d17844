import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BLOCK_SELECTORS,
  DEFAULT_MASK_SELECTORS,
  mergePolicy,
  parsePolicy,
  type UserSettings,
} from './policy';

const user: UserSettings = {
  origins: [{ pattern: 'https://app.example.com', source: 'user' }],
  blockSelectors: DEFAULT_BLOCK_SELECTORS,
  maskSelectors: DEFAULT_MASK_SELECTORS,
  uploadEndpoint: 'https://mine.example/upload',
  reviewer: 'me',
};

describe('mergePolicy', () => {
  it('keeps user settings where the policy is silent', () => {
    expect(mergePolicy(user, {})).toEqual({ ...user, managed: [] });
  });

  it('adds policy origins (wildcards too) and keeps the user ones unless restricted', () => {
    const merged = mergePolicy(user, { allowedOrigins: ['*.corp.example', 'https://app.example.com'] });
    expect(merged.origins).toEqual([
      { pattern: '*.corp.example', source: 'policy' },
      { pattern: 'https://app.example.com', source: 'policy' },
    ]);
    const restricted = mergePolicy(
      { ...user, origins: [...user.origins, { pattern: 'https://other.example', source: 'user' }] },
      { allowedOrigins: ['*.corp.example'], restrictToAllowedOrigins: true },
    );
    expect(restricted.origins).toEqual([{ pattern: '*.corp.example', source: 'policy' }]);
    expect(restricted.managed).toContain('origins');
  });

  it('adds selectors on top of the built-in masking, never replacing it', () => {
    const merged = mergePolicy(user, { maskSelectors: ['.ssn'], blockSelectors: ['#payroll'] });
    expect(merged.maskSelectors).toEqual([...DEFAULT_MASK_SELECTORS, '.ssn']);
    expect(merged.blockSelectors).toEqual([...DEFAULT_BLOCK_SELECTORS, '#payroll']);
  });

  it('overrides the upload endpoint and reviewer', () => {
    const merged = mergePolicy(user, { uploadEndpoint: 'https://store.corp/api', reviewer: 'qa-team' });
    expect(merged).toMatchObject({ uploadEndpoint: 'https://store.corp/api', reviewer: 'qa-team' });
    expect(merged.managed).toEqual(['uploadEndpoint', 'reviewer']);
  });

  it('ignores policy fields of the wrong shape instead of failing', () => {
    expect(
      parsePolicy({ allowedOrigins: 'x', reviewer: 3, maskSelectors: ['.a', 7, ''], extra: true }),
    ).toEqual({ maskSelectors: ['.a'] });
    expect(parsePolicy(undefined)).toEqual({});
  });
});

describe('redactionRules', () => {
  it('keeps valid terms and patterns, trimming blank terms', () => {
    const policy = parsePolicy({
      redactionRules: {
        terms: [' Project Nightjar ', ''],
        patterns: [{ name: 'Employee ID', regex: 'EMP-\\d{6}', flags: 'i' }],
      },
    });
    expect(policy).toEqual({
      redactionRules: {
        terms: ['Project Nightjar'],
        patterns: [{ name: 'Employee ID', regex: 'EMP-\\d{6}', flags: 'i' }],
      },
    });
  });

  it('treats rules without any term or pattern as absent', () => {
    expect(parsePolicy({ redactionRules: { terms: [], patterns: [] } })).toEqual({});
    expect(parsePolicy({ redactionRules: {} })).toEqual({});
  });

  it('refuses an invalid regular expression with an error naming the pattern', () => {
    const policy = parsePolicy({ redactionRules: { patterns: [{ name: 'Ticket', regex: 'TK-(\\d+' }] } });
    expect(policy.redactionRules).toBeUndefined();
    expect(policy.redactionRulesError).toMatch(
      /^redactionRules: pattern 1 "Ticket": invalid regular expression: .*unterminated group/i,
    );
  });

  it('refuses nested quantifiers (exponential backtracking) and empty matches', () => {
    expect(
      parsePolicy({ redactionRules: { patterns: [{ name: 'slow', regex: '(a+)+$' }] } }).redactionRulesError,
    ).toMatch(/nested quantifiers/);
    expect(
      parsePolicy({ redactionRules: { patterns: [{ name: 'empty', regex: '\\d*' }] } }).redactionRulesError,
    ).toMatch(/empty string/);
  });

  it('refuses a malformed shape instead of dropping it, saying where', () => {
    expect(parsePolicy({ redactionRules: { terms: 'Nightjar' } }).redactionRulesError).toMatch(
      /^redactionRules\.terms: /,
    );
    expect(
      parsePolicy({ redactionRules: { patterns: [{ name: 'x', regex: 7 }] } }).redactionRulesError,
    ).toMatch(/^redactionRules\.patterns\[0\]\.regex: /);
    expect(parsePolicy({ redactionRules: { term: ['typo'] } }).redactionRulesError).toMatch(
      /^redactionRules/,
    );
    // The other keys still apply.
    expect(parsePolicy({ reviewer: 'qa', redactionRules: 'x' })).toMatchObject({ reviewer: 'qa' });
  });
});
