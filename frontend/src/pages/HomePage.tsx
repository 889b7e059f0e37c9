import { Paper, Text } from '@mantine/core';
import { Navigate } from 'react-router';
import { CreateOrganizationForm } from '../components/organizations/CreateOrganizationForm';
import { useSession } from '../components/session/SessionProvider';
import { PageHeader } from '../components/ui/PageHeader';
import { lastOrganization, paths } from '../lib/navigation';

/** Straight to the last (or first) organization; a person with none creates one. */
export function HomePage() {
  const { viewer } = useSession();
  const memberships = viewer?.memberships ?? [];
  if (memberships.length > 0) {
    const last = lastOrganization();
    const target = memberships.find((m) => m.organization.slug === last) ?? memberships[0];
    if (target) return <Navigate to={paths.members(target.organization.slug)} replace />;
  }
  return (
    <>
      <PageHeader title={`Welcome${viewer?.name ? `, ${viewer.name}` : ''}`} description="You are not a member of any organization yet." />
      <Paper withBorder p="lg" maw={560}>
        <Text fw={600} mb="sm">
          Create your organization
        </Text>
        <CreateOrganizationForm />
        <Text size="sm" c="dimmed" mt="md">
          Joining a team instead? Open the invitation link from your email.
        </Text>
      </Paper>
    </>
  );
}
