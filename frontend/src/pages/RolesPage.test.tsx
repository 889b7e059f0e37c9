import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Route, Routes } from 'react-router';
import type { Permission } from '../gql/graphql';
import { mockClient, renderWithProviders } from '../test/render';
import { OrganizationContext, type CurrentOrganization } from '../components/organizations/OrganizationRoute';
import { RolesPage } from './RolesPage';

// What the server's policy answers (Query.rolePermissions).
const POLICY: { role: 'OWNER' | 'ADMIN' | 'MEMBER'; permissions: Permission[] }[] = [
  {
    role: 'OWNER',
    permissions: [
      'DELETE_ORGANIZATION',
      'MANAGE_OWNER',
      'MANAGE_ADMINS',
      'MANAGE_MEMBERS',
      'MANAGE_DOMAINS',
      'MANAGE_BILLING',
      'CREATE_OAUTH_CLIENTS',
      'CREATE_API_KEYS',
      'CREATE_WEBHOOKS',
      'VIEW_AUDIT_LOGS',
      'USE_PRODUCTS',
      'MANAGE_ORGANIZATION',
    ],
  },
  { role: 'ADMIN', permissions: ['MANAGE_MEMBERS', 'MANAGE_DOMAINS', 'CREATE_OAUTH_CLIENTS', 'CREATE_API_KEYS', 'CREATE_WEBHOOKS', 'VIEW_AUDIT_LOGS', 'USE_PRODUCTS'] },
  { role: 'MEMBER', permissions: ['USE_PRODUCTS'] },
];

const org: CurrentOrganization = {
  id: 'org-1',
  name: 'Acme',
  slug: 'acme',
  createdAt: '2026-01-01T00:00:00Z',
  viewerRole: 'ADMIN',
  viewerPermissions: POLICY[1]!.permissions,
  viewerInvitableRoles: ['ADMIN', 'MEMBER'],
  seatUsage: { organizationID: 'org-1', used: 1, total: 10, available: 9, active: 1, pending: 0 },
};

describe('RolesPage', () => {
  it('fills the guide’s table from the server’s policy and marks the viewer’s role', async () => {
    const mock = mockClient((name) => (name === 'RolePermissions' ? { data: { rolePermissions: POLICY.map((p) => ({ __typename: 'RolePermissions', ...p })) } } : undefined));
    renderWithProviders(
      <OrganizationContext.Provider value={org}>
        <Routes>
          <Route path="*" element={<RolesPage />} />
        </Routes>
      </OrganizationContext.Provider>,
      { client: mock.client },
    );
    const table = await screen.findByRole('table', { name: /^Permissions comparison/ });
    const cells = (label: string) =>
      within(within(table).getByRole('rowheader', { name: label }).closest('tr')!)
        .getAllByRole('cell')
        .map((c) => c.textContent);
    expect(within(table).getAllByRole('rowheader').map((h) => h.textContent)).toEqual([
      'Delete organization',
      'Manage owner',
      'Manage admins',
      'Manage members',
      'Create OAuth clients',
      'Create API keys',
      'Create webhooks',
      'View audit logs',
      'Use products',
    ]);
    expect(cells('Delete organization')).toEqual(['Yes', 'No', 'No']);
    expect(cells('Create webhooks')).toEqual(['Yes', 'Yes', 'No']);
    expect(cells('Use products')).toEqual(['Yes', 'Yes', 'Yes']);
    expect(within(table).getByRole('columnheader', { name: /Admin/ })).toHaveTextContent('AdminYou');
    const other = screen.getByRole('table', { name: 'Other permissions' });
    expect(within(within(other).getByRole('rowheader', { name: 'Rename the organization' }).closest('tr')!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['Yes', 'No', 'No']);
    expect(screen.getByTestId('your-role')).toHaveTextContent('You are an Admin of Acme');
  });
});
