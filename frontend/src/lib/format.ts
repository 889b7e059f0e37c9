// Dates and statuses as people read them.
import type { InvitationStatus } from '../gql/graphql';

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : dateFormat.format(d);
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : dateTimeFormat.format(d);
}

export function isPast(iso: string, now: Date = new Date()): boolean {
  const d = new Date(iso);
  return !Number.isNaN(d.getTime()) && d.getTime() <= now.getTime();
}

/** "in 6 days", "in 3 hours", "2 days ago". */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const ms = new Date(iso).getTime() - now.getTime();
  const rtf = new Intl.RelativeTimeFormat('en-US', { numeric: 'auto' });
  const abs = Math.abs(ms);
  const minute = 60_000;
  const hour = 60 * minute;
  const day = 24 * hour;
  if (abs >= day) return rtf.format(Math.round(ms / day), 'day');
  if (abs >= hour) return rtf.format(Math.round(ms / hour), 'hour');
  return rtf.format(Math.round(ms / minute), 'minute');
}

export const INVITATION_STATUS_LABEL: Record<InvitationStatus, string> = {
  PENDING: 'Pending',
  ACCEPTED: 'Accepted',
  DECLINED: 'Declined',
  CANCELED: 'Canceled',
  EXPIRED: 'Expired',
};

const utcDateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

/** A day the server gives as 00:00 UTC (e.g. Membership.lastActiveAt), read as that day wherever the browser is. */
export function formatUTCDay(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : utcDateFormat.format(d);
}
