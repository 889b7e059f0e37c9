// OrganizationRoute with a seatUsageChanged stream the test drives: events
// update the meter at once and refetch the lists (debounced); the end of
// the stream takes a removed viewer out of the organization.
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
  viewerRole: 'OWNER',
  viewerPermissions: ['USE_PRODUCTS'],
  seatUsage: usage(3),
};

const member: Viewer = { ...testViewer, memberships: [{ id: 'm-1', role: 'OWNER', organization: { id: 'org-1', slug: 'acme', name: 'Acme' } }] };

/** Stands in for a page: the seats it shows, and how often its list refetched. */
function MembersProbe() {
  const org = useOrganization();
  const [refetched, setRefetched] = useState(0);
  useRefetchOnLiveChange(() => setRefetched((n) => n + 1));
  return (
    <>
      <p data-testid="seats">{`${org.seatUsage.used}/${org.seatUsage.total}`}</p>
      <p data-testid="list-refetches">{refetched}</p>
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
      if (name !== 'SeatUsageChanged') return undefined;
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

const event = (u: ReturnType<typeof usage>, connection = 1) => ({ data: { seatUsageChanged: u }, extensions: { rosterConnection: connection } });

afterEach(() => {
  vi.useRealTimers();
});

describe('live seat usage', () => {
  it('subscribes for the open organization and ignores an event that repeats what is shown', async () => {
    const { mock, send, orgQueries } = setup();
    await screen.findByText('3/10');
    const sub = mock.calls.find((c) => c.name === 'SeatUsageChanged');
    expect(sub?.variables).toEqual({ organizationID: 'org-1' });
    const before = orgQueries().length;
    send(event(usage(3)));
    await new Promise((r) => setTimeout(r, REFETCH_DEBOUNCE_MS + 100));
    expect(orgQueries().length).toBe(before);
    expect(screen.getByTestId('list-refetches')).toHaveTextContent('0');
  });

  it('shows a change at once and refetches the organization and the list once a burst settles', async () => {
    const { send, orgQueries } = setup();
    await screen.findByText('3/10');
    const before = orgQueries().length;
    send(event(usage(4)));
    expect(screen.getByTestId('seats')).toHaveTextContent('4/10');
    send(event(usage(5)));
    send(event(usage(5, 12)));
    expect(screen.getByTestId('seats')).toHaveTextContent('5/12');
    expect(orgQueries().length).toBe(before);
    await waitFor(() => expect(screen.getByTestId('list-refetches')).toHaveTextContent('1'));
    const refetches = orgQueries().slice(before);
    expect(refetches).toHaveLength(1);
    expect(refetches[0]?.requestPolicy).toBe('network-only');
    await new Promise((r) => setTimeout(r, REFETCH_DEBOUNCE_MS + 100));
    expect(screen.getByTestId('list-refetches')).toHaveTextContent('1');
  });

  it('refetches after the stream resumed on a new connection', async () => {
    const { send } = setup();
    await screen.findByText('3/10');
    send(event(usage(3), 1));
    send(event(usage(3), 2));
    await waitFor(() => expect(screen.getByTestId('list-refetches')).toHaveTextContent('1'));
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
