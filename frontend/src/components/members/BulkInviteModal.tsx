// Members → Bulk Invite: one address a line (or a CSV file), one default role,
// a live preview of the lines and seats from the server (bulkInvitePreview), then "Send Invitations" and the
// lines that were not invited, with their line numbers and reasons.
import { Alert, Button, FileInput, Group, List, Modal, Select, Stack, Table, Text, Textarea } from '@mantine/core';
import { IconFileTypeCsv } from '@tabler/icons-react';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { BulkInviteMembersMutation as BulkResult, Role } from '../../gql/graphql';
import { emailsFromCsv, rejectionReason } from '../../lib/bulkInvite';
import { apiErrors, errorMessage, fieldErrors } from '../../lib/errors';
import { ROSTER_DATA } from '../../lib/invalidation';
import { countOf, seatsFullOptionsSentence } from '../../lib/seats';
import { ROLE_LABEL } from '../../lib/roles';
import { ErrorAlert } from '../ui/ErrorAlert';
import { ScrollRegion } from '../ui/ScrollRegion';
import { notifySuccess } from '../ui/notify';
import { BulkInviteMembersMutation, BulkInvitePreviewQuery as PreviewQuery } from './operations';

const SHOWN_PROBLEMS = 8;

interface ServerPreview {
  valid: number;
  seatsNeeded: number;
  seatsAvailable: number;
  fits: boolean;
  rejected: { line: number; input: string; code: string }[];
}

/** The server's preview of the lines (Organization.bulkInvitePreview): the same parser and checks as sending them. */
export function BulkPreviewSummary({ preview, error, canManageBilling = false }: { preview: ServerPreview | null; error: string | null; canManageBilling?: boolean }) {
  if (error) {
    return (
      <Text size="sm" c="red.9" data-testid="bulk-preview">
        {error}
      </Text>
    );
  }
  if (!preview) {
    return (
      <Text size="sm" c="dimmed">
        Paste or type addresses above to see how many invitations will be sent.
      </Text>
    );
  }
  const problems = preview.rejected;
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600} data-testid="bulk-preview">
        {countOf(preview.valid, 'address', 'addresses')} to invite
        {problems.length > 0 && ` · ${countOf(problems.length, 'line')} not invited`}
      </Text>
      <Text size="sm" c={preview.fits ? undefined : 'red.9'} data-testid="bulk-seats">
        Needs {countOf(preview.seatsNeeded, 'seat')}; {preview.seatsAvailable} available.
        {!preview.fits && ` Not enough seats: nothing will be sent unless fewer addresses need a seat. ${seatsFullOptionsSentence(canManageBilling)}`}
      </Text>
      {problems.length > 0 && (
        <List size="sm" spacing={2}>
          {problems.slice(0, SHOWN_PROBLEMS).map((l) => (
            <List.Item key={l.line}>
              Line {l.line}: {l.input} ({rejectionReason(l.code).toLowerCase()})
            </List.Item>
          ))}
          {problems.length > SHOWN_PROBLEMS && <List.Item>and {problems.length - SHOWN_PROBLEMS} more</List.Item>}
        </List>
      )}
    </Stack>
  );
}

