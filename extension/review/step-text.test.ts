import { describe, expect, it } from 'vitest';
import { describeStep } from './step-text';

describe('step text', () => {
  it('says what was done to what', () => {
    const target = { name: 'Email', text: '', attributes: {}, tag: 'input' } as unknown as Parameters<
      typeof describeStep
    >[1];
    expect(
      describeStep({ type: 'type', value: '[EMAIL:abc123]', from: '', values: [], commit: 'enter' }, target),
    ).toBe('Type “[EMAIL:abc123]” into “Email”');
    expect(
      describeStep({ type: 'keypress', key: 'Enter', modifiers: [], combo: 'Enter', count: 2 }, null),
    ).toBe('Press Enter ×2');
  });
});
