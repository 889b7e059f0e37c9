import { act, configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Permission, Role } from '../../gql/graphql';
import { mockClient, renderWithProviders, testViewer } from '../../test/render';
import type { CurrentOrganization } from '../organizations/OrganizationRoute';
import { roleLockedReason } from './MemberActions';
import { MemberList, sentSummary } from './MemberList';

// The list renders many rows and controls: on a loaded machine a wait of 1 s (the default) can run out.
configure({ asyncUtilTimeout: 5_000 });

const future = new Date(Date.now() + 6 * 86400_000).toISOString();

/** What the server serves a viewer about each member: viewerCanRemove, viewerAssignableRoles. */
type Served = Record<string, { canRemove: boolean; assignable: Role[] }>;
let served: Served = {};

function member(id: string, name: string, role: Role, userId = `user-${id}`) {
  return {
    cursor: `c-${id}`,
    node: {
      __typename: 'Membership',
      id,
      role,
      joinedAt: '2026-01-05T10:00:00Z',
      lastActiveAt: id === 'm3' ? null : '2026-11-30T00:00:00Z',
      viewerCanRemove: served[id]?.canRemove ?? false,
      viewerAssignableRoles: served[id]?.assignable ?? [],
      user: { __typename: 'User', id: userId, name, email: `${name.split(' ')[0]?.toLowerCase()}@example.com` },
    },
  };
}

const listData = () => ({
  organization: {
    __typename: 'Organization',
    id: 'org-1',
    members: {
      __typename: 'MembershipConnection',
      totalCount: 3,
      pageInfo: { hasNextPage: false, endCursor: 'c-m3' },
      edges: [member('m1', 'Olivia Owner', 'OWNER', testViewer.id), member('m2', 'Ada Admin', 'ADMIN'), member('m3', 'Max Member', 'MEMBER')],
    },
    invitations: {
      __typename: 'InvitationConnection',
      totalCount: 1,
      pageInfo: { hasNextPage: false, endCursor: 'c-i1' },
      edges: [
        {
          cursor: 'c-i1',
          node: {
            __typename: 'Invitation',
            id: 'inv-1',
            email: 'new@example.com',
            role: 'MEMBER',
            status: 'PENDING',
            createdAt: '2026-01-06T10:00:00Z',
            expiresAt: future,
            lastSentAt: '2026-01-06T10:00:00Z',
            sendCount: 1,
            invitedBy: { __typename: 'User', id: testViewer.id, name: 'Olivia Owner' },
          },
        },
      ],
    },
  },
});

const OWNER: Permission[] = ['DELETE_ORGANIZATION', 'MANAGE_OWNER', 'MANAGE_ADMINS', 'MANAGE_MEMBERS', 'MANAGE_BILLING', 'USE_PRODUCTS'];
const ADMIN: Permission[] = ['MANAGE_MEMBERS', 'USE_PRODUCTS'];
const MEMBER: Permission[] = ['USE_PRODUCTS'];

function org(viewerRole: Role, viewerPermissions: Permission[]): CurrentOrganization {
  return {
    id: 'org-1',
    name: 'Acme',
    slug: 'acme',
    createdAt: '2026-01-01T00:00:00Z',
    viewerRole,
    viewerPermissions,
    viewerInvitableRoles: viewerPermissions.includes('MANAGE_MEMBERS') ? ['ADMIN', 'MEMBER'] : [],
    seatUsage: { organizationID: 'org-1', used: 4, total: 10, available: 6, active: 3, pending: 1 },
  };
}

// The server's answers for each viewer of the three members (m1 the owner,
// m2 an admin, m3 a member), as server/policy gives them.
const SERVED: Record<Role, Served> = {
  OWNER: { m2: { canRemove: true, assignable: ['MEMBER'] }, m3: { canRemove: true, assignable: ['ADMIN'] } },
  ADMIN: { m3: { canRemove: true, assignable: ['ADMIN'] } },
  MEMBER: {},
};

