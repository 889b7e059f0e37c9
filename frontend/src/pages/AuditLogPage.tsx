// Audit log: every recorded change of the organization, newest first, with
// who acted (a person's email, an API key, an OAuth client or the system),
// a filter by action, and the CSV download of the same. VIEW_AUDIT_LOGS only.
import { Anchor, Button, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from 'urql';
import { AuditEventsQuery } from '../components/audit/operations';
import { useOrganization } from '../components/organizations/OrganizationRoute';
import { ErrorAlert } from '../components/ui/ErrorAlert';
import { ScrollRegion } from '../components/ui/ScrollRegion';
import { PageHeader } from '../components/ui/PageHeader';
import { formatDateTime } from '../lib/format';
import { ROSTER_DATA } from '../lib/invalidation';

const ACTIONS = [
  'organization.created',
  'member.joined',
  'member.removed',
  'member.left',
  'member.role_changed',
  'invitation.created',
  'invitation.resent',
  'invitation.canceled',
  'invitation.accepted',
  'invitation.declined',
  'invitation.expired',
  'seats.changed',
  'organization.ownership_transferred',
  'api_key.created',
  'api_key.revoked',
  'oauth_client.created',
  'oauth_client.revoked',
  'webhook.created',
  'webhook.deleted',
];

const AUDIT_DATA = ROSTER_DATA;

function Page({ slug, action, after, isLast, onMore }: { slug: string; action: string | null; after: string | null; isLast: boolean; onMore(cursor: string): void }) {
  const [result] = useQuery({ query: AuditEventsQuery, variables: { slug, action, after }, context: AUDIT_DATA, requestPolicy: 'cache-and-network' });
  const conn = result.data?.organization?.auditEvents;
  return (
    <>
      {result.error && (
        <Table.Tr>
          <Table.Td colSpan={4}>
            <ErrorAlert error={result.error} />
          </Table.Td>
        </Table.Tr>
      )}
      {(conn?.edges ?? []).map((e) =>
        e?.node ? (
          <Table.Tr key={e.node.id}>
            <Table.Td>{formatDateTime(e.node.createdAt)}</Table.Td>
            <Table.Td>
              <code>{e.node.action}</code>
            </Table.Td>
            <Table.Td>{e.node.actorLabel}</Table.Td>
            <Table.Td style={{ wordBreak: 'break-all' }}>{e.node.target}</Table.Td>
          </Table.Tr>
        ) : null,
      )}
      {after == null && conn && conn.totalCount === 0 && (
        <Table.Tr>
          <Table.Td colSpan={4}>
            <Text size="sm" c="dimmed">
              No events{action ? ` named ${action}` : ''} yet.
            </Text>
          </Table.Td>
        </Table.Tr>
      )}
      {isLast && conn?.pageInfo.hasNextPage && conn.pageInfo.endCursor && (
        <Table.Tr>
          <Table.Td colSpan={4}>
            <Button variant="default" onClick={() => onMore(conn.pageInfo.endCursor!)}>
              Show older events
            </Button>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

export function AuditLogPage() {
  const org = useOrganization();
  const [action, setAction] = useState<string | null>(null);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const csv = `/api/organizations/${encodeURIComponent(org.id)}/audit.csv${action ? `?action=${encodeURIComponent(action)}` : ''}`;
  return (
    <Stack gap="lg" maw={960}>
      <PageHeader
        eyebrow="Security"
        title="Audit log"
        description="Who did what, on what, and when: newest first."
        actions={
          <Anchor href={csv} download="audit.csv" component="a">
            Download CSV
          </Anchor>
        }
      />
      <Group>
        <Select
          label="Action"
          placeholder="All actions"
          data={ACTIONS}
          value={action}
          onChange={(v) => {
            setAction(v);
            setCursors([null]);
          }}
          clearable
          searchable
          maw={320}
        />
      </Group>
      <ScrollRegion label="Audit events" minWidth={560}>
        <Table aria-label="Audit events">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Actor</Table.Th>
              <Table.Th>Target</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {cursors.map((after, i) => (
              <Page key={after ?? 'first'} slug={org.slug} action={action} after={after} isLast={i === cursors.length - 1} onMore={(c) => setCursors([...cursors, c])} />
            ))}
          </Table.Tbody>
        </Table>
      </ScrollRegion>
      <Text size="sm" c="dimmed">
        Actors are shown as a person's email, “API key &lt;name&gt;”, “OAuth client &lt;name&gt;” or “system”.
      </Text>
    </Stack>
  );
}
