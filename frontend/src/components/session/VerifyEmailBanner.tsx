import { Alert, Button, Group, Text } from '@mantine/core';
import { IconMailExclamation } from '@tabler/icons-react';
import { useMutation } from 'urql';
import { errorMessage } from '../../lib/errors';
import { notifyError, notifySuccess } from '../ui/notify';
import { ResendVerificationEmailMutation } from './operations';

export function ResendVerificationButton({ email, variant = 'light' }: { email: string; variant?: 'light' | 'default' | 'filled' }) {
  const [{ fetching }, resend] = useMutation(ResendVerificationEmailMutation);
  return (
    <Button
      variant={variant}
      loading={fetching}
      onClick={async () => {
        const r = await resend({});
        if (r.error) notifyError(errorMessage(r.error));
        else notifySuccess(`We sent a new verification link to ${email}.`, 'Verification email sent');
      }}
    >
      Resend verification email
    </Button>
  );
}

export function VerifyEmailBanner({ email }: { email: string }) {
  return (
    <Alert color="yellow" variant="light" icon={<IconMailExclamation aria-hidden />} title="Verify your email address" mb="lg">
      <Group justify="space-between" gap="sm">
        <Text size="sm">
          We sent a link to <strong>{email}</strong>. You need a verified email to create organizations, invite people and accept invitations.
        </Text>
        <ResendVerificationButton email={email} />
      </Group>
    </Alert>
  );
}
