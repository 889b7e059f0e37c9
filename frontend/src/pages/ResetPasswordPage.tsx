// /reset-password?token=…: the link of a reset email. A new password signs
// the person in (every other session of theirs ends) and takes them home.
import { Anchor, Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { ResetPasswordMutation } from '../components/account/operations';
import { useSession } from '../components/session/SessionProvider';
import { ErrorAlert } from '../components/ui/ErrorAlert';
import { notifySuccess } from '../components/ui/notify';
import { fieldErrors, formErrors } from '../lib/errors';
import { newPasswordRules } from '../lib/passwords';
import { paths } from '../lib/navigation';

function InvalidLink() {
  return (
    <Paper withBorder p="xl" radius="md">
      <Stack>
        <IconAlertTriangle size={40} aria-hidden color="var(--mantine-color-orange-8)" />
        <Title order={1} size="h2">
          This reset link is not valid
        </Title>
        <Text>It may have expired (links work for an hour), been used already, or been replaced by a newer email.</Text>
        <Button component={Link} to={paths.forgotPassword} w="fit-content">
          Ask for a new link
        </Button>
      </Stack>
    </Paper>
  );
}

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const { resetSession } = useSession();
  const [{ fetching, error }, reset] = useMutation(ResetPasswordMutation);
  const form = useForm({
    initialValues: { newPassword: '', confirm: '' },
    validate: {
      newPassword: newPasswordRules,
      confirm: (v, values) => (v === values.newPassword ? null : 'The passwords do not match'),
    },
  });

  if (!token || fieldErrors(error).token) return <InvalidLink />;
  const other = formErrors(error, ['newPassword', 'token']);

  return (
    <Paper withBorder p="xl" radius="md">
      <Stack>
        <Title order={1} size="h2">
          Choose a new password
        </Title>
        <Text size="sm">Saving it signs you in here and signs you out everywhere else.</Text>
        <form
          noValidate
          onSubmit={form.onSubmit(async (values) => {
            const r = await reset({ token, newPassword: values.newPassword });
            if (r.error) {
              form.setErrors(fieldErrors(r.error));
              return;
            }
            notifySuccess('Your password was changed and you are signed in.', 'Password changed');
            // Both in one render: the fresh client reads the new viewer, and
            // the router is already home when it does.
            navigate(paths.home, { replace: true });
            resetSession();
          })}
        >
          <Stack>
            <PasswordInput
              label="New password"
              description="At least 10 characters"
              autoComplete="new-password"
              required
              {...form.getInputProps('newPassword')}
            />
            <PasswordInput label="Repeat the new password" autoComplete="new-password" required {...form.getInputProps('confirm')} />
            {other.length > 0 && <ErrorAlert message={other.map((e) => e.message).join(' ')} />}
            <Button type="submit" loading={fetching} fullWidth>
              Save password and sign in
            </Button>
          </Stack>
        </form>
        <Text size="sm" ta="center">
          <Anchor component={Link} to={paths.signIn}>
            Back to sign in
          </Anchor>
        </Text>
      </Stack>
    </Paper>
  );
}
