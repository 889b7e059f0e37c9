import { describe, expect, it } from 'vitest';
import { chartPoints, historySummary, type HistoryPoint } from './seatHistory';

const day = (d: string, active: number, pending: number, total = 10): HistoryPoint => ({ day: `${d}T00:00:00Z`, active, pending, total });

describe('chartPoints', () => {
  const today = new Date('2026-12-02T15:00:00Z');
  const history = [day('2026-11-30', 1, 0), day('2026-12-01', 3, 2, 8), day('2026-12-02', 3, 1)];

  it('gives one point a day with used = active + pending, oldest first', () => {
    const pts = chartPoints(history, undefined, today);
    expect(pts.map((p) => p.label)).toEqual(['Nov 30', 'Dec 1', 'Dec 2']);
    expect(pts[1]).toMatchObject({ date: '2026-12-01', Active: 3, Pending: 2, Used: 5, 'Seat limit': 8 });
  });

  it('makes today’s point the usage now', () => {
    const pts = chartPoints(history, { active: 4, pending: 2, total: 12 }, today);
    expect(pts[2]).toMatchObject({ Active: 4, Pending: 2, Used: 6, 'Seat limit': 12 });
    expect(pts[1]).toMatchObject({ Used: 5 });
  });

  it('leaves the last point alone when it is not today', () => {
    const pts = chartPoints(history.slice(0, 2), { active: 9, pending: 0, total: 10 }, today);
    expect(pts[1]).toMatchObject({ Used: 5 });
  });
});

describe('historySummary', () => {
  it('says today’s usage, the first day’s and the peak', () => {
    const pts = chartPoints([day('2026-11-30', 1, 0), day('2026-12-01', 3, 3), day('2026-12-02', 3, 1)], undefined, new Date('2026-12-02T01:00:00Z'));
    expect(historySummary(pts)).toBe('Today: 4 of 10 seats used (3 active, 1 pending). On Nov 30: 1 of 10. Most in this period: 6 of 10, on Dec 1.');
  });

  it('copes with a new organization and with none', () => {
    const pts = chartPoints([day('2026-12-02', 1, 0)], undefined, new Date('2026-12-02T01:00:00Z'));
    expect(historySummary(pts)).toBe('Today: 1 of 10 seats used (1 active, 0 pending).');
    expect(historySummary([])).toBe('No seat usage recorded yet.');
  });
});
