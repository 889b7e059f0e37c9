// Controls on a member's row, shown only when the server says the viewer may
// use them (Membership.viewerAssignableRoles, viewerCanRemove): the
// role select, the remove (trash) button with its confirmation, and "Leave"
// on the viewer's own row.
import { ActionIcon, Button, Select, Text, Tooltip } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';
import type { MemberFieldsFragment, Role } from '../../gql/graphql';
import { errorMessage } from '../../lib/errors';
import { ROSTER_DATA } from '../../lib/invalidation';
import { paths } from '../../lib/navigation';
import { ROLE_LABEL } from '../../lib/roles';
import { useExpectDeparture } from '../organizations/live';
import { useSession } from '../session/SessionProvider';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { notifyError, notifySuccess } from '../ui/notify';
import { useRowDialog } from '../ui/RowDialogs';
import { ChangeMemberRoleMutation, LeaveOrganizationMutation, RemoveMemberMutation } from './operations';


function displayName(m: MemberFieldsFragment): string {
  return m.user.name || m.user.email;
}

/**
 * Why the viewer cannot change this role, in the guide's words ("Member has
 * wrong role?"), or null when there is nothing to say: to an admin beside an
 * admin's or the owner's role, and to anyone but the owner beside their own.
 */
export function roleLockedReason(member: Pick<MemberFieldsFragment, 'role'>, viewer: { isViewer: boolean; role: Role | null | undefined; canManageMembers: boolean }): string | null {
  if (viewer.role === 'OWNER') return null;
  if (viewer.isViewer) return 'Contact the organization owner for role changes';
  if (!viewer.canManageMembers) return null;
  if (member.role === 'ADMIN') return 'Only the owner can change admin roles';
  if (member.role === 'OWNER') return 'Only the owner can hand over ownership';
  return null;
}

export function MemberRoleControl({
  member,
  isViewer = false,
  viewerRole,
  canManageMembers = false,
}: {
  member: MemberFieldsFragment;
  isViewer?: boolean;
  viewerRole?: Role | null;
  canManageMembers?: boolean;
}) {
  const [{ fetching }, changeRole] = useMutation(ChangeMemberRoleMutation);
  // The server's answer: the roles the viewer may give this member now.
  const options = member.viewerAssignableRoles;
  if (options.length === 0) {
    const why = roleLockedReason(member, { isViewer, role: viewerRole, canManageMembers });
    return (
      <div>
        <Text size="sm">{ROLE_LABEL[member.role]}</Text>
        {why && (
          <Text size="xs" c="dimmed" data-testid="role-locked">
            {why}
          </Text>
        )}
      </div>
    );
  }
  const data = [member.role, ...options].map((r) => ({ value: r, label: ROLE_LABEL[r] }));
  return (
    <Select
      size="xs"
      w={120}
      data={data}
      value={member.role}
      allowDeselect={false}
      disabled={fetching}
      aria-label={`Role of ${displayName(member)}`}
      comboboxProps={{ withinPortal: true }}
      onChange={async (value) => {
        if (!value || value === member.role) return;
        const role = value as Role;
        const r = await changeRole({ id: member.id, role }, ROSTER_DATA);
        if (r.error) notifyError(errorMessage(r.error), 'Role not changed');
        else notifySuccess(`${displayName(member)} is now ${role === 'ADMIN' ? 'an Admin' : 'a Member'}.`, 'Role changed');
      }}
    />
  );
}

export function RemoveMemberButton({ member, organizationName }: { member: MemberFieldsFragment; organizationName: string }) {
  const [{ fetching, error }, remove] = useMutation(RemoveMemberMutation);
  // Kept by the member list (see RowDialogs).
  const [open, setOpen] = useRowDialog(`remove-member:${member.id}`);
  const name = displayName(member);
  return (
    <>
      <Tooltip label={`Remove ${name}`} withArrow>
        <ActionIcon variant="subtle" color="red.9" aria-label={`Remove ${name}`} onClick={() => setOpen(true)}>
          <IconTrash size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
      <ConfirmDialog
        opened={open}
        title={`Remove ${name}?`}
        confirmLabel="Remove member"
        cancelLabel="Keep member"
        loading={fetching}
        error={error}
        onClose={() => setOpen(false)}
        onConfirm={async () => {
          const r = await remove({ id: member.id }, ROSTER_DATA);
          if (r.error) return;
          setOpen(false);
          notifySuccess(`${name} no longer has access to ${organizationName}. Their seat is free.`, 'Member removed');
        }}
      >
        <Text>
          {name} ({member.user.email}) loses access to {organizationName} immediately. Their data isn't deleted, and they can be re-invited later.
        </Text>
      </ConfirmDialog>
    </>
  );
}

export function LeaveOrganizationButton({ organization, size = 'xs' }: { organization: { id: string; name: string }; size?: 'xs' | 'sm' }) {
  const [{ fetching, error }, leave] = useMutation(LeaveOrganizationMutation);
  const { refreshViewer } = useSession();
  const expectDeparture = useExpectDeparture();
  const navigate = useNavigate();
  // Kept by the member list when it is in one (see RowDialogs).
  const [open, setOpen] = useRowDialog(`leave-organization:${organization.id}`);
  return (
    <>
      <Button size={size} variant={size === 'xs' ? 'subtle' : 'outline'} color="red.9" onClick={() => setOpen(true)}>
        Leave organization
      </Button>
      <ConfirmDialog
        opened={open}
        title={`Leave ${organization.name}?`}
        confirmLabel="Leave organization"
        cancelLabel="Stay"
        loading={fetching}
        error={error}
        onClose={() => setOpen(false)}
        onConfirm={async () => {
          // This page says "You left" itself, not that access was lost.
          const undo = expectDeparture();
          const r = await leave({ organizationID: organization.id }, ROSTER_DATA);
          if (r.error) {
            undo();
            return;
          }
          setOpen(false);
          await refreshViewer();
          notifySuccess(`You left ${organization.name}.`, 'Left organization');
          navigate(paths.home, { replace: true });
        }}
      >
        {`You lose access to ${organization.name} at once. To come back, an admin has to invite you again.`}
      </ConfirmDialog>
    </>
  );
}

export function MemberRowActions(props: {
  member: MemberFieldsFragment;
  isViewer: boolean;
  viewerRole: Role | null | undefined;
  organization: { id: string; name: string };
}) {
  const { member, isViewer, viewerRole, organization } = props;
  // The owner transfers ownership before leaving; the server refuses otherwise.
  if (isViewer) return viewerRole != null && viewerRole !== 'OWNER' ? <LeaveOrganizationButton organization={organization} /> : null;
  if (member.viewerCanRemove) {
    return <RemoveMemberButton member={member} organizationName={organization.name} />;
  }
  return null;
}