function setup(viewerRole: Role, perms: Permission[], viewerUserId = testViewer.id) {
  served = SERVED[viewerRole];
  const data = listData();
  const mock = mockClient((name) => {
    if (name === 'MemberList') return { data };
    if (name === 'CancelInvitation') return { data: { cancelInvitation: { __typename: 'Invitation', id: 'inv-1', status: 'CANCELED' } } };
    return undefined;
  });
  renderWithProviders(<MemberList org={org(viewerRole, perms)} viewerId={viewerUserId} />, { client: mock.client });
  return mock;
}

const row = (email: string) => screen.getByRole('row', { name: new RegExp(email) });

describe('MemberList', () => {
  it('lists members as Active and invitations as Pending, with name, email, role and join date', async () => {
    setup('OWNER', OWNER);
    const pending = await screen.findByRole('row', { name: /new@example.com/ });
    expect(within(pending).getByText('Pending')).toBeInTheDocument();
    const ada = row('ada@example.com');
    expect(within(ada).getByText('Ada Admin')).toBeInTheDocument();
    expect(within(ada).getByText('Active')).toBeInTheDocument();
    expect(within(ada).getByText('Jan 5, 2026')).toBeInTheDocument();
    // pending invitations come first
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows[0]).toHaveAttribute('data-testid', 'invitation-row');
  });

  it('gives the owner every control except on themselves', async () => {
    setup('OWNER', OWNER);
    await screen.findByRole('row', { name: /new@example.com/ });
    expect(screen.getByRole('button', { name: 'Remove Ada Admin' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Remove Max Member' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remove Olivia Owner' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Leave organization/ })).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Role of Ada Admin' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Resend Invitation to new@example.com' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cancel invitation for new@example.com' })).toBeInTheDocument();
  });

  it('lets an admin manage members but not other admins or the owner', async () => {
    setup('ADMIN', ADMIN, 'user-m2');
    await screen.findByRole('row', { name: /new@example.com/ });
    expect(screen.getByRole('button', { name: 'Remove Max Member' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remove Olivia Owner' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remove Ada Admin' })).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Role of Max Member' })).toBeInTheDocument();
    expect(within(row('ada@example.com')).getByRole('button', { name: 'Leave organization' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Resend Invitation/ })).toBeInTheDocument();
  });

  it('shows a member no management controls', async () => {
    setup('MEMBER', MEMBER, 'user-m3');
    await screen.findByRole('row', { name: /new@example.com/ });
    expect(screen.queryByRole('button', { name: /^Remove/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Resend Invitation/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Cancel invitation/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: /Role of/ })).not.toBeInTheDocument();
    expect(within(row('max@example.com')).getByRole('button', { name: 'Leave organization' })).toBeInTheDocument();
  });

  it('asks before canceling an invitation', async () => {
    const mock = setup('OWNER', OWNER);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Cancel invitation for new@example.com' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cancel this invitation?' });
    expect(mock.calls.some((c) => c.name === 'CancelInvitation')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel invitation' }));
    await waitFor(() => expect(mock.calls.find((c) => c.name === 'CancelInvitation')?.variables).toEqual({ id: 'inv-1' }));
  });

  it('sends the filters to the server and starts again from the first page', async () => {
    const mock = setup('OWNER', OWNER);
    const user = userEvent.setup();
    await screen.findByRole('row', { name: /new@example.com/ });
    await user.type(screen.getByRole('textbox', { name: 'Search' }), 'ada');
    await waitFor(() => expect(mock.calls.some((c) => c.name === 'MemberList' && c.variables.search === 'ada')).toBe(true));
  });

  it('shows how often a pending invitation was sent, and the spam hint', async () => {
    setup('OWNER', OWNER);
    const pending = await screen.findByRole('row', { name: /new@example.com/ });
    expect(within(pending).getByText(/Sent once, last on Jan 6, 2026/)).toBeInTheDocument();
    expect(within(pending).getByText(/check spam\/junk folders/)).toBeInTheDocument();
  });

  it('tells a viewer why a role cannot be changed', async () => {
    setup('ADMIN', ADMIN, 'user-m2');
    await screen.findByRole('row', { name: /new@example.com/ });
    expect(within(row('olivia@example.com')).getByText('Only the owner can hand over ownership')).toBeInTheDocument();
    expect(within(row('ada@example.com')).getByText('Contact the organization owner for role changes')).toBeInTheDocument();
    expect(within(row('max@example.com')).queryByTestId('role-locked')).not.toBeInTheDocument();
  });

  it('lists expired invitations from the server with Resend only', async () => {
    served = SERVED.OWNER;
    const past = new Date(Date.now() - 86400_000).toISOString();
    const mock = mockClient((name, variables) => {
      if (name !== 'MemberList') return undefined;
      const data = listData();
      if (variables.invitationStatus !== 'EXPIRED') return { data };
      const edge = data.organization.invitations.edges[0]!;
      return {
        data: {
          organization: {
            ...data.organization,
            invitations: { ...data.organization.invitations, edges: [{ ...edge, node: { ...edge.node, id: 'inv-2', email: 'late@example.com', status: 'EXPIRED', expiresAt: past } }] },
          },
        },
      };
    });
    renderWithProviders(<MemberList org={org('OWNER', OWNER)} viewerId={testViewer.id} />, { client: mock.client });
    await screen.findByRole('row', { name: /new@example.com/ });
    const user = userEvent.setup();
    await user.click(screen.getByRole('textbox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'Expired invitations', hidden: true }));
    const expired = await screen.findByRole('row', { name: /late@example.com/ });
    await waitFor(() => expect(mock.calls.at(-1)?.variables).toMatchObject({ invitationStatus: 'EXPIRED', withMembers: false, withInvitations: true }));
    expect(within(expired).getByText('Expired')).toBeInTheDocument();
    expect(within(expired).getByRole('button', { name: 'Resend Invitation to late@example.com' })).toHaveTextContent('Resend');
    expect(within(expired).queryByRole('button', { name: /Cancel invitation/ })).not.toBeInTheDocument();
    // Members are not part of the invitation history.
    expect(screen.queryByRole('row', { name: /ada@example.com/ })).not.toBeInTheDocument();
  });
});

