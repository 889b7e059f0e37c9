import { Anchor, Paper, Stack, Text } from '@mantine/core';
import { Link, Navigate } from 'react-router';
import { ReceivedInvitations } from '../components/invitations/ReceivedInvitations';
import { CreateOrganizationForm } from '../components/organizations/CreateOrganizationForm';
import { useSession } from '../components/session/SessionProvider';
import { PageHeader } from '../components/ui/PageHeader';
import { homeTarget } from '../lib/home';
import { lastOrganization, paths } from '../lib/navigation';

/**
 * Straight to the last (or first) organization; invitations waiting for an
 * answer are listed here first; a person with no organization creates one.
 */
export function HomePage() {
  const { viewer } = useSession();
  const memberships = viewer?.memberships ?? [];
  const received = viewer?.receivedInvitations ?? [];
  const target = homeTarget(memberships, received.length, lastOrganization());
  if (target) return <Navigate to={paths.members(target)} replace />;
  const description =
    received.length > 0
      ? `You have ${received.length === 1 ? 'an invitation' : `${received.length} invitations`} waiting for an answer.`
      : 'You are not a member of any organization yet.';
  return (
    <Stack gap="lg">
      <PageHeader title={`Welcome${viewer?.name ? `, ${viewer.name}` : ''}`} description={description} />
      <ReceivedInvitations invitations={received} />
      {memberships.length > 0 ? (
        <Stack component="section" aria-labelledby="your-organizations" gap="xs">
          <Text fw={600} id="your-organizations">
            Your organizations
          </Text>
          {memberships.map((m) => (
            <Anchor key={m.id} component={Link} to={paths.members(m.organization.slug)}>
              {m.organization.name}
            </Anchor>
          ))}
        </Stack>
      ) : (
        <Paper withBorder p="lg" maw={560}>
          <Text fw={600} mb="sm">
            Create your organization
          </Text>
          <CreateOrganizationForm />
          {received.length === 0 && (
            <Text size="sm" c="dimmed" mt="md">
              {viewer?.emailVerified
                ? 'Joining a team instead? Open the invitation link from your email; invitations to your address also appear here.'
                : 'Joining a team instead? Open the invitation link from your email.'}
            </Text>
          )}
        </Paper>
      )}
    </Stack>
  );
}
