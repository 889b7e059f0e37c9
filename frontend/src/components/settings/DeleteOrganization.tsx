// The Owner deletes the organization after typing its slug.
import { Button, Code, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { ROSTER_DATA } from '../../lib/invalidation';
import { paths } from '../../lib/navigation';
import { useExpectDeparture } from '../organizations/live';
import { useSession } from '../session/SessionProvider';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { notifySuccess } from '../ui/notify';
import { DeleteOrganizationMutation } from './operations';

export function DeleteOrganization({ organization }: { organization: { id: string; slug: string; name: string } }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [{ fetching, error }, remove] = useMutation(DeleteOrganizationMutation);
  const { refreshViewer } = useSession();
  const expectDeparture = useExpectDeparture();
  const navigate = useNavigate();
  const matches = typed.trim() === organization.slug;
  const close = () => {
    setOpen(false);
    setTyped('');
  };
  return (
    <Stack gap="sm">
      <Text size="sm">Deleting removes every membership and invitation of {organization.name}. This cannot be undone.</Text>
      <Button color="red.9" w="fit-content" onClick={() => setOpen(true)}>
        Delete organization
      </Button>
      <ConfirmDialog
        opened={open}
        title={`Delete ${organization.name}?`}
        confirmLabel="Delete this organization"
        cancelLabel="Cancel"
        loading={fetching}
        error={error}
        confirmDisabled={!matches}
        onClose={close}
        onConfirm={async () => {
          // This page says it was deleted, not that access was lost.
          const undo = expectDeparture();
          const r = await remove({ id: organization.id, confirmSlug: typed.trim() }, ROSTER_DATA);
          if (r.error) {
            undo();
            return;
          }
          close();
          await refreshViewer();
          notifySuccess(`${organization.name} was deleted.`, 'Organization deleted');
          navigate(paths.home, { replace: true });
        }}
      >
        <Stack gap="sm">
          <Text>
            Every member loses access at once. To confirm, type <Code>{organization.slug}</Code> below.
          </Text>
          <TextInput label="Organization slug" value={typed} onChange={(e) => setTyped(e.currentTarget.value)} autoComplete="off" data-autofocus />
        </Stack>
      </ConfirmDialog>
    </Stack>
  );
}
