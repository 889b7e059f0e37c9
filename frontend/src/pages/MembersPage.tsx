// Members (from the sidebar): the list, "Invite Member", "Bulk Invite" and
// "Export CSV".
import { Button, Group, Stack, Text } from '@mantine/core';
import { IconUserPlus, IconUsersPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { BulkInviteModal } from '../components/members/BulkInviteModal';
import { ExportMembersButton } from '../components/members/ExportMembersButton';
import { InviteMemberModal } from '../components/members/InviteMemberModal';
import { MemberList } from '../components/members/MemberList';
import { useOrganization } from '../components/organizations/OrganizationRoute';
import { SeatMeter } from '../components/seats/SeatMeter';
import { SeatsFullAlert } from '../components/seats/SeatsFullAlert';
import { useSession } from '../components/session/SessionProvider';
import { VERIFY_FIRST_ID, VerifyFirst } from '../components/session/VerifyFirst';
import { PageHeader } from '../components/ui/PageHeader';
import { seatsFull } from '../lib/seats';

export function MembersPage() {
  const org = useOrganization();
  const { viewer } = useSession();
  const [inviteOpen, setInviteOpen] = useState(false);
  const [bulkOpen, setBulkOpen] = useState(false);
  const roles = org.viewerInvitableRoles;
  const full = seatsFull(org.seatUsage);
  const canBilling = org.viewerPermissions.includes('MANAGE_BILLING');
  const unverified = Boolean(viewer && !viewer.emailVerified);
  const blockedBy = unverified ? VERIFY_FIRST_ID : full ? 'seats-full-reason' : undefined;

  return (
    <Stack gap="lg">
      <PageHeader
        eyebrow={org.name}
        title="Members"
        description="Everyone in this organization and the invitations still pending."
        actions={
          <>
            {roles.length > 0 && (
              <>
                <Button
                  leftSection={<IconUserPlus size={18} aria-hidden />}
                  onClick={() => setInviteOpen(true)}
                  disabled={Boolean(blockedBy)}
                  aria-describedby={blockedBy}
                >
                  Invite Member
                </Button>
                <Button
                  variant="default"
                  leftSection={<IconUsersPlus size={18} aria-hidden />}
                  onClick={() => setBulkOpen(true)}
                  disabled={Boolean(blockedBy)}
                  aria-describedby={blockedBy}
                >
                  Bulk Invite
                </Button>
              </>
            )}
            <ExportMembersButton slug={org.slug} />
          </>
        }
      />
      <Group justify="space-between" wrap="wrap" gap="sm">
        <SeatMeter usage={org.seatUsage} compact />
        {full && roles.length > 0 && (
          <Text size="sm" c="red.9" id="seats-full-reason">
            Inviting is paused: all {org.seatUsage.total} seats are in use.
          </Text>
        )}
      </Group>
      {unverified && roles.length > 0 && viewer && <VerifyFirst email={viewer.email} action="invite people or resend invitations" />}
      <SeatsFullAlert usage={org.seatUsage} canManageBilling={canBilling} slug={org.slug} />
      {viewer && <MemberList org={org} viewerId={viewer.id} />}
      {roles.length > 0 && (
        <>
          <InviteMemberModal opened={inviteOpen} onClose={() => setInviteOpen(false)} organizationId={org.id} roles={roles} canManageBilling={canBilling} />
          <BulkInviteModal
            opened={bulkOpen}
            onClose={() => setBulkOpen(false)}
            organizationId={org.id}
            roles={roles}
            canManageBilling={canBilling}
          />
        </>
      )}
    </Stack>
  );
}
