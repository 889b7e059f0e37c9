// Developers: the organization's API keys, OAuth clients and webhooks (with
// their deliveries). Secrets are shown once, with a copy button. Only people
// with CREATE_API_KEYS, CREATE_OAUTH_CLIENTS or CREATE_WEBHOOKS see this page;
// the server refuses everyone else anyway.
import { Badge, Button, Group, MultiSelect, Paper, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery } from 'urql';
import { SecretOnce } from '../components/developers/SecretOnce';
import {
  CreateAPIKeyMutation,
  CreateOAuthClientMutation,
  CreateWebhookMutation,
  DeleteWebhookMutation,
  DevelopersQuery,
  ResendDeliveryMutation,
  RevokeAPIKeyMutation,
  RevokeOAuthClientMutation,
} from '../components/developers/operations';
import { useOrganization } from '../components/organizations/OrganizationRoute';
import { ConfirmDialog } from '../components/ui/ConfirmDialog';
import { ErrorAlert } from '../components/ui/ErrorAlert';
import { ScrollRegion } from '../components/ui/ScrollRegion';
import { notifySuccess } from '../components/ui/notify';
import { PageHeader } from '../components/ui/PageHeader';
import { fieldErrors } from '../lib/errors';
import { ROSTER_DATA } from '../lib/invalidation';
import { formatDateTime } from '../lib/format';

const DEVELOPER_DATA = ROSTER_DATA;

const EVENT_TYPES = [
  'invitation.created',
  'invitation.resent',
  'invitation.canceled',
  'invitation.accepted',
  'invitation.expired',
  'member.joined',
  'member.removed',
  'member.role_changed',
  'organization.ownership_transferred',
  'seats.changed',
  'domain.verified',
];

const ROLES = [
  { value: 'MEMBER', label: 'Member' },
  { value: 'ADMIN', label: 'Admin' },
];

