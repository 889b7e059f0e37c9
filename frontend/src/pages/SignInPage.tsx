import { Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { SignInMutation } from '../components/session/operations';
import { useSession } from '../components/session/SessionProvider';
import { ErrorAlert } from '../components/ui/ErrorAlert';
import { fieldErrors, formErrors } from '../lib/errors';
import { paths, safeNext, withNext } from '../lib/navigation';

function forgotLink(email: string): string {
  const e = email.trim();
  return e ? `${paths.forgotPassword}?${new URLSearchParams({ email: e }).toString()}` : paths.forgotPassword;
}

export function SignInPage() {
  const [params] = useSearchParams();
  const rawNext = params.get('next');
  const next = safeNext(rawNext);
  const { viewer, resetSession } = useSession();
  const [{ fetching, error }, signIn] = useMutation(SignInMutation);
  const form = useForm({
    initialValues: { email: params.get('email') ?? '', password: '' },
    validate: {
      email: (v) => (v.trim() ? null : 'Enter your email address'),
      password: (v) => (v ? null : 'Enter your password'),
    },
  });

  if (viewer) return <Navigate to={next} replace />;
  const other = formErrors(error, ['email', 'password']);

  return (
    <Paper withBorder p="xl" radius="md">
      <Stack>
        <Title order={1} size="h2">
          Sign in
        </Title>
        {rawNext?.startsWith('/invitations/') && <Text size="sm">Sign in to accept your invitation.</Text>}
        {rawNext?.startsWith(paths.verifyEmail) && <Text size="sm">Sign in to verify your email address.</Text>}
        <form
          noValidate
          onSubmit={form.onSubmit(async (values) => {
            const r = await signIn({ email: values.email.trim(), password: values.password });
            if (r.error) {
              form.setErrors(fieldErrors(r.error));
              return;
            }
            // A fresh client fetches the viewer; this page then moves on to `next`.
            resetSession();
          })}
        >
          <Stack>
            <TextInput label="Email" type="email" autoComplete="email" required {...form.getInputProps('email')} />
            <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
            <Anchor component={Link} to={forgotLink(form.values.email)} size="sm" mt={-8}>
              Forgot password?
            </Anchor>
            {other.length > 0 && <ErrorAlert message={other.map((e) => e.message).join(' ')} />}
            <Button type="submit" loading={fetching} fullWidth>
              Sign in
            </Button>
          </Stack>
        </form>
        <Text size="sm" ta="center">
          New to Roster?{' '}
          <Anchor component={Link} to={withNext(paths.signUp, rawNext, params.get('email') ? { email: params.get('email') ?? '' } : {})}>
            Create an account
          </Anchor>
        </Text>
      </Stack>
    </Paper>
  );
}
