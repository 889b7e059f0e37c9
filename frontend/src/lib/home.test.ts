import { describe, expect, it } from 'vitest';
import { homeTarget } from './home';

const m = (slug: string) => ({ organization: { slug } });

describe('homeTarget', () => {
  it('goes to the last organization, else the first', () => {
    expect(homeTarget([m('acme'), m('globex')], 0, 'globex')).toBe('globex');
    expect(homeTarget([m('acme'), m('globex')], 0, 'gone')).toBe('acme');
    expect(homeTarget([m('acme')], 0, null)).toBe('acme');
  });

  it('stays home while invitations wait, or without any organization', () => {
    expect(homeTarget([m('acme')], 1, 'acme')).toBeNull();
    expect(homeTarget([], 0, null)).toBeNull();
  });
});
