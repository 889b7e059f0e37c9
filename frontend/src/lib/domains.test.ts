import { describe, expect, it } from 'vitest';
import { autoJoinDescription, DOMAIN_STATUS } from './domains';

describe('DOMAIN_STATUS', () => {
  it('names each status as the guide would', () => {
    expect(DOMAIN_STATUS.PENDING.label).toBe('Pending');
    expect(DOMAIN_STATUS.VERIFIED.label).toBe('Verified');
    expect(DOMAIN_STATUS.VERIFICATION_LOST.label).toBe('Verification lost');
    expect(DOMAIN_STATUS.VERIFICATION_LOST.help).toContain('auto-join is paused');
  });
  it('describes auto-join with the domain people read', () => {
    expect(autoJoinDescription('bücher.example')).toContain('@bücher.example');
  });
});