function BulkResults({ result }: { result: BulkResult['bulkInviteMembers'] }) {
  return (
    <Stack>
      <Alert color="teal" title={`Sent ${countOf(result.invitations.length, 'invitation')}`}>
        {result.rejected.length === 0 ? 'Every address was invited.' : `${countOf(result.rejected.length, 'line')} not invited:`}
      </Alert>
      {result.rejected.length > 0 && (
        <ScrollRegion label="Lines not invited" minWidth={420}>
          <Table striped aria-label="Lines not invited">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Line</Table.Th>
                <Table.Th>Address</Table.Th>
                <Table.Th>Reason</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.rejected.map((r) => (
                <Table.Tr key={`${r.line}-${r.input}`}>
                  <Table.Td>{r.line}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{r.input}</Table.Td>
                  <Table.Td>{rejectionReason(r.code)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
    </Stack>
  );
}

export function BulkInviteModal({
  opened,
  onClose,
  organizationId,
  roles,
  canManageBilling = false,
}: {
  opened: boolean;
  onClose(): void;
  organizationId: string;
  roles: Role[];
  canManageBilling?: boolean;
}) {
  const [text, setText] = useState('');
  const [role, setRole] = useState<Role>('MEMBER');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [result, setResult] = useState<BulkResult['bulkInviteMembers'] | null>(null);
  const [{ fetching, error }, bulkInvite] = useMutation(BulkInviteMembersMutation);
  // The server previews what sending would do, 300 ms after the typing stops.
  const [debounced] = useDebouncedValue(text, 300);
  const blank = debounced.trim() === '';
  const [previewResult] = useQuery({
    query: PreviewQuery,
    variables: { id: organizationId, emails: debounced, role },
    pause: !opened || blank || result !== null,
    requestPolicy: 'network-only',
  });
  const node = previewResult.data?.node;
  const preview: ServerPreview | null = !blank && node && 'bulkInvitePreview' in node ? node.bulkInvitePreview : null;
  const previewError = !blank && previewResult.error ? errorMessage(previewResult.error) : null;
  const fieldErr = fieldErrors(error);
  const other = apiErrors(error).filter((e) => !e.field);

  const reset = () => {
    setText('');
    setFile(null);
    setFileError(null);
    setResult(null);
  };
  const close = () => {
    reset();
    onClose();
  };

  const onFile = async (f: File | null) => {
    setFile(f);
    setFileError(null);
    if (!f) return;
    try {
      const emails = emailsFromCsv(await f.text());
      if (!emails) {
        setFileError('No email addresses found in this file.');
        return;
      }
      setText((t) => (t.trim() ? `${t.replace(/\s+$/, '')}\n${emails}` : emails));
    } catch {
      setFileError('Could not read this file.');
    }
  };

  return (
    <Modal opened={opened} onClose={close} title="Bulk Invite" size="lg" centered>
      {result ? (
        <Stack>
          <BulkResults result={result} />
          <Group justify="flex-end">
            <Button variant="default" onClick={reset}>
              Invite more
            </Button>
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await bulkInvite({ input: { organizationID: organizationId, emails: text, role } }, ROSTER_DATA);
            const payload = r.data?.bulkInviteMembers;
            if (r.error || !payload) return;
            setResult(payload);
            notifySuccess(`Sent ${countOf(payload.invitations.length, 'invitation')}.`, 'Invitations sent');
          }}
        >
          <Stack>
            <Textarea
              label="Email addresses"
              description="One address a line. Blank lines are ignored."
              placeholder={'ana@example.com\nbo@example.com'}
              autosize
              minRows={6}
              maxRows={14}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              error={fieldErr.emails}
              data-autofocus
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            />
            <FileInput
              label="Or upload a CSV file"
              description="We take the “email” column, or the first cell with an address in each row."
              placeholder="Choose a .csv file"
              accept=".csv,text/csv,text/plain"
              leftSection={<IconFileTypeCsv size={18} aria-hidden />}
              value={file}
              onChange={onFile}
              error={fileError}
              clearable
            />
            <Select
              label="Default role"
              description="Every invitation in this batch gets this role."
              data={roles.map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
              value={role}
              onChange={(v) => v && setRole(v as Role)}
              allowDeselect={false}
              error={fieldErr.role}
            />
            <div aria-live="polite">
              <BulkPreviewSummary preview={preview} error={previewError} canManageBilling={canManageBilling} />
            </div>
            {other.length > 0 && <ErrorAlert message={other.map((e) => e.message).join(' ')} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Close
              </Button>
              <Button type="submit" loading={fetching} disabled={text.trim() === ''}>
                Send Invitations
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
