// One domain in Settings → Domains: its status badge, the TXT record with
// copy buttons, Verify with a clear result, the auto-join switch, and
// removal with confirmation. Members see the same card without controls.
import { Alert, Badge, Button, Code, CopyButton, Group, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import type { CombinedError } from '@urql/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import type { DomainFieldsFragment } from '../../gql/graphql';
import { autoJoinDescription, DOMAIN_STATUS } from '../../lib/domains';
import { errorMessage } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { ROSTER_DATA } from '../../lib/invalidation';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { notifyError, notifySuccess } from '../ui/notify';
import { RemoveDomainMutation, SetDomainAutoJoinMutation, VerifyDomainMutation } from './operations';

function RecordField({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Code block style={{ flex: 1, minWidth: 0, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {value}
        </Code>
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Button size="xs" variant={copied ? 'filled' : 'default'} color={copied ? 'teal' : undefined} onClick={copy}>
              {copied ? `Copied ${label.toLowerCase()}` : `Copy ${label.toLowerCase()}`}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}

export function DomainCard({ domain, canManage }: { domain: DomainFieldsFragment; canManage: boolean }) {
  const status = DOMAIN_STATUS[domain.status];
  const [verifyState, verify] = useMutation(VerifyDomainMutation);
  const [autoJoinState, setAutoJoin] = useMutation(SetDomainAutoJoinMutation);
  const [removeState, remove] = useMutation(RemoveDomainMutation);
  const [verifyError, setVerifyError] = useState<CombinedError | null>(null);
  const [confirming, setConfirming] = useState(false);
  const titleId = `domain-${domain.id}`;
  const shownAscii = domain.displayName !== domain.domain;

  return (
    <Paper withBorder p="lg" component="article" aria-labelledby={titleId}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={2}>
            <Title order={3} size="h4" id={titleId} style={{ wordBreak: 'break-all' }}>
              {domain.displayName}
            </Title>
            {shownAscii && (
              <Text size="xs" c="dimmed">
                {domain.domain}
              </Text>
            )}
          </Stack>
          <Badge color={status.color} variant="light" size="lg" data-testid="domain-status">
            {status.label}
          </Badge>
        </Group>
        <Text size="sm">
          {domain.verified && domain.verifiedAt ? `Verified on ${formatDate(domain.verifiedAt)}. ` : ''}
          {status.help}
        </Text>

        {domain.status === 'VERIFICATION_LOST' && (
          <Alert color="red" title="Verification lost">
            Auto-join is paused until {domain.displayName} is verified again.
          </Alert>
        )}

        {!domain.verified && (
          <Stack gap="sm">
            <Text size="sm">
              Add a <strong>TXT</strong> record with this name and value at your DNS provider. It can take a few minutes to be published.
            </Text>
            <RecordField label="Name" value={domain.verificationRecordName} />
            <RecordField label="Value" value={domain.verificationRecordValue} />
            {verifyError && (
              <Alert color="red" title="Not verified yet" role="alert">
                {errorMessage(verifyError)}
              </Alert>
            )}
            {canManage && (
              <Button
                w="fit-content"
                aria-label={`Verify domain ${domain.displayName}`}
                loading={verifyState.fetching}
                onClick={async () => {
                  setVerifyError(null);
                  const r = await verify({ id: domain.id }, ROSTER_DATA);
                  if (r.error) {
                    setVerifyError(r.error);
                    return;
                  }
                  notifySuccess(`Roster found the TXT record: ${domain.displayName} is verified.`, 'Domain verified');
                }}
              >
                Verify domain
              </Button>
            )}
          </Stack>
        )}

        <Switch
          label="Auto-join"
          description={domain.verified ? autoJoinDescription(domain.displayName) : 'Verify the domain to switch auto-join on.'}
          checked={domain.autoJoin}
          disabled={!canManage || autoJoinState.fetching || (!domain.verified && !domain.autoJoin)}
          onChange={async (e) => {
            const enabled = e.currentTarget.checked;
            const r = await setAutoJoin({ id: domain.id, enabled }, ROSTER_DATA);
            if (r.error) {
              notifyError(errorMessage(r.error));
              return;
            }
            notifySuccess(enabled ? `Auto-join is on for ${domain.displayName}.` : `Auto-join is off for ${domain.displayName}.`);
          }}
        />

        {canManage && (
          <Group justify="flex-end">
            <Button variant="subtle" color="red.9" aria-label={`Remove domain ${domain.displayName}`} onClick={() => setConfirming(true)}>
              Remove domain
            </Button>
          </Group>
        )}
      </Stack>
      <ConfirmDialog
        opened={confirming}
        title={`Remove ${domain.displayName}?`}
        confirmLabel="Remove domain"
        cancelLabel="Cancel"
        loading={removeState.fetching}
        error={removeState.error}
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          const r = await remove({ id: domain.id }, ROSTER_DATA);
          if (r.error) return;
          setConfirming(false);
          notifySuccess(`${domain.displayName} was removed.`, 'Domain removed');
        }}
      >
        {`New users of ${domain.displayName} will no longer join automatically. Members who joined stay. To use it again, add it and verify it anew.`}
      </ConfirmDialog>
    </Paper>
  );
}
