import { beforeEach, describe, expect, it } from 'vitest';
import { rememberAfterVerify, safeNext, takeAfterVerify, withNext } from './navigation';

describe('safeNext', () => {
  it('keeps same-site paths and refuses other origins', () => {
    expect(safeNext('/invitations/accept?token=abc')).toBe('/invitations/accept?token=abc');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext(null, '/home')).toBe('/home');
  });
});

describe('after verification', () => {
  beforeEach(() => localStorage.clear());
  it('remembers the invitation once', () => {
    rememberAfterVerify('/invitations/accept?token=t1');
    expect(takeAfterVerify()).toBe('/invitations/accept?token=t1');
    expect(takeAfterVerify()).toBeNull();
  });
});

describe('withNext', () => {
  it('adds next and extra parameters', () => {
    expect(withNext('/sign-in', '/invitations/accept?token=a&b', { email: 'a+b@x.io' })).toBe(
      '/sign-in?email=a%2Bb%40x.io&next=%2Finvitations%2Faccept%3Ftoken%3Da%26b',
    );
    expect(withNext('/sign-in', null)).toBe('/sign-in');
  });
});
