// "When you reach your seat limit: you cannot send new invitations, existing
// members remain unaffected, you'll see a prompt to upgrade your plan."
import { Alert, Anchor, List, Text } from '@mantine/core';
import { IconArmchair } from '@tabler/icons-react';
import { Link } from 'react-router';
import { paths } from '../../lib/navigation';
import { SEATS_FULL_OPTIONS, seatsFull, seatsNearlyFull, type SeatCounts } from '../../lib/seats';

export function SeatsFullAlert({
  usage,
  canManageBilling,
  slug,
  onSettingsPage = false,
}: {
  usage: SeatCounts;
  canManageBilling: boolean;
  slug: string;
  onSettingsPage?: boolean;
}) {
  if (!seatsFull(usage)) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconArmchair aria-hidden />} title={`All ${usage.total} seats are in use`} data-testid="seats-full">
      <Text size="sm">You can't send new invitations until a seat is free. Existing members are not affected.</Text>
      <List size="sm" mt="xs">
        <List.Item>{SEATS_FULL_OPTIONS[0]}</List.Item>
        <List.Item>{SEATS_FULL_OPTIONS[1]}</List.Item>
        <List.Item>
          {canManageBilling ? (
            onSettingsPage ? (
              'Upgrade to more seats: raise the seat limit below'
            ) : (
              <Anchor component={Link} to={`${paths.settings(slug)}#seat-limit`} size="sm" fw={600}>
                {SEATS_FULL_OPTIONS[2]}
              </Anchor>
            )
          ) : (
            'Ask the owner to upgrade to more seats'
          )}
        </List.Item>
      </List>
    </Alert>
  );
}

/** Best practice from the guide: "Upgrade before hitting limits". */
export function SeatsNearlyFullNote({ usage, canManageBilling }: { usage: SeatCounts; canManageBilling: boolean }) {
  if (!seatsNearlyFull(usage)) return null;
  return (
    <Text size="sm" c="red.9">
      Only {usage.available} {usage.available === 1 ? 'seat is' : 'seats are'} left.{' '}
      {canManageBilling ? 'Consider raising the limit before you run out.' : 'Ask the owner to add seats before you run out.'}
    </Text>
  );
}
