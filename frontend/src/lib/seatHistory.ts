// Seat usage over time (Organization.seatUsageHistory): one point a day,
// oldest first, today last. Today's point is replaced by the usage the page
// shows now (which follows live changes), so the chart and the meter never
// disagree. The same numbers are also given as text and as a table, for
// people who cannot see the chart.
import type { SeatCounts } from './seats';

export interface HistoryPoint {
  /** 00:00 UTC of the day. */
  day: string;
  active: number;
  pending: number;
  total: number;
}

export interface ChartPoint {
  /** e.g. "Dec 2", for the axis and the table. */
  label: string;
  /** YYYY-MM-DD (UTC). */
  date: string;
  Active: number;
  Pending: number;
  Used: number;
  'Seat limit': number;
}

const dayLabel = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The chart's points; the last is today's, from `now` when given. */
export function chartPoints(points: readonly HistoryPoint[], now?: Pick<SeatCounts, 'active' | 'pending' | 'total'>, today: Date = new Date()): ChartPoint[] {
  const out = points.map((p) => {
    const d = new Date(p.day);
    return { label: dayLabel.format(d), date: utcDay(d), Active: p.active, Pending: p.pending, Used: p.active + p.pending, 'Seat limit': p.total };
  });
  const last = out[out.length - 1];
  if (now && last && last.date === utcDay(today)) {
    Object.assign(last, { Active: now.active, Pending: now.pending, Used: now.active + now.pending, 'Seat limit': now.total });
  }
  return out;
}

/** "Today: 5 of 10 seats used (3 active, 2 pending). On Nov 3: 2 of 10. Most in this period: 6 of 10, on Nov 20." */
export function historySummary(points: readonly ChartPoint[]): string {
  const last = points[points.length - 1];
  if (!last) return 'No seat usage recorded yet.';
  const parts = [`Today: ${last.Used} of ${last['Seat limit']} seats used (${last.Active} active, ${last.Pending} pending).`];
  const first = points[0];
  if (first && points.length > 1) parts.push(`On ${first.label}: ${first.Used} of ${first['Seat limit']}.`);
  let peak = points[0]!;
  for (const p of points) if (p.Used > peak.Used) peak = p;
  if (points.length > 1) parts.push(`Most in this period: ${peak.Used} of ${peak['Seat limit']}, on ${peak === last ? 'today' : peak.label}.`);
  return parts.join(' ');
}
