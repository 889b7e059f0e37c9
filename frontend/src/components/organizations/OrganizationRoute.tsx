// /orgs/:slug/*: loads the organization once for its pages. organization(slug)
// is null for a non-member, which gets a plain "not found" page. While its
// pages are open the organization is live (see live.ts): changes made
// elsewhere show at once on the seat meter, the pages refetch what they
// list, and a change of the viewer's role refetches their controls at once.
import { Button, Stack, Text, Title } from '@mantine/core';
import { createContext, useCallback, useContext, useEffect, useMemo } from 'react';
import { Link, Outlet, useParams } from 'react-router';
import { useQuery } from 'urql';
import type { OrganizationQuery as OrganizationQueryResult } from '../../gql/graphql';
import { ROSTER_DATA } from '../../lib/invalidation';
import { paths, rememberLastOrganization } from '../../lib/navigation';
import { ErrorAlert } from '../ui/ErrorAlert';
import { FullPageLoader } from '../ui/FullPageLoader';
import { OrganizationLiveProvider, useLiveOrganization } from './live';
import { OrganizationQuery } from './operations';

export type CurrentOrganization = NonNullable<OrganizationQueryResult['organization']>;

export const OrganizationContext = createContext<CurrentOrganization | null>(null);

export function useOrganization(): CurrentOrganization {
  const org = useContext(OrganizationContext);
  if (!org) throw new Error('useOrganization outside an organization route');
  return org;
}


export function OrganizationRoute() {
  const { slug = '' } = useParams();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: OrganizationQuery, variables: { slug }, context: ROSTER_DATA });
  const fetched = data?.organization ?? null;
  const refetch = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const { seatUsage, live } = useLiveOrganization(fetched, refetch);
  const org = useMemo(() => (fetched && seatUsage && seatUsage !== fetched.seatUsage ? { ...fetched, seatUsage } : fetched), [fetched, seatUsage]);

  useEffect(() => {
    if (org) rememberLastOrganization(org.slug);
  }, [org]);

  if (!data) {
    if (error && !fetching) return <ErrorAlert title="Could not load the organization" error={error} />;
    return <FullPageLoader />;
  }
  if (!org) {
    return (
      <Stack maw={520} gap="md" py="xl">
        <Title order={1} size="h2">
          Organization not found
        </Title>
        <Text>
          There is no organization at “{slug}” that you are a member of. If you were removed, ask an admin to invite you again.
        </Text>
        <Button component={Link} to={paths.home} w="fit-content">
          Go to your organizations
        </Button>
      </Stack>
    );
  }
  return (
    <OrganizationContext.Provider value={org}>
      <OrganizationLiveProvider value={live}>
        <Outlet />
      </OrganizationLiveProvider>
    </OrganizationContext.Provider>
  );
}
