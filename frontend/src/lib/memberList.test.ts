import { describe, expect, it } from 'vitest';
import { buildPage, FIRST_PAGE, invitationStatusOf, pageVariables, type ListCursor } from './memberList';

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