function Section({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="md">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function Status({ revokedAt }: { revokedAt?: string | null }) {
  return revokedAt ? <Badge color="gray.8" variant="filled" radius="sm">Revoked</Badge> : <Badge color="teal.9" variant="filled" radius="sm">Active</Badge>;
}

function ProgramForm({ kind, organizationId, onCreated }: { kind: 'key' | 'client'; organizationId: string; onCreated(secret: string, extra?: string): void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<string | null>('MEMBER');
  const [keyState, createKey] = useMutation(CreateAPIKeyMutation);
  const [clientState, createClient] = useMutation(CreateOAuthClientMutation);
  const state = kind === 'key' ? keyState : clientState;
  const errors = fieldErrors(state.error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const vars = { organizationID: organizationId, name, role: (role ?? 'MEMBER') as 'MEMBER' | 'ADMIN' };
    if (kind === 'key') {
      const res = await createKey(vars, DEVELOPER_DATA);
      if (res.data) {
        setName('');
        onCreated(res.data.createAPIKey.secret);
      }
    } else {
      const res = await createClient(vars, DEVELOPER_DATA);
      if (res.data) {
        setName('');
        onCreated(res.data.createOAuthClient.clientSecret, res.data.createOAuthClient.client.clientID);
      }
    }
  };
  const what = kind === 'key' ? 'API key' : 'OAuth client';
  return (
    <form onSubmit={submit} aria-label={`Create ${what}`}>
      <Group align="flex-end" wrap="wrap">
        <TextInput label={`${what} name`} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} required maw={280} />
        <Select label="Role" data={ROLES} value={role} onChange={setRole} allowDeselect={false} maw={160} error={errors.role} />
        <Button type="submit" loading={state.fetching}>
          Create {what}
        </Button>
      </Group>
      {!errors.name && !errors.role && <ErrorAlert error={state.error} />}
    </form>
  );
}

type Org = ReturnType<typeof useOrganization>;

function APIKeys({ org, keys }: { org: Org; keys: NonNullable<NonNullable<ReturnType<typeof useDevelopers>['data']>['organization']>['apiKeys'] }) {
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const [revokeState, revoke] = useMutation(RevokeAPIKeyMutation);
  return (
    <Section title="API keys" id="api-keys-title">
      <Stack>
        <Text size="sm" c="dimmed">
          Programs send a key as <code>Authorization: Bearer …</code>. A key acts in this organization only, with its role.
        </Text>
        <ProgramForm kind="key" organizationId={org.id} onCreated={(s) => setSecret(s)} />
        <ScrollRegion label="API keys" minWidth={560}>
          <Table aria-label="API keys">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Key</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Created by</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(keys ?? []).map((k) => (
                <Table.Tr key={k.id}>
                  <Table.Td>{k.name}</Table.Td>
                  <Table.Td>
                    <code>{k.prefix}…</code>
                  </Table.Td>
                  <Table.Td>{k.role === 'ADMIN' ? 'Admin' : 'Member'}</Table.Td>
                  <Table.Td>{k.createdBy?.email ?? '—'}</Table.Td>
                  <Table.Td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'Never'}</Table.Td>
                  <Table.Td>
                    <Status revokedAt={k.revokedAt} />
                  </Table.Td>
                  <Table.Td>
                    {!k.revokedAt && (
                      <Button size="xs" variant="light" color="red.9" onClick={() => setRevoking({ id: k.id, name: k.name })}>
                        Revoke {k.name}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      </Stack>
      <SecretOnce title="Your new API key" label="API key" secret={secret} onClose={() => setSecret(null)} />
      <ConfirmDialog
        opened={revoking != null}
        title="Revoke API key"
        confirmLabel="Revoke key"
        loading={revokeState.fetching}
        error={revokeState.error}
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          const res = await revoke({ id: revoking!.id }, DEVELOPER_DATA);
          if (!res.error) {
            notifySuccess(`The key ${revoking!.name} is revoked.`);
            setRevoking(null);
          }
        }}
      >
        {`Programs using ${revoking?.name ?? 'this key'} stop working at once. This cannot be undone.`}
      </ConfirmDialog>
    </Section>
  );
}

function OAuthClients({ org, clients }: { org: Org; clients: NonNullable<NonNullable<ReturnType<typeof useDevelopers>['data']>['organization']>['oauthClients'] }) {
  const [secret, setSecret] = useState<{ secret: string; clientID: string } | null>(null);
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const [revokeState, revoke] = useMutation(RevokeOAuthClientMutation);
  return (
    <Section title="OAuth clients" id="oauth-clients-title">
      <Stack>
        <Text size="sm" c="dimmed">
          Clients trade their ID and secret for an access token at <code>POST /oauth/token</code> (client credentials grant).
        </Text>
        <ProgramForm kind="client" organizationId={org.id} onCreated={(s, clientID) => setSecret({ secret: s, clientID: clientID ?? '' })} />
        <ScrollRegion label="OAuth clients" minWidth={520}>
          <Table aria-label="OAuth clients">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Client ID</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(clients ?? []).map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td>
                    <code>{c.clientID}</code>
                  </Table.Td>
                  <Table.Td>{c.role === 'ADMIN' ? 'Admin' : 'Member'}</Table.Td>
                  <Table.Td>{formatDateTime(c.createdAt)}</Table.Td>
                  <Table.Td>
                    <Status revokedAt={c.revokedAt} />
                  </Table.Td>
                  <Table.Td>
                    {!c.revokedAt && (
                      <Button size="xs" variant="light" color="red.9" onClick={() => setRevoking({ id: c.id, name: c.name })}>
                        Revoke {c.name}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      </Stack>
      <SecretOnce
        title="Your new OAuth client"
        label="Client secret"
        secret={secret?.secret ?? null}
        extra={
          <Text size="sm">
            Client ID: <code>{secret?.clientID}</code>
          </Text>
        }
        onClose={() => setSecret(null)}
      />
      <ConfirmDialog
        opened={revoking != null}
        title="Revoke OAuth client"
        confirmLabel="Revoke client"
        loading={revokeState.fetching}
        error={revokeState.error}
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          const res = await revoke({ id: revoking!.id }, DEVELOPER_DATA);
          if (!res.error) {
            notifySuccess(`The client ${revoking!.name} is revoked.`);
            setRevoking(null);
          }
        }}
      >
        {`Its access tokens stop working at once. This cannot be undone.`}
      </ConfirmDialog>
    </Section>
  );
}

function Webhooks({ org, hooks }: { org: Org; hooks: NonNullable<NonNullable<ReturnType<typeof useDevelopers>['data']>['organization']>['webhooks'] }) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['invitation.created', 'member.joined']);
  const [secret, setSecret] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; url: string } | null>(null);
  const [createState, create] = useMutation(CreateWebhookMutation);
  const [deleteState, remove] = useMutation(DeleteWebhookMutation);
  const [, resend] = useMutation(ResendDeliveryMutation);
  const errors = fieldErrors(createState.error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await create({ organizationID: org.id, url, events }, DEVELOPER_DATA);
    if (res.data) {
      setUrl('');
      setSecret(res.data.createWebhook.signingSecret);
    }
  };
  return (
    <Section title="Webhooks" id="webhooks-title">
      <Stack>
        <Text size="sm" c="dimmed">
          Events are POSTed as JSON, signed per the Standard Webhooks specification, and retried up to 5 times.
        </Text>
        <form onSubmit={submit} aria-label="Create webhook">
          <Stack gap="xs">
            <TextInput label="Endpoint URL" placeholder="https://example.com/hooks/roster" value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={errors.url} required />
            <MultiSelect label="Events" data={EVENT_TYPES} value={events} onChange={setEvents} error={errors.events} searchable />
            <Group>
              <Button type="submit" loading={createState.fetching}>
                Create webhook
              </Button>
            </Group>
            {!errors.url && !errors.events && <ErrorAlert error={createState.error} />}
          </Stack>
        </form>
        {(hooks ?? []).map((h) => (
          <Paper key={h.id} withBorder p="md" component="article" aria-label={`Webhook ${h.url}`}>
            <Group justify="space-between" mb="xs" wrap="wrap">
              <Stack gap={2}>
                <Text fw={500} style={{ wordBreak: 'break-all' }}>
                  {h.url}
                </Text>
                <Text size="sm" c="dimmed">
                  {h.events.join(', ')}
                </Text>
              </Stack>
              <Button size="xs" variant="light" color="red.9" onClick={() => setDeleting({ id: h.id, url: h.url })}>
                Delete webhook
              </Button>
            </Group>
            <ScrollRegion label={`Deliveries of ${h.url}`} minWidth={480}>
              <Table aria-label={`Deliveries of ${h.url}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Event</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Attempts</Table.Th>
                    <Table.Th>Response</Table.Th>
                    <Table.Th>Created</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {(h.deliveries.edges ?? []).map((e) =>
                    e?.node ? (
                      <Table.Tr key={e.node.id}>
                        <Table.Td>{e.node.eventType}</Table.Td>
                        <Table.Td>
                          <Badge variant="filled" radius="sm" color={e.node.status === 'SUCCEEDED' ? 'teal.9' : e.node.status === 'FAILED' ? 'red.9' : 'gray.8'}>{e.node.status}</Badge>
                        </Table.Td>
                        <Table.Td>{e.node.attempts}</Table.Td>
                        <Table.Td>{e.node.responseStatus ?? '—'}</Table.Td>
                        <Table.Td>{formatDateTime(e.node.createdAt)}</Table.Td>
                        <Table.Td>
                          {e.node.status === 'FAILED' && (
                            <Button
                              size="xs"
                              variant="light"
                              onClick={async () => {
                                const res = await resend({ id: e.node!.id }, DEVELOPER_DATA);
                                if (!res.error) notifySuccess('The delivery is queued again.');
                              }}
                            >
                              Resend
                            </Button>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ) : null,
                  )}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
            {h.deliveries.totalCount === 0 && (
              <Text size="sm" c="dimmed">
                No deliveries yet.
              </Text>
            )}
          </Paper>
        ))}
      </Stack>
      <SecretOnce title="Your webhook signing secret" label="Signing secret" secret={secret} onClose={() => setSecret(null)} />
      <ConfirmDialog
        opened={deleting != null}
        title="Delete webhook"
        confirmLabel="Delete webhook"
        loading={deleteState.fetching}
        error={deleteState.error}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          const res = await remove({ id: deleting!.id }, DEVELOPER_DATA);
          if (!res.error) {
            notifySuccess('The webhook is deleted.');
            setDeleting(null);
          }
        }}
      >
        {`No more events go to ${deleting?.url ?? 'it'}, and its delivery log is deleted.`}
      </ConfirmDialog>
    </Section>
  );
}

function useDevelopers(slug: string) {
  const [result, refetch] = useQuery({ query: DevelopersQuery, variables: { slug }, context: DEVELOPER_DATA, requestPolicy: 'cache-and-network' });
  return { ...result, refetch };
}

export function DevelopersPage() {
  const org = useOrganization();
  const result = useDevelopers(org.slug);
  const data = result.data?.organization;
  return (
    <Stack gap="lg" maw={960}>
      <PageHeader
        eyebrow="Developers"
        title="API keys, OAuth clients and webhooks"
        actions={
          <Button variant="default" onClick={() => result.refetch({ requestPolicy: 'network-only' })}>
            Refresh
          </Button>
        }
      />
      <ErrorAlert error={result.error} />
      {data && (
        <>
          <APIKeys org={org} keys={data.apiKeys} />
          <OAuthClients org={org} clients={data.oauthClients} />
          <Webhooks org={org} hooks={data.webhooks} />
        </>
      )}
    </Stack>
  );
}
