// OrganizationRoute with an organizationChanged stream the test drives:
// events update the meter at once and refetch the lists (debounced); a new
// role for the viewer refetches the organization and the lists at once; a
// reconnection that missed changes refetches at once; the end of the stream
// takes a removed viewer out of the organization.
import { Notifications } from '@mantine/notifications';
import { act, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeSubject } from 'wonka';
import type { Viewer } from '../session/SessionProvider';
import { mockClient, renderWithProviders, testViewer } from '../../test/render';
import { REFETCH_DEBOUNCE_MS } from '../../lib/live';
import { useRefetchOnLiveChange } from './live';
import { OrganizationRoute, useOrganization } from './OrganizationRoute';

const usage = (used: number, total = 10) => ({ __typename: 'SeatUsage' as const, organizationID: 'org-1', used, total, available: total - used, active: used, pending: 0 });

const organization = {
  __typename: 'Organization',
  id: 'org-1',
  name: 'Acme',
  slug: 'acme',
  createdAt: '2026-01-01T00:00:00Z',
  viewerRole: 'ADMIN',
  viewerPermissions: ['USE_PRODUCTS', 'MANAGE_MEMBERS'],
  viewerInvitableRoles: ['ADMIN', 'MEMBER'],
  seatUsage: usage(3),
};

/** The organization as the server serves it after the viewer was made a Member. */
const demoted = { ...organization, viewerRole: 'MEMBER', viewerPermissions: ['USE_PRODUCTS'], viewerInvitableRoles: [] };

const member: Viewer = { ...testViewer, memberships: [{ id: 'm-1', role: 'ADMIN', organization: { id: 'org-1', slug: 'acme', name: 'Acme', viewerPermissions: ['MANAGE_MEMBERS', 'USE_PRODUCTS'] } }] };

/** Stands in for a page: the seats it shows, its invite control, and how often its list refetched. */
function MembersProbe() {
  const org = useOrganization();
  const [refetched, setRefetched] = useState(0);
  useRefetchOnLiveChange(() => setRefetched((n) => n + 1));
  return (
    <>
      <p data-testid="seats">{`${org.seatUsage.used}/${org.seatUsage.total}`}</p>
      <p data-testid="list-refetches">{refetched}</p>
      {org.viewerInvitableRoles.length > 0 && <button type="button">Invite Member</button>}
    </>
  );
}

function Where() {
  return <p data-testid="path">{useLocation().pathname}</p>;
}

type Event = { data?: unknown; error?: unknown; extensions?: Record<string, unknown> };

function setup(opts: { orgData?: () => unknown; refreshViewer?: () => Promise<Viewer | null | undefined> } = {}) {
  const streams: ReturnType<typeof makeSubject<Event>>[] = [];
  const mock = mockClient(
    (name) => (name === 'Organization' ? { data: { organization: opts.orgData ? opts.orgData() : structuredClone(organization) } } : undefined),
    (name) => {
      if (name !== 'OrganizationChanged') return undefined;
      const s = makeSubject<Event>();
      streams.push(s);
      return s.source;
    },
  );
  const refreshViewer = vi.fn(opts.refreshViewer ?? (async () => member));
  renderWithProviders(
    <>
      <Notifications />
      <Routes>
        <Route path="/orgs/:slug" element={<OrganizationRoute />}>
          <Route path="members" element={<MembersProbe />} />
        </Route>
        <Route path="/" element={<p>Home</p>} />
      </Routes>
      <Where />
    </>,
    { client: mock.client, route: '/orgs/acme/members', viewer: member, refreshViewer },
  );
  const send = (e: Event, i = streams.length - 1) => act(() => streams[i]?.next(e));
  const orgQueries = () => mock.calls.filter((c) => c.name === 'Organization');
  return { mock, streams, send, refreshViewer, orgQueries };
}

