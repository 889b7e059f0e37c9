// The member list: name, email, role, join date, last active and status
// (Active or Pending), pending invitations first; search, role and status
// filters (the status filter also opens the invitation history), sorting by
// the column headers (or "Sort by" at phone width) on the server, and cursor
// pagination so that organizations with thousands of members page.
import { Badge, Button, Group, Paper, Select, Stack, Table, Text, TextInput, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { IconArrowDown, IconArrowUp, IconArrowsSort, IconSearch } from '@tabler/icons-react';
import { useMemo, useState, type ReactNode } from 'react';
import { useQuery } from 'urql';
import type { MemberFieldsFragment, PendingInvitationFieldsFragment, Role } from '../../gql/graphql';
import { formatDate, formatDateTime, formatUTCDay, INVITATION_STATUS_LABEL, isPast, relativeTime } from '../../lib/format';
import { ROSTER_DATA } from '../../lib/invalidation';
import {
  ariaSort,
  buildPage,
  DEFAULT_SORT,
  FIRST_PAGE,
  nextSort,
  pageVariables,
  showsMembers,
  SORT_OPTIONS,
  STATUS_FILTER_OPTIONS,
  type ListCursor,
  type Sort,
  type SortField,
  type StatusFilter,
} from '../../lib/memberList';
import { ROLE_LABEL } from '../../lib/roles';
import { InvitationActions } from '../invitations/InvitationActions';
import { useRefetchOnLiveChange } from '../organizations/live';
import type { CurrentOrganization } from '../organizations/OrganizationRoute';
import { ErrorAlert } from '../ui/ErrorAlert';
import { RowDialogs } from '../ui/RowDialogs';
import { ScrollRegion } from '../ui/ScrollRegion';
import { MemberRoleControl, MemberRowActions } from './MemberActions';
import { MemberListQuery } from './operations';

export const PAGE_SIZE = 50;

type RoleFilter = Role | 'ALL';

const STATUS_COLOR: Record<string, string> = {
  Active: 'teal.9',
  Accepted: 'teal.9',
  Pending: 'yellow.5',
  Expired: 'red.9',
  Declined: 'gray.7',
  Canceled: 'gray.7',
};

function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={STATUS_COLOR[status] ?? 'gray.7'} variant="filled" radius="sm">
      {status}
    </Badge>
  );
}

interface Cells {
  key: string;
  email: string;
  kind: 'member' | 'invitation';
  name: ReactNode;
  role: ReactNode;
  joined: ReactNode;
  lastActive: ReactNode;
  status: ReactNode;
  /** Under the status: when an invitation was sent or expired, and what to do. */
  statusDetail?: ReactNode;
  actions: ReactNode;
}

