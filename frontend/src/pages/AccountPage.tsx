// /account (from the account menu): the viewer's name, password, and
// signing out everywhere.
import { Divider, Paper, Stack, Text, Title } from '@mantine/core';
import { ChangePasswordForm } from '../components/account/ChangePasswordForm';
import { ProfileForm } from '../components/account/ProfileForm';
import { SignOutEverywhere } from '../components/account/SignOutEverywhere';
import { useSession } from '../components/session/SessionProvider';
import { PageHeader } from '../components/ui/PageHeader';

export function AccountPage() {
  const { viewer } = useSession();
  if (!viewer) return null;
  return (
    <Stack gap="lg" maw={560}>
      <PageHeader title="Account" description={`Signed in as ${viewer.email}.`} />
      <Paper withBorder p="lg" component="section" aria-labelledby="account-profile">
        <Title order={2} size="h4" id="account-profile" mb="sm">
          Profile
        </Title>
        <ProfileForm name={viewer.name} />
      </Paper>
      <Paper withBorder p="lg" component="section" aria-labelledby="account-password">
        <Title order={2} size="h4" id="account-password" mb="xs">
          Password
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          Changing it signs you out on every other device.
        </Text>
        <ChangePasswordForm />
      </Paper>
      <Paper withBorder p="lg" component="section" aria-labelledby="account-sessions">
        <Title order={2} size="h4" id="account-sessions" mb="xs">
          Sessions
        </Title>
        <Divider mb="sm" />
        <SignOutEverywhere />
      </Paper>
    </Stack>
  );
}