// A window whose width can cross the phone breakpoint (48em) while the list is open.
const PHONE_QUERY = '(max-width: 48em)';
const staticMatchMedia = window.matchMedia;
function resizableWindow() {
  let phone = false;
  const listeners = new Set<(e: { matches: boolean }) => void>();
  window.matchMedia = ((query: string) => ({
    get matches() {
      return query === PHONE_QUERY && phone;
    },
    media: query,
    onchange: null,
    addEventListener: (_: string, l: (e: { matches: boolean }) => void) => query === PHONE_QUERY && listeners.add(l),
    removeEventListener: (_: string, l: (e: { matches: boolean }) => void) => listeners.delete(l),
    addListener: () => {},
    removeListener: () => {},
    dispatchEvent: () => false,
  })) as unknown as typeof window.matchMedia;
  return (toPhone: boolean) =>
    act(() => {
      phone = toPhone;
      for (const l of listeners) l({ matches: toPhone });
    });
}

describe('MemberList between table and cards', () => {
  afterEach(() => {
    window.matchMedia = staticMatchMedia;
  });

  // Crossing the phone width draws every row anew (a window resized, a tablet
  // turned; in the end-to-end suite, Chromium's full-page screenshot): a
  // confirmation opened from a row stays open, and still does its work.
  it('keeps an invitation’s cancel confirmation open when the window crosses the phone width', async () => {
    const resize = resizableWindow();
    const mock = setup('OWNER', OWNER);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Cancel invitation for new@example.com' }));
    await screen.findByRole('dialog', { name: 'Cancel this invitation?' });

    await resize(true);
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.getByRole('dialog', { name: 'Cancel this invitation?' })).toBeInTheDocument();
    await resize(false);
    await screen.findByRole('table');
    const dialog = screen.getByRole('dialog', { name: 'Cancel this invitation?' });

    await user.click(within(dialog).getByRole('button', { name: 'Cancel invitation' }));
    await waitFor(() => expect(mock.calls.find((c) => c.name === 'CancelInvitation')?.variables).toEqual({ id: 'inv-1' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Cancel this invitation?' })).not.toBeInTheDocument());
  });

  it('keeps a member’s remove confirmation open when the window crosses the phone width', async () => {
    const resize = resizableWindow();
    setup('OWNER', OWNER);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Remove Ada Admin' }));
    await screen.findByRole('dialog', { name: 'Remove Ada Admin?' });
    await resize(true);
    expect(screen.getByRole('dialog', { name: 'Remove Ada Admin?' })).toBeInTheDocument();
    await resize(false);
    expect(screen.getByRole('dialog', { name: 'Remove Ada Admin?' })).toBeInTheDocument();
  });
});

describe('MemberList sorting and activity', () => {
  it('shows the day each member was last active, or Never', async () => {
    setup('OWNER', OWNER);
    await screen.findByRole('row', { name: /new@example.com/ });
    expect(within(row('ada@example.com')).getByText('Nov 30, 2026')).toBeInTheDocument();
    expect(within(row('max@example.com')).getByText('Never')).toBeInTheDocument();
  });

  it('orders on the server from the column headers, with aria-sort, from the first page', async () => {
    const mock = setup('OWNER', OWNER);
    const user = userEvent.setup();
    await screen.findByRole('row', { name: /new@example.com/ });
    const header = (name: string) => screen.getByRole('columnheader', { name });
    expect(mock.calls.find((c) => c.name === 'MemberList')?.variables.orderBy).toEqual({ field: 'JOINED_AT', direction: 'DESC' });
    expect(header('Join date')).toHaveAttribute('aria-sort', 'descending');
    await user.click(within(header('Last active')).getByRole('button'));
    await waitFor(() => expect(mock.calls.at(-1)?.variables).toMatchObject({ orderBy: { field: 'LAST_ACTIVE_AT', direction: 'ASC' }, membersAfter: null }));
    expect(header('Last active')).toHaveAttribute('aria-sort', 'ascending');
    expect(header('Join date')).not.toHaveAttribute('aria-sort');
    await user.click(within(header('Last active')).getByRole('button'));
    await waitFor(() => expect(mock.calls.at(-1)?.variables.orderBy).toEqual({ field: 'LAST_ACTIVE_AT', direction: 'DESC' }));
  });
});

describe('sentSummary and roleLockedReason', () => {
  it('says how often and when an invitation was sent', () => {
    expect(sentSummary({ sendCount: 1, lastSentAt: '2026-01-06T10:00:00Z' })).toBe('Sent once, last on Jan 6, 2026');
    expect(sentSummary({ sendCount: 3, lastSentAt: '2026-02-01T10:00:00Z' })).toBe('Sent 3 times, last on Feb 1, 2026');
  });

  it('gives the guide’s reason to whom it applies', () => {
    const admin = { isViewer: false, role: 'ADMIN' as const, canManageMembers: true };
    expect(roleLockedReason({ role: 'ADMIN' }, admin)).toBe('Only the owner can change admin roles');
    expect(roleLockedReason({ role: 'MEMBER' }, admin)).toBeNull();
    expect(roleLockedReason({ role: 'ADMIN' }, { ...admin, role: 'OWNER' })).toBeNull();
    expect(roleLockedReason({ role: 'MEMBER' }, { isViewer: true, role: 'MEMBER', canManageMembers: false })).toBe('Contact the organization owner for role changes');
    expect(roleLockedReason({ role: 'ADMIN' }, { isViewer: false, role: 'MEMBER', canManageMembers: false })).toBeNull();
  });
});
