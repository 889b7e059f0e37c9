// Which controls the portal shows, from Organization.viewerPermissions. The
// server checks every action again; this only hides what it would refuse
// (SPEC: MANAGE_MEMBERS invites, resends, cancels, removes members and
// promotes to Admin; MANAGE_ADMINS demotes or removes an Admin; nobody invites
// or promotes to Owner: ownership moves only by transferOwnership).
import type { Permission, Role } from '../gql/graphql';

export type Permissions = readonly Permission[];

export const ROLE_LABEL: Record<Role, string> = {
  OWNER: 'Owner',
  ADMIN: 'Admin',
  MEMBER: 'Member',
};

/** The guide's words for the roles one can invite. */
export const ROLE_DESCRIPTION: Record<Role, string> = {
  OWNER: 'Full control over the organization',
  ADMIN: 'Can manage members and resources',
  MEMBER: 'Standard access to features',
};

export function can(perms: Permissions, p: Permission): boolean {
  return perms.includes(p);
}

export function canInvite(perms: Permissions): boolean {
  return can(perms, 'MANAGE_MEMBERS');
}

/** Roles the viewer may give in an invitation; empty when they may not invite. */
export function invitableRoles(perms: Permissions): Role[] {
  return canInvite(perms) ? ['ADMIN', 'MEMBER'] : [];
}

interface Target {
  role: Role;
  isViewer: boolean;
}

/** The permission needed to act on someone with this role (nobody acts on the Owner). */
function permissionOver(role: Role): Permission | null {
  switch (role) {
    case 'OWNER':
      return null;
    case 'ADMIN':
      return 'MANAGE_ADMINS';
    case 'MEMBER':
      return 'MANAGE_MEMBERS';
  }
}

export function canRemoveMember(perms: Permissions, target: Target): boolean {
  if (target.isViewer) return false;
  const needed = permissionOver(target.role);
  return needed !== null && can(perms, needed);
}

/** Roles the member may be moved to (their current role excluded). */
export function assignableRoles(perms: Permissions, target: Target): Role[] {
  if (target.isViewer) return [];
  if (target.role === 'MEMBER' && can(perms, 'MANAGE_MEMBERS')) return ['ADMIN'];
  if (target.role === 'ADMIN' && can(perms, 'MANAGE_ADMINS')) return ['MEMBER'];
  return [];
}

/** Invitation actions (resend, cancel) need MANAGE_MEMBERS. */
export function canManageInvitations(perms: Permissions): boolean {
  return can(perms, 'MANAGE_MEMBERS');
}

/** The Owner cannot leave before transferring ownership. */
export function canLeave(viewerRole: Role | null | undefined): boolean {
  return viewerRole === 'ADMIN' || viewerRole === 'MEMBER';
}
