import { describe, expect, it } from 'vitest';
import { ariaSort, buildPage, DEFAULT_SORT, FIRST_PAGE, invitationStatusOf, nextSort, pageVariables, SORT_OPTIONS, type ListCursor } from './memberList';

type I = { id: string; role: string };
type M = { id: string };

function conn<T extends { id: string }>(nodes: T[], hasNextPage: boolean) {
  return {
    edges: nodes.map((node) => ({ cursor: `c-${node.id}`, node })),
    pageInfo: { hasNextPage, endCursor: nodes.length ? `c-${nodes[nodes.length - 1]?.id}` : null },
  };
}
const invs = (...ids: string[]) => ids.map((id) => ({ id, role: 'MEMBER' }));
const mems = (...ids: string[]) => ids.map((id) => ({ id }));
const ids = (rows: { node: { id: string } }[]) => rows.map((r) => r.node.id);

describe('pageVariables', () => {
  it('fetches what the status filter shows', () => {
    expect(pageVariables(FIRST_PAGE, 'ALL')).toMatchObject({ withInvitations: true, withMembers: true });
    expect(pageVariables(FIRST_PAGE, 'ACTIVE')).toMatchObject({ withInvitations: false, withMembers: true });
    expect(pageVariables(FIRST_PAGE, 'PENDING')).toMatchObject({ withInvitations: true, withMembers: false });
    expect(pageVariables({ ...FIRST_PAGE, invitationsDone: true }, 'ALL')).toMatchObject({ withInvitations: false });
  });

  it('opens the invitation history on the server, without members', () => {
    expect(pageVariables(FIRST_PAGE, 'ALL')).toMatchObject({ invitationStatus: 'PENDING' });
    for (const s of ['EXPIRED', 'DECLINED', 'CANCELED'] as const) {
      expect(pageVariables(FIRST_PAGE, s)).toMatchObject({ withInvitations: true, withMembers: false, invitationStatus: s });
    }
    expect(pageVariables(FIRST_PAGE, 'INVITATIONS')).toMatchObject({ withInvitations: true, withMembers: false, invitationStatus: null });
    expect(invitationStatusOf('ACTIVE')).toBe('PENDING');
  });
});

describe('buildPage', () => {
  it('lists pending invitations first, then fills the page with members', () => {
    const page = buildPage<I, M>({
      cursor: FIRST_PAGE,
      status: 'ALL',
      pageSize: 4,
      invitations: conn(invs('i1', 'i2'), false),
      members: conn(mems('m1', 'm2', 'm3', 'm4'), true),
    });
    expect(page.rows.map((r) => r.kind)).toEqual(['invitation', 'invitation', 'member', 'member']);
    expect(ids(page.rows)).toEqual(['i1', 'i2', 'm1', 'm2']);
    // The next page continues after the last member shown, not after the last fetched.
    expect(page.next).toEqual({ invitationsAfter: null, invitationsDone: true, membersAfter: 'c-m2' });
  });

  it('pages through many invitations before any member', () => {
    const page = buildPage<I, M>({
      cursor: FIRST_PAGE,
      status: 'ALL',
      pageSize: 2,
      invitations: conn(invs('i1', 'i2'), true),
      members: conn(mems('m1', 'm2'), false),
    });
    expect(ids(page.rows)).toEqual(['i1', 'i2']);
    expect(page.next).toEqual({ invitationsAfter: 'c-i2', invitationsDone: false, membersAfter: null });
  });

  it('starts members from the beginning when the invitations end exactly on a page', () => {
    const page = buildPage<I, M>({
      cursor: { invitationsAfter: 'c-i2', invitationsDone: false, membersAfter: null },
      status: 'ALL',
      pageSize: 2,
      invitations: conn(invs('i3', 'i4'), false),
      members: conn(mems('m1', 'm2'), false),
    });
    expect(ids(page.rows)).toEqual(['i3', 'i4']);
    expect(page.next).toEqual({ invitationsAfter: null, invitationsDone: true, membersAfter: null });
  });

  it('continues members from their cursor and ends on the last page', () => {
    const cursor: ListCursor = { invitationsAfter: null, invitationsDone: true, membersAfter: 'c-m2' };
    const page = buildPage<I, M>({ cursor, status: 'ALL', pageSize: 4, members: conn(mems('m3', 'm4'), false) });
    expect(ids(page.rows)).toEqual(['m3', 'm4']);
    expect(page.next).toBeNull();
  });

  it('shows only members for Active and only invitations for Pending', () => {
    const active = buildPage<I, M>({ cursor: FIRST_PAGE, status: 'ACTIVE', pageSize: 2, invitations: conn(invs('i1'), false), members: conn(mems('m1', 'm2'), true) });
    expect(ids(active.rows)).toEqual(['m1', 'm2']);
    expect(active.next?.membersAfter).toBe('c-m2');
    const pending = buildPage<I, M>({ cursor: FIRST_PAGE, status: 'PENDING', pageSize: 2, invitations: conn(invs('i1'), false), members: conn(mems('m1'), true) });
    expect(ids(pending.rows)).toEqual(['i1']);
    expect(pending.next).toBeNull();
  });

  it('skips null edges', () => {
    const page = buildPage<I, M>({
      cursor: FIRST_PAGE,
      status: 'ACTIVE',
      pageSize: 5,
      members: { edges: [null, { cursor: 'c', node: null }, { cursor: 'c-m1', node: { id: 'm1' } }], pageInfo: { hasNextPage: false } },
    });
    expect(ids(page.rows)).toEqual(['m1']);
  });
});

describe('sorting', () => {
  it('toggles the direction on the same header and starts each header where people expect', () => {
    expect(nextSort(DEFAULT_SORT, 'NAME')).toEqual({ field: 'NAME', direction: 'ASC' });
    expect(nextSort({ field: 'NAME', direction: 'ASC' }, 'NAME')).toEqual({ field: 'NAME', direction: 'DESC' });
    expect(nextSort({ field: 'NAME', direction: 'DESC' }, 'NAME')).toEqual({ field: 'NAME', direction: 'ASC' });
    expect(nextSort(DEFAULT_SORT, 'LAST_ACTIVE_AT')).toEqual({ field: 'LAST_ACTIVE_AT', direction: 'ASC' });
    expect(nextSort({ field: 'NAME', direction: 'ASC' }, 'JOINED_AT')).toEqual({ field: 'JOINED_AT', direction: 'DESC' });
    expect(nextSort(DEFAULT_SORT, 'JOINED_AT')).toEqual({ field: 'JOINED_AT', direction: 'ASC' });
  });

  it('gives aria-sort to the ordering column only', () => {
    expect(ariaSort(DEFAULT_SORT, 'JOINED_AT')).toBe('descending');
    expect(ariaSort({ field: 'ROLE', direction: 'ASC' }, 'ROLE')).toBe('ascending');
    expect(ariaSort(DEFAULT_SORT, 'NAME')).toBeUndefined();
  });

  it('offers every field in both directions at phone width', () => {
    expect(new Set(SORT_OPTIONS.map((o) => o.value)).size).toBe(8);
    for (const o of SORT_OPTIONS) expect(o.value).toBe(`${o.sort.field}:${o.sort.direction}`);
  });
});