type Change = { kind?: string; sequence: number; seatUsage?: ReturnType<typeof usage>; viewerRole?: string };
const event = ({ kind = 'INVITATION_CREATED', sequence, seatUsage = usage(3), viewerRole = 'ADMIN' }: Change) => ({
  data: { organizationChanged: { __typename: 'OrganizationChange', kind, sequence, viewerRole, seatUsage } },
});
const subscribed = (c: Omit<Change, 'kind'>) => event({ ...c, kind: 'SUBSCRIBED' });
/** Lets a debounced refetch run, if one is waiting. */
const settle = () => new Promise((r) => setTimeout(r, REFETCH_DEBOUNCE_MS + 100));

afterEach(() => {
  vi.useRealTimers();
});

describe('live organization', () => {
  it('subscribes for the open organization and ignores a SUBSCRIBED that repeats what is shown', async () => {
    const { mock, send, orgQueries } = setup();
    await screen.findByText('3/10');
    const sub = mock.calls.find((c) => c.name === 'OrganizationChanged');
    expect(sub?.variables).toEqual({ organizationID: 'org-1' });
    const before = orgQueries().length;
    send(subscribed({ sequence: 7 }));
    await settle();
    expect(orgQueries().length).toBe(before);
    expect(screen.getByTestId('list-refetches')).toHaveTextContent('0');
  });

  it('shows a change at once and refetches the organization and the list once a burst settles', async () => {
    const { send, orgQueries } = setup();
    await screen.findByText('3/10');
    send(subscribed({ sequence: 7 }));
    const before = orgQueries().length;
    send(event({ sequence: 8, seatUsage: usage(4) }));
    expect(screen.getByTestId('seats')).toHaveTextContent('4/10');
    send(event({ sequence: 9, seatUsage: usage(5) }));
    send(event({ kind: 'SEAT_LIMIT_CHANGED', sequence: 10, seatUsage: usage(5, 12) }));
    expect(screen.getByTestId('seats')).toHaveTextContent('5/12');
    expect(orgQueries().length).toBe(before);
    await waitFor(() => expect(screen.getByTestId('list-refetches')).toHaveTextContent('1'));
    const refetches = orgQueries().slice(before);
    expect(refetches).toHaveLength(1);
    expect(refetches[0]?.requestPolicy).toBe('network-only');
    await settle();
    expect(screen.getByTestId('list-refetches')).toHaveTextContent('1');
  });

  it('refetches a change that leaves the seats alone (another member’s new role)', async () => {
    const { send, orgQueries } = setup();
    await screen.findByText('3/10');
    send(subscribed({ sequence: 7 }));
    const before = orgQueries().length;
    send(event({ kind: 'MEMBER_ROLE_CHANGED', sequence: 8 }));
    await waitFor(() => expect(screen.getByTestId('list-refetches')).toHaveTextContent('1'));
    expect(orgQueries().length).toBe(before + 1);
  });

  it('takes a demoted admin’s controls away at once: the organization and the lists refetch without waiting', async () => {
    let served = organization;
    const { send, orgQueries, refreshViewer } = setup({ orgData: () => structuredClone(served) });
    await screen.findByText('3/10');
    expect(screen.getByRole('button', { name: 'Invite Member' })).toBeInTheDocument();
    send(subscribed({ sequence: 7 }));
    const before = orgQueries().length;
    served = demoted;
    send(event({ kind: 'MEMBER_ROLE_CHANGED', sequence: 8, viewerRole: 'MEMBER' }));
    // No timer ran: the refetch went out with the event.
    expect(orgQueries().length).toBe(before + 1);
    expect(orgQueries().at(-1)?.requestPolicy).toBe('network-only');
    expect(screen.getByTestId('list-refetches')).toHaveTextContent('1');
    expect(refreshViewer).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Invite Member' })).not.toBeInTheDocument());
    // Nothing debounced follows.
    await settle();
    expect(orgQueries().length).toBe(before + 1);
    expect(screen.getByTestId('list-refetches')).toHaveTextContent('1');
  });

  it('refetches at once when the stream resumes after missing changes, and not when it missed none', async () => {
    const { send, orgQueries } = setup();
    await screen.findByText('3/10');
    send(subscribed({ sequence: 7 }));
    const before = orgQueries().length;
    // graphql-ws subscribed again on a new connection: nothing happened meanwhile.
    send(subscribed({ sequence: 7 }));
    await settle();
    expect(orgQueries().length).toBe(before);
    // Again, and two changes were made while it was away.
    send(subscribed({ sequence: 9 }));
    expect(orgQueries().length).toBe(before + 1);
    expect(screen.getByTestId('list-refetches')).toHaveTextContent('1');
  });

  it('takes a viewer who lost access home, with a notice', async () => {
    const { streams, refreshViewer } = setup({ refreshViewer: async () => ({ ...member, memberships: [] }) });
    await screen.findByText('3/10');
    act(() => streams[0]?.complete());
    expect(await screen.findByText('You no longer have access to Acme.')).toBeInTheDocument();
    expect(refreshViewer).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.getByTestId('path')).toHaveTextContent(/^\/$/));
    expect(screen.getByText('Home')).toBeInTheDocument();
  });

  it('takes the viewer home when the server refuses the organization (NOT_FOUND)', async () => {
    const { send } = setup({ refreshViewer: async () => ({ ...member, memberships: [] }) });
    await screen.findByText('3/10');
    send({ error: { graphQLErrors: [{ message: 'not found', extensions: { code: 'NOT_FOUND' } }] } });
    await waitFor(() => expect(screen.getByTestId('path')).toHaveTextContent(/^\/$/));
    expect(await screen.findByText('You no longer have access to Acme.')).toBeInTheDocument();
  });

  it('stays and subscribes again, after a wait, when the viewer is still a member', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { streams, refreshViewer } = setup();
    await screen.findByText('3/10');
    act(() => streams[0]?.complete());
    await waitFor(() => expect(refreshViewer).toHaveBeenCalled());
    expect(streams).toHaveLength(1);
    await act(() => vi.advanceTimersByTimeAsync(1_600));
    expect(streams).toHaveLength(2);
    expect(screen.getByTestId('path')).toHaveTextContent('/orgs/acme/members');
  });

  it('compares a new subscription’s SUBSCRIBED with the last change the old one saw', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { streams, send, orgQueries } = setup();
    await screen.findByText('3/10');
    send(subscribed({ sequence: 7 }));
    send(event({ kind: 'MEMBER_JOINED', sequence: 8 }));
    await act(() => vi.advanceTimersByTimeAsync(REFETCH_DEBOUNCE_MS + 50));
    expect(screen.getByTestId('list-refetches')).toHaveTextContent('1');

    act(() => streams[0]?.complete());
    await act(() => vi.advanceTimersByTimeAsync(1_600));
    expect(streams).toHaveLength(2);
    const before = orgQueries().length;
    send(subscribed({ sequence: 8 }), 1);
    await act(() => vi.advanceTimersByTimeAsync(REFETCH_DEBOUNCE_MS + 50));
    expect(orgQueries().length).toBe(before);

    act(() => streams[1]?.complete());
    await act(() => vi.advanceTimersByTimeAsync(2_600));
    expect(streams).toHaveLength(3);
    send(subscribed({ sequence: 11 }), 2);
    expect(orgQueries().length).toBe(before + 1);
    expect(screen.getByTestId('list-refetches')).toHaveTextContent('2');
  });

  it('subscribes again after a network failure without asking who the viewer is', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { send, streams, refreshViewer } = setup();
    await screen.findByText('3/10');
    send({ error: { graphQLErrors: [], networkError: new Error('socket closed') } });
    await act(() => vi.advanceTimersByTimeAsync(1_600));
    expect(streams).toHaveLength(2);
    expect(refreshViewer).not.toHaveBeenCalled();
  });

  it('leaves a signed-out viewer to the session', async () => {
    const { send, refreshViewer } = setup();
    await screen.findByText('3/10');
    send({ error: { graphQLErrors: [{ message: 'sign in', extensions: { code: 'UNAUTHENTICATED' } }] } });
    await new Promise((r) => setTimeout(r, 50));
    expect(refreshViewer).not.toHaveBeenCalled();
    expect(screen.getByTestId('path')).toHaveTextContent('/orgs/acme/members');
  });
});
