// /forgot-password: asks for an address and sends a reset link. The answer
// is the same whether or not an account exists, as the server's is.
import { Anchor, Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMailForward } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { RequestPasswordResetMutation } from '../components/account/operations';
import { ErrorAlert } from '../components/ui/ErrorAlert';
import { isEmailShape } from '../lib/email';
import { fieldErrors, formErrors } from '../lib/errors';
import { paths } from '../lib/navigation';

export function ForgotPasswordPage() {
  const [params] = useSearchParams();
  const [{ fetching, error }, request] = useMutation(RequestPasswordResetMutation);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: params.get('email') ?? '' },
    validate: { email: (v) => (isEmailShape(v.trim()) ? null : 'Enter an email address like name@example.com') },
  });

  if (sentTo) {
    return (
      <Paper withBorder p="xl" radius="md">
        <Stack>
          <IconMailForward size={40} aria-hidden color="var(--mantine-color-indigo-8)" />
          <Title order={1} size="h2">
            Check your email
          </Title>
          <Text role="status">
            If an account exists for <strong>{sentTo}</strong>, we sent a link to reset its password. The link works once, for
            an hour.
          </Text>
          <Text size="sm" c="dimmed">
            Nothing there? Check your spam folder, or ask again: a newer link replaces the older one.
          </Text>
          <Button component={Link} to={paths.signIn} variant="default" w="fit-content">
            Back to sign in
          </Button>
        </Stack>
      </Paper>
    );
  }
  const other = formErrors(error, ['email']);
  return (
    <Paper withBorder p="xl" radius="md">
      <Stack>
        <Title order={1} size="h2">
          Reset your password
        </Title>
        <Text size="sm">Enter the email address of your account. We will send you a link to choose a new password.</Text>
        <form
          noValidate
          onSubmit={form.onSubmit(async (values) => {
            const email = values.email.trim();
            const r = await request({ email });
            if (r.error) {
              form.setErrors(fieldErrors(r.error));
              return;
            }
            setSentTo(email);
          })}
        >
          <Stack>
            <TextInput label="Email" type="email" autoComplete="email" required {...form.getInputProps('email')} />
            {other.length > 0 && <ErrorAlert message={other.map((e) => e.message).join(' ')} />}
            <Button type="submit" loading={fetching} fullWidth>
              Send reset link
            </Button>
          </Stack>
        </form>
        <Text size="sm" ta="center">
          Remembered it?{' '}
          <Anchor component={Link} to={paths.signIn}>
            Sign in
          </Anchor>
        </Text>
      </Stack>
    </Paper>
  );
}
