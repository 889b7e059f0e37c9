// A live organization while its pages are open: one organizationChanged
// subscription (OrganizationRoute holds it, so Members and Settings share
// it). Each event shows its seat usage at once and has the pages refetch
// what they show (the organization, the member list; see
// OrganizationChangeSync for when): debounced for changes made elsewhere, at
// once when the viewer's role changed (their controls follow it) or changes
// were missed while disconnected. The stream ending means the viewer lost
// access: they are told, and taken to their other organizations.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { createRequest, useClient } from 'urql';
import { onEnd, pipe, subscribe } from 'wonka';
import type { SeatUsageFieldsFragment } from '../../gql/graphql';
import { accessOutcome, OrganizationChangeSync, reconnectDelay, streamEnd } from '../../lib/live';
import { paths } from '../../lib/navigation';
import { useSession } from '../session/SessionProvider';
import { notifyNotice } from '../ui/notify';
import { OrganizationChangedSubscription } from './operations';

interface OrganizationLive {
  /** Goes up by one each time the pages should refetch what they list. */
  revision: number;
  /**
   * The viewer is about to leave or delete the organization from this page
   * (that flow tells them itself): the end of the stream is expected. Call
   * the returned function when the attempt failed.
   */
  expectDeparture(): () => void;
}

const OrganizationLiveContext = createContext<OrganizationLive>({ revision: 0, expectDeparture: () => () => {} });
export const OrganizationLiveProvider = OrganizationLiveContext.Provider;

export function useExpectDeparture(): () => () => void {
  return useContext(OrganizationLiveContext).expectDeparture;
}

/** Runs refetch (e.g. a query's reexecute with 'network-only') whenever the organization changed elsewhere. */
export function useRefetchOnLiveChange(refetch: () => void): void {
  const { revision } = useContext(OrganizationLiveContext);
  const seen = useRef(revision);
  const latest = useRef(refetch);
  useEffect(() => {
    latest.current = refetch;
  });
  useEffect(() => {
    if (revision === seen.current) return;
    seen.current = revision;
    latest.current();
  }, [revision]);
}

export interface LiveOrganization {
  id: string;
  name: string;
  viewerRole?: string | null;
  seatUsage: SeatUsageFieldsFragment;
}

/**
 * Subscribes to the organization's changes while `org` is set. Returns the
 * seat usage to show (the latest event's, until the organization query
 * brings something newer) and the value for OrganizationLiveProvider.
 * refetch (the organization query) runs with the pages' own refetches.
 */
export function useLiveOrganization(org: LiveOrganization | null, refetch: () => void): { seatUsage: SeatUsageFieldsFragment | null; live: OrganizationLive } {
  const client = useClient();
  const { refreshViewer } = useSession();
  const navigate = useNavigate();
  const [event, setEvent] = useState<{ usage: SeatUsageFieldsFragment; base: SeatUsageFieldsFragment } | null>(null);
  const [revision, setRevision] = useState(0);
  // Bumped to subscribe again after a failure; failures sets the wait.
  const [generation, setGeneration] = useState(0);
  const failures = useRef(0);
  const departing = useRef(0);
  // The number of the last event seen, kept across subscriptions to the
  // same organization: a new one's SUBSCRIBED tells whether any were missed.
  const sequence = useRef<{ orgId: string; last: number | null } | null>(null);

  const fetched = org?.seatUsage ?? null;
  // The event's usage is newer than the query's it arrived over; a query
  // result that came after it is at least as new.
  const seatUsage = event && fetched && event.base === fetched ? event.usage : fetched;

  const latest = useRef({ org, fetched, seatUsage, refetch, refreshViewer, navigate });
  useEffect(() => {
    latest.current = { org, fetched, seatUsage, refetch, refreshViewer, navigate };
  });

  const orgId = org?.id ?? null;
  useEffect(() => {
    if (!orgId) return;
    let active = true;
    let finished = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    if (sequence.current?.orgId !== orgId) sequence.current = { orgId, last: null };
    const seen = sequence.current;
    const sync = new OrganizationChangeSync(
      () => {
        latest.current.refetch();
        setRevision((r) => r + 1);
      },
      {
        lastSequence: seen.last,
        // The role also shows in the organization switcher, from the viewer.
        onRoleChange: () => void latest.current.refreshViewer(),
      },
    );
    const subscribeAgain = () => {
      const wait = reconnectDelay(failures.current);
      failures.current++;
      retry = setTimeout(() => {
        if (active) setGeneration((g) => g + 1);
      }, wait);
    };
    const ended = async (error?: Parameters<typeof streamEnd>[0]) => {
      if (finished) return;
      finished = true;
      const end = streamEnd(error);
      if (end === 'retry') return subscribeAgain();
      // Signed out: the client's error handler asks for the viewer again,
      // and without one the person goes to sign in.
      if (end === 'signed-out') return;
      const viewer = await latest.current.refreshViewer();
      if (!active) return;
      switch (accessOutcome({ viewer, organizationId: orgId, departing: departing.current > 0 })) {
        case 'lost-access': {
          const name = latest.current.org?.name ?? 'this organization';
          notifyNotice(`You no longer have access to ${name}.`, 'Access removed', `lost-access-${orgId}`);
          latest.current.navigate(paths.home, { replace: true });
          return;
        }
        case 'resubscribe':
          return subscribeAgain();
        default:
          return;
      }
    };

    const subscription = pipe(
      client.executeSubscription(createRequest(OrganizationChangedSubscription, { organizationID: orgId })),
      // Also runs when this effect unsubscribes: active tells them apart.
      onEnd(() => {
        if (active) void ended();
      }),
      subscribe((result) => {
        if (!active || finished) return;
        if (result.error) {
          // The server ended the operation; the source stays open until
          // this effect's cleanup.
          void ended(result.error);
          return;
        }
        const change = result.data?.organizationChanged;
        if (!change) return;
        failures.current = 0;
        const { fetched: base, seatUsage: shown, org: current } = latest.current;
        const showUsage = sync.receive(change, { seatUsage: shown, viewerRole: current?.viewerRole });
        seen.last = sync.lastSequence;
        if (showUsage && base) setEvent({ usage: change.seatUsage, base });
      }),
    );
    return () => {
      active = false;
      clearTimeout(retry);
      sync.dispose();
      subscription.unsubscribe();
    };
  }, [client, orgId, generation]);

  const expectDeparture = useCallback(() => {
    departing.current++;
    let undone = false;
    return () => {
      if (undone) return;
      undone = true;
      departing.current--;
    };
  }, []);
  const live = useMemo(() => ({ revision, expectDeparture }), [revision, expectDeparture]);
  return { seatUsage, live };
}
