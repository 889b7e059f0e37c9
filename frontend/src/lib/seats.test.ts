import { describe, expect, it } from 'vitest';
import { formatSeatUsage, seatBreakdown, seatColor, seatPercent, seatsFull, seatsFullOptionsSentence, seatsNearlyFull } from './seats';

const usage = (used: number, total: number) => ({ used, total, available: Math.max(0, total - used), active: used, pending: 0 });

describe('seat usage', () => {
  it('reads "used/total" as in the guide', () => {
    expect(formatSeatUsage({ used: 45, total: 100 })).toBe('45/100');
    expect(formatSeatUsage({ used: 0, total: 10 })).toBe('0/10');
  });

  it('rounds the meter and clamps it to 0–100', () => {
    expect(seatPercent(usage(45, 100))).toBe(45);
    expect(seatPercent(usage(1, 3))).toBe(33);
    expect(seatPercent(usage(12, 10))).toBe(100);
    expect(seatPercent(usage(0, 0))).toBe(100);
  });

  it('is full when nothing is available, nearly full from 80%', () => {
    expect(seatsFull(usage(10, 10))).toBe(true);
    expect(seatsFull(usage(9, 10))).toBe(false);
    expect(seatsNearlyFull(usage(8, 10))).toBe(true);
    expect(seatsNearlyFull(usage(7, 10))).toBe(false);
    expect(seatsNearlyFull(usage(10, 10))).toBe(false);
    expect([seatColor(usage(3, 10)), seatColor(usage(9, 10)), seatColor(usage(10, 10))]).toEqual(['teal', 'orange', 'red']);
  });

  it('explains what takes the seats', () => {
    expect(seatBreakdown({ used: 4, total: 10, available: 6, active: 3, pending: 1 })).toBe(
      '3 active members · 1 pending invitation · 6 seats available',
    );
    expect(seatBreakdown({ used: 1000, total: 1001, available: 1, active: 1000, pending: 0 })).toBe(
      '1,000 active members · 0 pending invitations · 1 seat available',
    );
  });
});

describe('seatsFullOptionsSentence', () => {
  it('gives the guide’s three options, the last as the viewer can act on it', () => {
    expect(seatsFullOptionsSentence(true)).toBe('To free a seat: remove inactive members, cancel pending invitations, or upgrade to more seats (Settings → Organization).');
    expect(seatsFullOptionsSentence(false)).toBe('To free a seat: remove inactive members, cancel pending invitations, or ask the owner to upgrade to more seats.');
  });
});