function memberCells(member: MemberFieldsFragment, org: CurrentOrganization, viewerId: string): Cells {
  const isViewer = member.user.id === viewerId;
  return {
    key: member.id,
    email: member.user.email,
    kind: 'member',
    name: (
      <Group gap={6} wrap="nowrap">
        <Text size="sm" fw={500}>
          {member.user.name || '—'}
        </Text>
        {isViewer && (
          <Badge variant="outline" color="gray.8" size="xs">
            You
          </Badge>
        )}
      </Group>
    ),
    role: (
      <MemberRoleControl
        member={member}
        isViewer={isViewer}
        viewerRole={org.viewerRole}
        canManageMembers={org.viewerPermissions.includes('MANAGE_MEMBERS')}
      />
    ),
    joined: (
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {formatDate(member.joinedAt)}
      </Text>
    ),
    lastActive: (
      <Text size="sm" c={member.lastActiveAt ? undefined : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>
        {member.lastActiveAt ? formatUTCDay(member.lastActiveAt) : 'Never'}
      </Text>
    ),
    status: <StatusBadge status="Active" />,
    actions: <MemberRowActions member={member} isViewer={isViewer} viewerRole={org.viewerRole} organization={org} />,
  };
}

/** "Sent 2 times, last on Dec 2, 2026" (sendCount, lastSentAt). */
export function sentSummary(invitation: Pick<PendingInvitationFieldsFragment, 'sendCount' | 'lastSentAt'>): string {
  const times = invitation.sendCount === 1 ? 'once' : `${invitation.sendCount} times`;
  return `Sent ${times}, last on ${formatDate(invitation.lastSentAt)}`;
}

function invitationCells(invitation: PendingInvitationFieldsFragment, org: CurrentOrganization): Cells {
  // The server's status, except that a pending one whose time ran out while the page was open is Expired.
  const status = invitation.status === 'PENDING' && isPast(invitation.expiresAt) ? 'EXPIRED' : invitation.status;
  const label = INVITATION_STATUS_LABEL[status];
  const canManage = org.viewerPermissions.includes('MANAGE_MEMBERS');
  let detail: ReactNode;
  if (status === 'PENDING') {
    detail = (
      <>
        <Text size="xs" c="dimmed">
          {sentSummary(invitation)} · expires {relativeTime(invitation.expiresAt)}
        </Text>
        {/* The guide's troubleshooting, "Invitation not received?", where the problem shows. */}
        <Text size="xs" c="dimmed">
          Not received? Ask them to check spam/junk folders and the address, or resend.
        </Text>
      </>
    );
  } else if (status === 'EXPIRED') {
    detail = (
      <Text size="xs" c="dimmed">
        Link expired {relativeTime(invitation.expiresAt)}
        {canManage ? ': resend it for a new link' : ''}
      </Text>
    );
  } else {
    detail = (
      <Text size="xs" c="dimmed">
        Invited {formatDate(invitation.createdAt)}
      </Text>
    );
  }
  return {
    key: invitation.id,
    email: invitation.email,
    kind: 'invitation',
    name: (
      <Text size="sm" c="dimmed">
        {invitation.invitedBy ? `Invited by ${invitation.invitedBy.name}` : 'Invited'}
      </Text>
    ),
    role: <Text size="sm">{ROLE_LABEL[invitation.role]}</Text>,
    joined: (
      <Text size="sm" c="dimmed" title={`Invited ${formatDateTime(invitation.createdAt)}`}>
        —<VisuallyHidden>Not joined yet</VisuallyHidden>
      </Text>
    ),
    lastActive: null,
    status: <StatusBadge status={label} />,
    statusDetail: detail,
    actions:
      canManage && (status === 'PENDING' || status === 'EXPIRED') ? (
        <InvitationActions invitation={invitation} expired={status === 'EXPIRED'} canManageBilling={org.viewerPermissions.includes('MANAGE_BILLING')} />
      ) : null,
  };
}

const emailStyle = { overflowWrap: 'anywhere' } as const;

function TableRow({ c }: { c: Cells }) {
  return (
    <Table.Tr data-testid={`${c.kind}-row`} data-email={c.email.toLowerCase()}>
      <Table.Td>{c.name}</Table.Td>
      <Table.Td>
        <Text size="sm" style={emailStyle}>
          {c.email}
        </Text>
      </Table.Td>
      <Table.Td>{c.role}</Table.Td>
      <Table.Td>{c.joined}</Table.Td>
      <Table.Td>{c.lastActive ?? <Text size="sm" c="dimmed">—</Text>}</Table.Td>
      <Table.Td>
        <Stack gap={2} align="flex-start">
          {c.status}
          {c.statusDetail}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Group justify="flex-end" wrap="nowrap">
          {c.actions}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** At phone width each row becomes a card with the same fields and controls. */
function RowCard({ c }: { c: Cells }) {
  return (
    <Paper withBorder p="sm" component="li" data-testid={`${c.kind}-row`} data-email={c.email.toLowerCase()}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <div style={{ minWidth: 0, flex: 1 }}>
            {c.name}
            <Text size="sm" style={emailStyle}>
              {c.email}
            </Text>
          </div>
          <div style={{ flexShrink: 0 }}>{c.status}</div>
        </Group>
        <Group gap="xs" wrap="wrap">
          <Text size="sm" c="dimmed">
            Role:
          </Text>
          {c.role}
          {c.kind === 'member' && (
            <>
              <Text size="sm" c="dimmed">
                · Joined
              </Text>
              {c.joined}
              <Text size="sm" c="dimmed">
                · Last active
              </Text>
              {c.lastActive}
            </>
          )}
        </Group>
        {c.statusDetail && <Stack gap={2}>{c.statusDetail}</Stack>}
        {c.actions && <Group justify="flex-end">{c.actions}</Group>}
      </Stack>
    </Paper>
  );
}

/** A column header that orders the list: a button, with aria-sort on the header that orders it. */
function SortableTh({ label, field, sort, onSort, enabled }: { label: string; field: SortField; sort: Sort; onSort: (f: SortField) => void; enabled: boolean }) {
  if (!enabled) return <Table.Th>{label}</Table.Th>;
  const dir = ariaSort(sort, field);
  const Icon = dir === 'ascending' ? IconArrowUp : dir === 'descending' ? IconArrowDown : IconArrowsSort;
  return (
    <Table.Th aria-sort={dir}>
      <UnstyledButton onClick={() => onSort(field)} fw={700} fz="sm" style={{ display: 'inline-flex', alignItems: 'center', gap: 4, whiteSpace: 'nowrap' }}>
        {label}
        <Icon size={14} aria-hidden stroke={dir ? 2.5 : 1.5} />
      </UnstyledButton>
    </Table.Th>
  );
}

export function MemberList({ org, viewerId }: { org: CurrentOrganization; viewerId: string }) {
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<RoleFilter>('ALL');
  const [status, setStatus] = useState<StatusFilter>('ALL');
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const [pages, setPages] = useState<ListCursor[]>([FIRST_PAGE]);
  const [debouncedSearch] = useDebouncedValue(search.trim(), 250);
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const cursor = pages[pages.length - 1] ?? FIRST_PAGE;

  const resetPages = () => setPages([FIRST_PAGE]);
  const vars = pageVariables(cursor, status);
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: MemberListQuery,
    variables: {
      slug: org.slug,
      first: PAGE_SIZE,
      search: debouncedSearch || null,
      role: role === 'ALL' ? null : role,
      orderBy: sort,
      ...vars,
    },
    context: ROSTER_DATA,
  });
  // Someone else invited, joined, canceled or removed: the page shown again.
  useRefetchOnLiveChange(() => reexecute({ requestPolicy: 'network-only' }));

  const page = useMemo(
    () =>
      buildPage<PendingInvitationFieldsFragment, MemberFieldsFragment>({
        cursor,
        status,
        pageSize: PAGE_SIZE,
        invitations: data?.organization?.invitations,
        members: data?.organization?.members,
      }),
    [data, cursor, status],
  );
  const onSort = (field: SortField) => {
    setSort((s) => nextSort(s, field));
    resetPages();
  };
  const sortable = showsMembers(status);
  const listLabel = sortable
    ? 'Members and pending invitations'
    : status === 'PENDING'
      ? 'Pending invitations'
      : (STATUS_FILTER_OPTIONS.find((o) => o.value === status)?.label ?? 'Invitations');
  const cells = page.rows.map((row) => (row.kind === 'member' ? memberCells(row.node, org, viewerId) : invitationCells(row.node, org)));
  const memberTotal = data?.organization?.members?.totalCount;
  const first = (pages.length - 1) * PAGE_SIZE;

  return (
    <Stack gap="md">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label="Search"
          placeholder="Name or email"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            resetPages();
          }}
          style={{ flex: '1 1 220px' }}
        />
        <Select
          label="Role"
          data={[
            { value: 'ALL', label: 'All roles' },
            { value: 'OWNER', label: 'Owner' },
            { value: 'ADMIN', label: 'Admin' },
            { value: 'MEMBER', label: 'Member' },
          ]}
          value={role}
          allowDeselect={false}
          onChange={(v) => {
            setRole((v ?? 'ALL') as RoleFilter);
            resetPages();
          }}
          w={150}
        />
        <Select
          label="Status"
          data={STATUS_FILTER_OPTIONS}
          value={status}
          allowDeselect={false}
          onChange={(v) => {
            setStatus((v ?? 'ALL') as StatusFilter);
            resetPages();
          }}
          w={210}
        />
        {phone && sortable && (
          <Select
            label="Sort by"
            data={SORT_OPTIONS.map(({ value, label }) => ({ value, label }))}
            value={`${sort.field}:${sort.direction}`}
            allowDeselect={false}
            onChange={(v) => {
              const o = SORT_OPTIONS.find((x) => x.value === v);
              if (o) {
                setSort(o.sort);
                resetPages();
              }
            }}
            w={260}
          />
        )}
      </Group>

      <ErrorAlert error={error} />

      {/* The rows' confirmations are kept here: crossing the phone width
          draws the rows anew, as cards or as a table (see RowDialogs). */}
      <RowDialogs>
        <div data-testid="member-list" aria-busy={fetching}>
          {phone ? (
            <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label={listLabel}>
              {cells.map((c) => (
                <RowCard key={c.key} c={c} />
              ))}
            </Stack>
          ) : (
            <ScrollRegion label="Member list" minWidth={940}>
              <Table verticalSpacing="sm" highlightOnHover aria-label={listLabel}>
                <Table.Thead>
                  <Table.Tr>
                    <SortableTh label="Name" field="NAME" sort={sort} onSort={onSort} enabled={sortable} />
                    <Table.Th>Email</Table.Th>
                    <SortableTh label="Role" field="ROLE" sort={sort} onSort={onSort} enabled={sortable} />
                    <SortableTh label="Join date" field="JOINED_AT" sort={sort} onSort={onSort} enabled={sortable} />
                    <SortableTh label="Last active" field="LAST_ACTIVE_AT" sort={sort} onSort={onSort} enabled={sortable} />
                    <Table.Th>Status</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {cells.map((c) => (
                    <TableRow key={c.key} c={c} />
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
          )}
          {data && cells.length === 0 && (
            <Text c="dimmed" ta="center" py="lg">
              {debouncedSearch || role !== 'ALL' || status === 'ACTIVE' || status === 'PENDING'
                ? 'No one matches these filters.'
                : sortable
                  ? 'No members yet.'
                  : `No ${STATUS_FILTER_OPTIONS.find((o) => o.value === status)?.label.toLowerCase() ?? 'invitations'}.`}
            </Text>
          )}
        </div>
      </RowDialogs>

      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" aria-live="polite">
          {page.rows.length > 0 ? `Showing ${first + 1}–${first + page.rows.length}` : ''}
          {memberTotal !== undefined && showsMembers(status) ? ` · ${memberTotal.toLocaleString('en-US')} active ${memberTotal === 1 ? 'member' : 'members'}` : ''}
        </Text>
        <Group gap="xs">
          <Button variant="default" size="sm" disabled={pages.length <= 1 || fetching} onClick={() => setPages((p) => p.slice(0, -1))}>
            Previous page
          </Button>
          <Button
            variant="default"
            size="sm"
            disabled={!page.next || fetching}
            onClick={() => {
              const next = page.next;
              if (next) setPages((p) => [...p, next]);
            }}
          >
            Next page
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
