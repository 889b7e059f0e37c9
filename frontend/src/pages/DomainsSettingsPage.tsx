// Settings → Domains: the organization's verified domains and auto-join
// (the guide's "Auto-Join via Verified Domains"). Every member sees them;
// owners and admins (MANAGE_DOMAINS) add, verify, switch and remove.
import { Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from 'urql';
import { AddDomainForm } from '../components/domains/AddDomainForm';
import { DomainCard } from '../components/domains/DomainCard';
import { OrganizationDomainsQuery } from '../components/domains/operations';
import { useOrganization } from '../components/organizations/OrganizationRoute';
import { ErrorAlert } from '../components/ui/ErrorAlert';
import { FullPageLoader } from '../components/ui/FullPageLoader';
import { PageHeader } from '../components/ui/PageHeader';
import { ROSTER_DATA } from '../lib/invalidation';

export function DomainsSettingsPage() {
  const org = useOrganization();
  const canManage = org.viewerPermissions.includes('MANAGE_DOMAINS');
  const [{ data, error }] = useQuery({ query: OrganizationDomainsQuery, variables: { slug: org.slug }, context: ROSTER_DATA });
  const domains = data?.organization?.domains ?? [];
  return (
    <Stack gap="lg" maw={860}>
      <PageHeader
        eyebrow="Settings"
        title="Domains"
        description="If your organization has verified domains, new users with matching email addresses can automatically join."
      />
      {canManage && (
        <Paper withBorder p="lg" component="section" aria-labelledby="add-domain-title">
          <Title order={2} size="h4" id="add-domain-title" mb="md">
            Add a domain
          </Title>
          <AddDomainForm organizationId={org.id} />
        </Paper>
      )}
      <section aria-labelledby="domains-title">
        <Title order={2} size="h4" id="domains-title" mb="md">
          Your domains
        </Title>
        {error && !data && <ErrorAlert title="Could not load the domains" error={error} />}
        {!data && !error && <FullPageLoader />}
        {data && domains.length === 0 && (
          <Text c="dimmed">{canManage ? 'No domains yet. Add one above, then verify it with a DNS TXT record.' : 'No domains yet. Owners and admins add them.'}</Text>
        )}
        <Stack gap="md">
          {domains.map((d) => (
            <DomainCard key={d.id} domain={d} canManage={canManage} />
          ))}
        </Stack>
      </section>
    </Stack>
  );
}
