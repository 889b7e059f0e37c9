// Settings → Organization: details (renamed by the Owner), "Seat Usage"
// ("used/total" with a meter, the last 30 days as a chart, the upgrade
// prompt when full, the seat limit for the Owner), ownership transfer,
// leaving, and deleting.
import { Divider, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { LeaveOrganizationButton } from '../components/members/MemberActions';
import { useOrganization } from '../components/organizations/OrganizationRoute';
import { SeatMeter } from '../components/seats/SeatMeter';
import { SeatsFullAlert, SeatsNearlyFullNote } from '../components/seats/SeatsFullAlert';
import { SeatUsageHistory } from '../components/seats/SeatUsageHistory';
import { DeleteOrganization } from '../components/settings/DeleteOrganization';
import { RenameOrganizationForm } from '../components/settings/RenameOrganizationForm';
import { SeatLimitForm } from '../components/settings/SeatLimitForm';
import { TransferOwnership } from '../components/settings/TransferOwnership';
import { PageHeader } from '../components/ui/PageHeader';
import { formatDate } from '../lib/format';
import { ROLE_LABEL } from '../lib/roles';

function Section({ title, id, children, danger }: { title: string; id: string; children: ReactNode; danger?: boolean }) {
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby={id} style={danger ? { borderColor: 'var(--mantine-color-red-4)' } : undefined}>
      <Title order={2} size="h4" id={id} mb="md">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function Fact({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={500}>{value}</Text>
    </div>
  );
}

export function OrganizationSettingsPage() {
  const org = useOrganization();
  const perms = org.viewerPermissions;
  const canBilling = perms.includes('MANAGE_BILLING');
  return (
    <Stack gap="lg" maw={860}>
      <PageHeader eyebrow="Settings" title="Organization" />

      <Section title="Details" id="details-title">
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <Fact label="Name" value={org.name} />
          <Fact label="Slug" value={org.slug} />
          <Fact label="Created" value={formatDate(org.createdAt)} />
          <Fact label="Your role" value={org.viewerRole ? ROLE_LABEL[org.viewerRole] : '—'} />
        </SimpleGrid>
        {perms.includes('MANAGE_ORGANIZATION') && (
          <>
            <Divider my="md" />
            <RenameOrganizationForm key={org.name} organization={org} />
          </>
        )}
      </Section>

      <Section title="Seat Usage" id="seat-usage-title">
        <Stack gap="md">
          <SeatMeter usage={org.seatUsage} />
          <Text size="sm" c="dimmed">
            Active members (the Owner included) and pending invitations each take a seat. Removing a member or canceling an invitation frees one.
          </Text>
          <SeatsFullAlert usage={org.seatUsage} canManageBilling={canBilling} slug={org.slug} onSettingsPage />
          <SeatsNearlyFullNote usage={org.seatUsage} canManageBilling={canBilling} />
          <Divider />
          <SeatUsageHistory slug={org.slug} usage={org.seatUsage} />
          {canBilling && (
            <>
              <Divider />
              <SeatLimitForm key={org.seatUsage.total} organizationId={org.id} usage={org.seatUsage} />
            </>
          )}
        </Stack>
      </Section>

      {perms.includes('MANAGE_OWNER') && (
        <Section title="Transfer ownership" id="transfer-title">
          <TransferOwnership organization={org} />
        </Section>
      )}

      {/* The owner transfers ownership before leaving; the server refuses otherwise. */}
      {org.viewerRole !== 'OWNER' && org.viewerRole != null && (
        <Section title="Leave organization" id="leave-title">
          <Stack gap="sm">
            <Text size="sm">You lose access at once. To come back, an admin has to invite you again.</Text>
            <div>
              <LeaveOrganizationButton organization={org} size="sm" />
            </div>
          </Stack>
        </Section>
      )}

      {perms.includes('DELETE_ORGANIZATION') && (
        <Section title="Delete organization" id="delete-title" danger>
          <DeleteOrganization organization={org} />
        </Section>
      )}
    </Stack>
  );
}
