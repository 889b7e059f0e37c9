// The roles' names and the guide's words for them. Who may give which role
// is the server's answer (viewerInvitableRoles, viewerAssignableRoles).
import type { Role } from '../gql/graphql';

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
