// Seat usage as the guide shows it: "used/total", e.g. "45/100".

export interface SeatCounts {
  used: number;
  total: number;
  available: number;
  active: number;
  pending: number;
}

export function formatSeatUsage(u: Pick<SeatCounts, 'used' | 'total'>): string {
  return `${u.used}/${u.total}`;
}

/** Share of seats used, 0–100, rounded; a limit of 0 counts as full. */
export function seatPercent(u: Pick<SeatCounts, 'used' | 'total'>): number {
  if (u.total <= 0) return 100;
  return Math.min(100, Math.max(0, Math.round((u.used / u.total) * 100)));
}

export function seatsFull(u: Pick<SeatCounts, 'available'>): boolean {
  return u.available <= 0;
}

/** Nearly full: worth upgrading before the limit is hit (80% or more, not full). */
export function seatsNearlyFull(u: Pick<SeatCounts, 'used' | 'total' | 'available'>): boolean {
  return !seatsFull(u) && seatPercent(u) >= 80;
}

export function seatColor(u: Pick<SeatCounts, 'used' | 'total' | 'available'>): 'red' | 'orange' | 'teal' {
  if (seatsFull(u)) return 'red';
  if (seatsNearlyFull(u)) return 'orange';
  return 'teal';
}

export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** e.g. "3 active members · 2 pending invitations · 5 seats available" */
export function seatBreakdown(u: SeatCounts): string {
  return [
    countOf(u.active, 'active member'),
    countOf(u.pending, 'pending invitation'),
    `${countOf(u.available, 'seat')} available`,
  ].join(' · ');
}

/** The guide's "Running Out of Seats? Options:", in its order and words. */
export const SEATS_FULL_OPTIONS = ['Remove inactive members', 'Cancel pending invitations', 'Upgrade to more seats'] as const;

/** The options as one sentence, for a notification: "Remove inactive members, cancel … or upgrade to more seats." */
export function seatsFullOptionsSentence(canManageBilling: boolean): string {
  const [remove, cancel, upgrade] = SEATS_FULL_OPTIONS;
  const last = canManageBilling ? `${upgrade.toLowerCase()} (Settings → Organization)` : `ask the owner to ${upgrade.toLowerCase()}`;
  return `To free a seat: ${remove.toLowerCase()}, ${cancel.toLowerCase()}, or ${last}.`;
}
