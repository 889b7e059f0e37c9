// The member list shows pending invitations and active members in one list
// (the guide: "Pending invitations show in the member list with a 'Pending'
// status"). They come from two cursor connections; a page takes pending
// invitations first, then members, and remembers where each connection stands
// so that "Next page" continues both correctly.
//
// The status filter also opens the invitation history: Expired, Declined and
// Canceled invitations (and all of them at once), filtered on the server by
// invitations(status:), with no members.

import type { InvitationStatus } from '../gql/graphql';

export type StatusFilter = 'ALL' | 'ACTIVE' | 'PENDING' | 'EXPIRED' | 'DECLINED' | 'CANCELED' | 'INVITATIONS';

export const STATUS_FILTER_OPTIONS: { value: StatusFilter; label: string }[] = [
  { value: 'ALL', label: 'Active and pending' },
  { value: 'ACTIVE', label: 'Active' },
  { value: 'PENDING', label: 'Pending' },
  { value: 'EXPIRED', label: 'Expired invitations' },
  { value: 'DECLINED', label: 'Declined invitations' },
  { value: 'CANCELED', label: 'Canceled invitations' },
  { value: 'INVITATIONS', label: 'All invitations' },
];

/** The invitations a filter shows: null is every status (the whole history). */
export function invitationStatusOf(status: StatusFilter): InvitationStatus | null {
  switch (status) {
    case 'ALL':
    case 'ACTIVE':
    case 'PENDING':
      return 'PENDING';
    case 'INVITATIONS':
      return null;
    default:
      return status;
  }
}

/** Whether a filter lists members (the others list invitations only). */
export function showsMembers(status: StatusFilter): boolean {
  return status === 'ALL' || status === 'ACTIVE';
}

export interface ListCursor {
  invitationsAfter: string | null;
  /** True once every pending invitation has been shown. */
  invitationsDone: boolean;
  membersAfter: string | null;
}

export const FIRST_PAGE: ListCursor = { invitationsAfter: null, invitationsDone: false, membersAfter: null };

interface Connection<T> {
  edges?: ReadonlyArray<{ cursor: string; node?: T | null } | null> | null;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

export type ListRow<I, M> = { kind: 'invitation'; node: I } | { kind: 'member'; node: M };

export interface ListPage<I, M> {
  rows: ListRow<I, M>[];
  next: ListCursor | null;
}

/** What the page query should fetch for this cursor and status filter. */
export function pageVariables(cursor: ListCursor, status: StatusFilter) {
  return {
    withInvitations: status !== 'ACTIVE' && !cursor.invitationsDone,
    withMembers: showsMembers(status),
    invitationStatus: invitationStatusOf(status),
    invitationsAfter: cursor.invitationsAfter,
    membersAfter: cursor.membersAfter,
  };
}

function edgesOf<T>(c: Connection<T> | null | undefined): { cursor: string; node: T }[] {
  const out: { cursor: string; node: T }[] = [];
  for (const e of c?.edges ?? []) {
    if (e?.node) out.push({ cursor: e.cursor, node: e.node });
  }
  return out;
}

/**
 * One page of at most pageSize rows from the fetched connections (each asked
 * for pageSize items, filtered on the server: by role too, so a page of
 * invitations is full whenever more follow).
 */
export function buildPage<I, M>(args: {
  cursor: ListCursor;
  status: StatusFilter;
  pageSize: number;
  invitations?: Connection<I> | null;
  members?: Connection<M> | null;
}): ListPage<I, M> {
  const { cursor, status, pageSize } = args;
  const vars = pageVariables(cursor, status);
  const rows: ListRow<I, M>[] = [];

  if (vars.withInvitations) {
    const inv = args.invitations;
    for (const e of edgesOf(inv)) {
      rows.push({ kind: 'invitation', node: e.node });
    }
    if (inv?.pageInfo.hasNextPage) {
      // More invitations to come: this page is invitations only.
      return {
        rows,
        next: { invitationsAfter: inv.pageInfo.endCursor ?? null, invitationsDone: false, membersAfter: cursor.membersAfter },
      };
    }
  }
  if (!vars.withMembers) return { rows, next: null };

  const members = edgesOf(args.members);
  const room = Math.max(0, pageSize - rows.length);
  const shown = members.slice(0, room);
  for (const e of shown) rows.push({ kind: 'member', node: e.node });

  const more = members.length > shown.length || Boolean(args.members?.pageInfo.hasNextPage);
  if (!more) return { rows, next: null };
  const last = shown[shown.length - 1];
  return {
    rows,
    next: { invitationsAfter: null, invitationsDone: true, membersAfter: last ? last.cursor : cursor.membersAfter },
  };
}

// Sorting members on the server (members(orderBy:)); pending invitations
// keep coming first. A header's first click gives the order people usually
// want from it: names and roles from the top (A–Z; Owner, Admin, Member),
// the newest members first, and the longest inactive first, so that an
// owner finds whom to remove.
export type SortField = 'NAME' | 'ROLE' | 'JOINED_AT' | 'LAST_ACTIVE_AT';
export type SortDirection = 'ASC' | 'DESC';
export interface Sort {
  field: SortField;
  direction: SortDirection;
}

export const DEFAULT_SORT: Sort = { field: 'JOINED_AT', direction: 'DESC' };

const FIRST_DIRECTION: Record<SortField, SortDirection> = { NAME: 'ASC', ROLE: 'ASC', JOINED_AT: 'DESC', LAST_ACTIVE_AT: 'ASC' };

/** The order after a click on field's header: the other direction when it is already the order. */
export function nextSort(current: Sort, field: SortField): Sort {
  if (current.field === field) return { field, direction: current.direction === 'ASC' ? 'DESC' : 'ASC' };
  return { field, direction: FIRST_DIRECTION[field] };
}

/** aria-sort for a column header: only the column that orders the list has one. */
export function ariaSort(current: Sort, field: SortField): 'ascending' | 'descending' | undefined {
  if (current.field !== field) return undefined;
  return current.direction === 'ASC' ? 'ascending' : 'descending';
}

/** The phone width's "Sort by" choices (no column headers there). */
export const SORT_OPTIONS: { value: string; label: string; sort: Sort }[] = [
  { value: 'JOINED_AT:DESC', label: 'Joined, newest first', sort: { field: 'JOINED_AT', direction: 'DESC' } },
  { value: 'JOINED_AT:ASC', label: 'Joined, oldest first', sort: { field: 'JOINED_AT', direction: 'ASC' } },
  { value: 'NAME:ASC', label: 'Name, A to Z', sort: { field: 'NAME', direction: 'ASC' } },
  { value: 'NAME:DESC', label: 'Name, Z to A', sort: { field: 'NAME', direction: 'DESC' } },
  { value: 'ROLE:ASC', label: 'Role, Owner first', sort: { field: 'ROLE', direction: 'ASC' } },
  { value: 'ROLE:DESC', label: 'Role, Member first', sort: { field: 'ROLE', direction: 'DESC' } },
  { value: 'LAST_ACTIVE_AT:ASC', label: 'Last active, longest ago first', sort: { field: 'LAST_ACTIVE_AT', direction: 'ASC' } },
  { value: 'LAST_ACTIVE_AT:DESC', label: 'Last active, most recent first', sort: { field: 'LAST_ACTIVE_AT', direction: 'DESC' } },
];
