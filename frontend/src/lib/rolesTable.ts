// The guide's "Permissions Comparison" table: its rows in its order and
// words, each the Permission the server checks. Which role has which comes
// from the server (Query.rolePermissions, the policy that authorizes), never
// from here. Permissions the guide's table leaves out follow under it.
import type { Permission, Role } from '../gql/graphql';

export const GUIDE_ROWS: { permission: Permission; label: string }[] = [
  { permission: 'DELETE_ORGANIZATION', label: 'Delete organization' },
  { permission: 'MANAGE_OWNER', label: 'Manage owner' },
  { permission: 'MANAGE_ADMINS', label: 'Manage admins' },
  { permission: 'MANAGE_MEMBERS', label: 'Manage members' },
  { permission: 'CREATE_OAUTH_CLIENTS', label: 'Create OAuth clients' },
  { permission: 'CREATE_API_KEYS', label: 'Create API keys' },
  { permission: 'CREATE_WEBHOOKS', label: 'Create webhooks' },
  { permission: 'VIEW_AUDIT_LOGS', label: 'View audit logs' },
  { permission: 'USE_PRODUCTS', label: 'Use products' },
];

export const OTHER_ROWS: { permission: Permission; label: string }[] = [
  { permission: 'MANAGE_ORGANIZATION', label: 'Rename the organization' },
  { permission: 'MANAGE_BILLING', label: 'Change the seat limit (billing)' },
  { permission: 'MANAGE_DOMAINS', label: 'Verify domains and auto-join' },
];

export const ROLE_ORDER: Role[] = ['OWNER', 'ADMIN', 'MEMBER'];

/** role -> the permissions the server says it has. */
export function permissionMatrix(rows: readonly { role: Role; permissions: readonly Permission[] }[]): Map<Role, Set<Permission>> {
  return new Map(rows.map((r) => [r.role, new Set(r.permissions)]));
}

/** The rows to show: the guide's, then any other permission the server knows, the known ones labelled. */
export function tableRows(matrix: Map<Role, Set<Permission>>): { guide: typeof GUIDE_ROWS; other: typeof OTHER_ROWS } {
  const listed = new Set<Permission>([...GUIDE_ROWS, ...OTHER_ROWS].map((r) => r.permission));
  const extra: typeof OTHER_ROWS = [];
  for (const perms of matrix.values()) {
    for (const p of perms) {
      if (!listed.has(p)) {
        listed.add(p);
        extra.push({ permission: p, label: p.charAt(0) + p.slice(1).toLowerCase().replaceAll('_', ' ') });
      }
    }
  }
  return { guide: GUIDE_ROWS, other: [...OTHER_ROWS, ...extra] };
}
