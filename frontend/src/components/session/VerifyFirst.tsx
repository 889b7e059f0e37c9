// Why a control is unavailable before the email is verified: the server
// refuses to create organizations and to invite (FORBIDDEN, "Verify your
// email address first"), so the portal says so up front, with a way to get
// a new link, instead of a form that fails.
import { Alert, Stack, Text } from '@mantine/core';
import { IconMailExclamation } from '@tabler/icons-react';
import { ResendVerificationButton } from './VerifyEmailBanner';

export const VERIFY_FIRST_ID = 'verify-email-first';

export function VerifyFirst({ email, action }: { email: string; action: string }) {
  return (
    <Alert color="yellow" variant="light" icon={<IconMailExclamation aria-hidden />} title="Verify your email address first" id={VERIFY_FIRST_ID}>
      <Stack gap="sm" align="flex-start">
        <Text size="sm">
          You can {action} once your email address is verified. Open the link we sent to <strong>{email}</strong>.
        </Text>
        <ResendVerificationButton email={email} variant="default" />
      </Stack>
    </Alert>
  );
}
