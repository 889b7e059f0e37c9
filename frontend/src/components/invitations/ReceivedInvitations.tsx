// The invitations addressed to the viewer's verified email, on the home
// page: a person who lost the email still joins. Accept joins at once;
// Decline asks for confirmation first.
import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { ROSTER_DATA } from '../../lib/invalidation';
import type { Viewer } from '../session/SessionProvider';
import { useSession } from '../session/SessionProvider';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { paths } from '../../lib/navigation';
import { ROLE_LABEL } from '../../lib/roles';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { notifyError, notifySuccess } from '../ui/notify';
import { AcceptReceivedInvitationMutation, DeclineReceivedInvitationMutation } from './operations';

type Received = Viewer['receivedInvitations'][number];


function ReceivedInvitation({ invitation }: { invitation: Received }) {
  const navigate = useNavigate();
  const { refreshViewer } = useSession();
  const [accepting, accept] = useMutation(AcceptReceivedInvitationMutation);
  const [declining, decline] = useMutation(DeclineReceivedInvitationMutation);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const org = invitation.organizationName;
  const titleId = `received-${invitation.id}`;

  return (
    <Paper withBorder p="md" component="li" aria-labelledby={titleId} style={{ listStyle: 'none' }}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Stack gap={4}>
          <Group gap="xs">
            <Text fw={600} id={titleId}>
              {org}
            </Text>
            <Badge variant="light" color="indigo">
              {ROLE_LABEL[invitation.role]}
            </Badge>
          </Group>
          <Text size="sm">
            {invitation.invitedByName ?? 'Someone'} invited you to join {org} as {invitation.role === 'ADMIN' ? 'an' : 'a'}{' '}
            {ROLE_LABEL[invitation.role]}.
          </Text>
          <Text size="xs" c="dimmed">
            Expires {formatDateTime(invitation.expiresAt)}
          </Text>
        </Stack>
        <Group gap="xs">
          <Button
            loading={accepting.fetching}
            aria-label={`Accept the invitation to ${org}`}
            onClick={async () => {
              const r = await accept({ id: invitation.id }, ROSTER_DATA);
              if (r.error) {
                notifyError(errorMessage(r.error), 'Invitation not accepted');
                await refreshViewer();
                return;
              }
              const m = r.data?.acceptReceivedInvitation;
              await refreshViewer();
              notifySuccess(`You joined ${org}.`, 'Invitation accepted');
              if (m) navigate(paths.members(m.organization.slug));
            }}
          >
            Accept
          </Button>
          <Button variant="default" aria-label={`Decline the invitation to ${org}`} onClick={() => setConfirmOpen(true)}>
            Decline
          </Button>
        </Group>
      </Group>
      <ConfirmDialog
        opened={confirmOpen}
        title="Decline this invitation?"
        confirmLabel="Decline invitation"
        cancelLabel="Keep invitation"
        loading={declining.fetching}
        error={declining.error}
        onClose={() => setConfirmOpen(false)}
        onConfirm={async () => {
          const r = await decline({ id: invitation.id }, ROSTER_DATA);
          if (r.error) return;
          setConfirmOpen(false);
          notifySuccess(`You declined the invitation to ${org}.`, 'Invitation declined');
          await refreshViewer();
        }}
      >
        {`You will not join ${org}. To join later, ask them to invite you again.`}
      </ConfirmDialog>
    </Paper>
  );
}

export function ReceivedInvitations({ invitations }: { invitations: readonly Received[] }) {
  if (invitations.length === 0) return null;
  return (
    <Stack component="section" aria-labelledby="received-invitations" gap="sm" maw={720}>
      <Title order={2} size="h4" id="received-invitations">
        Invitations for you
      </Title>
      <Stack component="ul" gap="sm" p={0} m={0}>
        {invitations.map((inv) => (
          <ReceivedInvitation key={inv.id} invitation={inv} />
        ))}
      </Stack>
    </Stack>
  );
}
