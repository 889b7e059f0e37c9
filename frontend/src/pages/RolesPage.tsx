// "Roles and permissions": the guide's Permissions Comparison table (Owner,
// Admin, Member × its permission names), filled from the server's policy
// (Query.rolePermissions), with the viewer's own role marked and what the
// viewer may do here (viewerPermissions) said in words.
import { Badge, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconMinus } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useQuery } from 'urql';
import { RolePermissionsQuery } from '../components/roles/operations';
import { useOrganization } from '../components/organizations/OrganizationRoute';
import { ErrorAlert } from '../components/ui/ErrorAlert';
import { PageHeader } from '../components/ui/PageHeader';
import { ScrollRegion } from '../components/ui/ScrollRegion';
import type { Permission, Role } from '../gql/graphql';
import { ROLE_DESCRIPTION, ROLE_LABEL } from '../lib/roles';
import { permissionMatrix, ROLE_ORDER, tableRows } from '../lib/rolesTable';

const YOURS = 'var(--mantine-color-indigo-0)';

function Cell({ has, yours }: { has: boolean; yours: boolean }) {
  return (
    <Table.Td ta="center" style={yours ? { background: YOURS } : undefined}>
      {has ? <IconCheck size={18} aria-hidden color="var(--mantine-color-teal-9)" /> : <IconMinus size={18} aria-hidden color="var(--mantine-color-gray-7)" />}
      <VisuallyHidden>{has ? 'Yes' : 'No'}</VisuallyHidden>
    </Table.Td>
  );
}

function PermissionTable({
  caption,
  rows,
  matrix,
  viewerRole,
}: {
  caption: string;
  rows: { permission: Permission; label: string }[];
  matrix: Map<Role, Set<Permission>>;
  viewerRole: Role | null | undefined;
}) {
  return (
    <ScrollRegion label={caption} minWidth={340}>
      <Table withTableBorder withColumnBorders verticalSpacing="xs" data-testid="permissions-table">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Permission</Table.Th>
            {ROLE_ORDER.map((role) => (
              <Table.Th key={role} scope="col" ta="center" style={role === viewerRole ? { background: YOURS } : undefined} aria-current={role === viewerRole ? 'true' : undefined}>
                {ROLE_LABEL[role]}
                {role === viewerRole && (
                  <Badge ml={6} size="xs" variant="filled" color="indigo.8">
                    You
                  </Badge>
                )}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.permission} data-permission={r.permission}>
              <Table.Th scope="row" fw={500}>
                {r.label}
              </Table.Th>
              {ROLE_ORDER.map((role) => (
                <Cell key={role} has={matrix.get(role)?.has(r.permission) ?? false} yours={role === viewerRole} />
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}

export function RolesPage() {
  const org = useOrganization();
  const [{ data, error }] = useQuery({ query: RolePermissionsQuery });
  const matrix = useMemo(() => permissionMatrix(data?.rolePermissions ?? []), [data]);
  const rows = useMemo(() => tableRows(matrix), [matrix]);
  const role = org.viewerRole;
  const mine = [...rows.guide, ...rows.other].filter((r) => org.viewerPermissions.includes(r.permission)).map((r) => r.label.replace(/^\w/, (c) => c.toLowerCase()));

  return (
    <Stack gap="lg" maw={860}>
      <PageHeader eyebrow={org.name} title="Roles and permissions" description="What each role may do in an organization, as Roster enforces it." />
      <Paper withBorder p="md" data-testid="your-role">
        <Text>
          {role ? (
            <>
              You are {role === 'ADMIN' ? 'an' : 'a'} <strong>{ROLE_LABEL[role]}</strong> of {org.name}: {ROLE_DESCRIPTION[role].toLowerCase()}.
            </>
          ) : (
            <>You are not a member of {org.name}.</>
          )}
        </Text>
        {mine.length > 0 && (
          <Text size="sm" c="dimmed" mt={4}>
            Here you can: {mine.join(', ')}.
          </Text>
        )}
        <Text size="sm" c="dimmed" mt={4}>
          Only the owner can change admin roles; admins can change member roles. For a role change, contact the organization owner.
        </Text>
      </Paper>
      <ErrorAlert error={error} />
      {data && (
        <>
          <Title order={2} size="h4">
            Permissions comparison
          </Title>
          <PermissionTable caption="Permissions comparison: Owner, Admin and Member" rows={rows.guide} matrix={matrix} viewerRole={role} />
          <PermissionTable caption="Other permissions" rows={rows.other} matrix={matrix} viewerRole={role} />
        </>
      )}
    </Stack>
  );
}
