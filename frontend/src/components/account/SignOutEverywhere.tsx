import { Button, Stack, Text } from '@mantine/core';
import { IconLogout2 } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { paths } from '../../lib/navigation';
import { useSession } from '../session/SessionProvider';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { SignOutEverywhereMutation } from './operations';

/** Ends every session of the viewer, this browser's included, after a confirmation. */
export function SignOutEverywhere() {
  const [opened, setOpened] = useState(false);
  const { resetSession } = useSession();
  const navigate = useNavigate();
  const [{ fetching, error }, signOutEverywhere] = useMutation(SignOutEverywhereMutation);
  return (
    <Stack align="flex-start">
      <Text size="sm">
        Signs you out on every device and browser, this one included. Use it if you signed in somewhere you no longer trust.
      </Text>
      <Button color="red.9" variant="outline" leftSection={<IconLogout2 size={18} aria-hidden />} onClick={() => setOpened(true)}>
        Sign out everywhere
      </Button>
      <ConfirmDialog
        opened={opened}
        title="Sign out everywhere?"
        confirmLabel="Sign out everywhere"
        cancelLabel="Stay signed in"
        loading={fetching}
        error={error}
        onClose={() => setOpened(false)}
        onConfirm={async () => {
          const r = await signOutEverywhere({});
          if (r.error) return;
          setOpened(false);
          navigate(paths.signIn, { replace: true });
          resetSession();
        }}
      >
        Every session of yours ends, here and on your other devices. You will need your password to sign in again.
      </ConfirmDialog>
    </Stack>
  );
}
