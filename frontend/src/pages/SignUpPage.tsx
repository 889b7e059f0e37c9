import { Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { SignUpMutation } from '../components/session/operations';
import { useSession } from '../components/session/SessionProvider';
import { ErrorAlert } from '../components/ui/ErrorAlert';
import { isEmailShape } from '../lib/email';
import { fieldErrors, formErrors } from '../lib/errors';
import { paths, rememberAfterVerify, safeNext, withNext } from '../lib/navigation';

export const MIN_PASSWORD_LENGTH = 10;

export function SignUpPage() {
  const [params] = useSearchParams();
  const rawNext = params.get('next');
  const next = safeNext(rawNext);
  const fromInvitation = rawNext?.startsWith('/invitations/') ?? false;
  const { viewer, resetSession } = useSession();
  const [{ fetching, error }, signUp] = useMutation(SignUpMutation);
  const form = useForm({
    initialValues: { name: '', email: params.get('email') ?? '', password: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter your name'),
      email: (v) => (isEmailShape(v.trim()) ? null : 'Enter an email address like name@example.com'),
      password: (v) => (v.length >= MIN_PASSWORD_LENGTH ? null : `Use at least ${MIN_PASSWORD_LENGTH} characters`),
    },
  });

  if (viewer) {
    // Just signed up (or already signed in): verify first, then go on.
    return <Navigate to={viewer.emailVerified ? next : paths.verifyEmail} replace />;
  }
  const other = formErrors(error, ['name', 'email', 'password']);

  return (
    <Paper withBorder p="xl" radius="md">
      <Stack>
        <Title order={1} size="h2">
          Create your account
        </Title>
        {fromInvitation && (
          <Text size="sm">
            After you sign up we will email you a link to verify your address; it brings you back to your invitation.
          </Text>
        )}
        <form
          noValidate
          onSubmit={form.onSubmit(async (values) => {
            const r = await signUp({ input: { name: values.name.trim(), email: values.email.trim(), password: values.password } });
            if (r.error) {
              form.setErrors(fieldErrors(r.error));
              return;
            }
            if (rawNext) rememberAfterVerify(next);
            resetSession();
          })}
        >
          <Stack>
            <TextInput label="Name" autoComplete="name" required {...form.getInputProps('name')} />
            <TextInput label="Email" type="email" autoComplete="email" required {...form.getInputProps('email')} />
            <PasswordInput
              label="Password"
              description={`At least ${MIN_PASSWORD_LENGTH} characters`}
              autoComplete="new-password"
              required
              {...form.getInputProps('password')}
            />
            {other.length > 0 && <ErrorAlert message={other.map((e) => e.message).join(' ')} />}
            <Button type="submit" loading={fetching} fullWidth>
              Create account
            </Button>
          </Stack>
        </form>
        <Text size="sm" ta="center">
          Already have an account?{' '}
          <Anchor component={Link} to={withNext(paths.signIn, rawNext, params.get('email') ? { email: params.get('email') ?? '' } : {})}>
            Sign in
          </Anchor>
        </Text>
      </Stack>
    </Paper>
  );
}
