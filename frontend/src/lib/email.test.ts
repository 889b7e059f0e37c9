import { describe, expect, it } from 'vitest';
import { isEmailShape } from './email';

describe('isEmailShape', () => {
  it.each([
    ['ana@example.com', true],
    ['first.last+tag@sub.example.co.uk', true],
    ["o'brien@example.ie", true],
    ['ANA@EXAMPLE.COM', true],
    ['jürgen@bücher.de', true],
    ['', false],
    ['ana', false],
    ['ana@', false],
    ['@example.com', false],
    ['ana@example', false],
    ['ana@@example.com', false],
    ['ana@exa mple.com', false],
    ['Ana <ana@example.com>', false],
    ['.ana@example.com', false],
    ['ana.@example.com', false],
    ['an..a@example.com', false],
    ['ana@-example.com', false],
    ['ana@example..com', false],
    [`${'a'.repeat(65)}@example.com`, false],
    [`${'a'.repeat(64)}@example.com`, true],
    [`a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(60)}.com`, false],
  ])('%s → %s', (input, ok) => {
    expect(isEmailShape(input)).toBe(ok);
  });
});
