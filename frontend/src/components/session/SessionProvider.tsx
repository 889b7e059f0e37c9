// The signed-in user and the GraphQL client. Signing in or out replaces the
// client, so nothing cached for one person is ever shown to the next.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Provider as UrqlProvider, useClient, useQuery } from 'urql';
import type { ViewerQuery as ViewerQueryResult } from '../../gql/graphql';
import { createRosterClient } from '../../lib/client';
import { ROSTER_DATA } from '../../lib/invalidation';
import { FullPageLoader } from '../ui/FullPageLoader';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Button, Center, Stack } from '@mantine/core';
import { ViewerQuery } from './operations';

export type Viewer = NonNullable<ViewerQueryResult['viewer']>;

interface Session {
  viewer: Viewer | null;
  /**
   * Fetches the viewer again (after creating, joining or leaving an
   * organization); resolves when it is in, with the viewer (null when
   * signed out), or undefined when the server could not be asked.
   */
  refreshViewer(): Promise<Viewer | null | undefined>;
  /** Drops every cached result and starts a fresh client (after sign-in or sign-out). */
  resetSession(): void;
}

/** Exported for tests, which provide a viewer without a server. */
export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}


function ViewerProvider({ resetSession, onUnauthenticated, children }: {
  resetSession(): void;
  onUnauthenticated: { current: () => void };
  children: ReactNode;
}) {
  const client = useClient();
  const [{ data, error, fetching }] = useQuery({ query: ViewerQuery, context: ROSTER_DATA });
  // The result also reaches the useQuery above (same operation key).
  const refreshViewer = useCallback(async () => {
    const r = await client.query(ViewerQuery, {}, { ...ROSTER_DATA, requestPolicy: 'network-only' }).toPromise();
    return r.data ? (r.data.viewer ?? null) : undefined;
  }, [client]);
  useEffect(() => {
    onUnauthenticated.current = () => void refreshViewer();
  }, [onUnauthenticated, refreshViewer]);
  const viewer = data?.viewer ?? null;
  const value = useMemo(() => ({ viewer, refreshViewer, resetSession }), [viewer, refreshViewer, resetSession]);

  if (!data) {
    if (error && !fetching) {
      return (
        <Center mih="100vh" p="md">
          <Stack maw={420}>
            <ErrorAlert title="Roster is not answering" error={error} />
            <Button onClick={() => void refreshViewer()}>Try again</Button>
          </Stack>
        </Center>
      );
    }
    return <FullPageLoader />;
  }
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const onUnauthenticated = useRef<() => void>(() => {});
  const make = useCallback(() => createRosterClient({ onUnauthenticated: () => onUnauthenticated.current() }), []);
  const [session, setSession] = useState(() => ({ roster: make(), generation: 0 }));
  const resetSession = useCallback(() => {
    setSession((prev) => {
      prev.roster.dispose();
      return { roster: make(), generation: prev.generation + 1 };
    });
  }, [make]);

  return (
    <UrqlProvider value={session.roster.client}>
      <ViewerProvider key={session.generation} resetSession={resetSession} onUnauthenticated={onUnauthenticated}>
        {children}
      </ViewerProvider>
    </UrqlProvider>
  );
}
