import { describe, expect, it } from 'vitest';
import { newPasswordRules } from './passwords';

describe('newPasswordRules', () => {
  it('counts characters as the server does, not UTF-16 units', () => {
    expect(newPasswordRules('123456789')).toMatch(/at least 10/);
    expect(newPasswordRules('1234567890')).toBeNull();
    // 9 characters outside the BMP are 18 UTF-16 units, still 9 characters.
    expect(newPasswordRules('😀'.repeat(9))).toMatch(/at least 10/);
    expect(newPasswordRules('é'.repeat(10))).toBeNull();
  });

  it('refuses what the server would refuse as too long', () => {
    expect(newPasswordRules('p'.repeat(1024))).toBeNull();
    expect(newPasswordRules('p'.repeat(1025))).toMatch(/shorter/);
    expect(newPasswordRules('é'.repeat(513))).toMatch(/shorter/); // 1,026 bytes
  });
});
