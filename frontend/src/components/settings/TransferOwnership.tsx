// The Owner hands the organization to another member and becomes an Admin.
import { Button, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useQuery, useMutation } from 'urql';
import type { TransferCandidatesQuery as TransferCandidatesQueryResult } from '../../gql/graphql';
import { ROSTER_DATA } from '../../lib/invalidation';
import { ROLE_LABEL } from '../../lib/roles';
import { useRefetchOnLiveChange } from '../organizations/live';
import { useSession } from '../session/SessionProvider';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { notifySuccess } from '../ui/notify';
import { TransferCandidatesQuery, TransferOwnershipMutation } from './operations';

type Candidate = NonNullable<NonNullable<NonNullable<TransferCandidatesQueryResult['organization']>['members']['edges']>[number]>['node'] & {};

function labelOf(m: NonNullable<Candidate>): string {
  return `${m.user.name || m.user.email} (${m.user.email}) · ${ROLE_LABEL[m.role]}`;
}

export function TransferOwnership({ organization }: { organization: { id: string; slug: string; name: string } }) {
  const { viewer, refreshViewer } = useSession();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [chosen, setChosen] = useState<Candidate | null>(null);
  const [confirm, setConfirm] = useState(false);
  // Once a member is picked the box shows their label: that is no search.
  const term = chosen && debounced === labelOf(chosen) ? '' : debounced.trim();
  const [{ data }, reexecute] = useQuery({ query: TransferCandidatesQuery, variables: { slug: organization.slug, search: term || null } });
  useRefetchOnLiveChange(() => reexecute({ requestPolicy: 'network-only' }));
  const [{ fetching, error }, transfer] = useMutation(TransferOwnershipMutation);

  const candidates = (data?.organization?.members.edges ?? [])
    .map((e) => e?.node)
    .filter((n): n is Candidate => Boolean(n) && n?.user.id !== viewer?.id && n?.role !== 'OWNER');
  if (chosen && !candidates.some((c) => c.id === chosen.id)) candidates.unshift(chosen);
  const options = candidates.map((m) => ({ value: m.id, label: labelOf(m) }));

  return (
    <Stack gap="sm">
      <Text size="sm">The new Owner gets full control, including billing and deleting the organization. You become an Admin.</Text>
      <Select
        label="New owner"
        placeholder="Search members by name or email"
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        filter={({ options: o }) => o}
        data={options}
        value={chosen?.id ?? null}
        onChange={(id) => setChosen(candidates.find((c) => c.id === id) ?? null)}
        nothingFoundMessage="No other members match"
        maw={480}
      />
      <Button variant="outline" color="red.9" w="fit-content" disabled={!chosen} onClick={() => setConfirm(true)}>
        Transfer ownership
      </Button>
      <ConfirmDialog
        opened={confirm}
        title="Transfer ownership?"
        confirmLabel="Transfer ownership"
        cancelLabel="Keep ownership"
        loading={fetching}
        error={error}
        onClose={() => setConfirm(false)}
        onConfirm={async () => {
          if (!chosen) return;
          const r = await transfer({ organizationID: organization.id, membershipID: chosen.id }, ROSTER_DATA);
          if (r.error) return;
          setConfirm(false);
          setChosen(null);
          setSearch('');
          notifySuccess(`${chosen.user.name || chosen.user.email} now owns ${organization.name}. You are an Admin.`, 'Ownership transferred');
          void refreshViewer();
        }}
      >
        {chosen
          ? `${chosen.user.name || chosen.user.email} becomes the Owner of ${organization.name}, and you become an Admin. Only the new Owner can undo this.`
          : ''}
      </ConfirmDialog>
    </Stack>
  );
}
