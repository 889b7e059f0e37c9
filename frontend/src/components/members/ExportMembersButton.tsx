// "Export CSV" on Members: every member and pending invitation (name, email,
// role, status, joined or invited date, invited by), fetched 100 at a time
// however many there are, then saved as a file. The button shows how far it
// has got; an error says what went wrong and nothing is saved.
import { Button, Loader } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useClient, type Client } from 'urql';
import { errorMessage } from '../../lib/errors';
import { INVITATION_STATUS_LABEL } from '../../lib/format';
import type { ExportRow, Page } from '../../lib/memberExport';
import { ROLE_LABEL } from '../../lib/roles';
import { notifyError, notifySuccess } from '../ui/notify';
import { ExportInvitationsQuery, ExportMembersQuery } from './operations';

type Edges<T> = { pageInfo: { hasNextPage: boolean; endCursor?: string | null }; edges?: ReadonlyArray<{ node?: T | null } | null> | null };

function pageOf<T>(c: Edges<T> | null | undefined): Page<T> {
  if (!c) throw new Error('The organization could not be read.');
  const nodes: T[] = [];
  for (const e of c.edges ?? []) if (e?.node) nodes.push(e.node);
  return { nodes, hasNextPage: c.pageInfo.hasNextPage, endCursor: c.pageInfo.endCursor ?? null };
}

/** Every row of the export, members first (as the list shows them after the invitations, these are most of the file). */
export async function exportRows(client: Client, slug: string, onProgress?: (rows: number) => void): Promise<ExportRow[]> {
  const { collectPages, isoDay } = await import('../../lib/memberExport');
  const fresh = { requestPolicy: 'network-only' as const };
  const members = await collectPages(async (after) => {
    const r = await client.query(ExportMembersQuery, { slug, after }, fresh).toPromise();
    if (r.error) throw new Error(errorMessage(r.error));
    return pageOf(r.data?.organization?.members);
  }, onProgress);
  const invitations = await collectPages(
    async (after) => {
      const r = await client.query(ExportInvitationsQuery, { slug, after }, fresh).toPromise();
      if (r.error) throw new Error(errorMessage(r.error));
      return pageOf(r.data?.organization?.invitations);
    },
    (n) => onProgress?.(members.length + n),
  );
  return [
    ...members.map((m) => ({
      name: m.user.name,
      email: m.user.email,
      role: ROLE_LABEL[m.role],
      status: 'Active',
      date: isoDay(m.joinedAt),
      // Empty for the creator, a domain's auto-join, and an inviter gone.
      invitedBy: m.invitedBy?.name ?? '',
    })),
    ...invitations.map((i) => ({
      name: '',
      email: i.email,
      role: ROLE_LABEL[i.role],
      status: INVITATION_STATUS_LABEL.PENDING,
      date: isoDay(i.createdAt),
      invitedBy: i.invitedBy?.name ?? '',
    })),
  ];
}

function save(csv: string, fileName: string) {
  // The byte order mark tells spreadsheet programs the file is UTF-8.
  const blob = new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportMembersButton({ slug }: { slug: string }) {
  const client = useClient();
  const [progress, setProgress] = useState<number | null>(null);
  const busy = progress !== null;
  return (
    <Button
      variant="default"
      leftSection={busy ? <Loader size={16} aria-hidden /> : <IconDownload size={18} aria-hidden />}
      // Not Mantine's `loading`, which hides the label: the label counts the rows fetched so far.
      disabled={busy}
      aria-live="polite"
      onClick={async () => {
        setProgress(0);
        try {
          // The CSV writer (papaparse) loads with the first export, not with every page.
          const { exportFileName, membersCsv } = await import('../../lib/memberExport');
          const rows = await exportRows(client, slug, setProgress);
          save(membersCsv(rows), exportFileName(slug));
          notifySuccess(`${rows.length.toLocaleString('en-US')} ${rows.length === 1 ? 'row' : 'rows'}: members and pending invitations.`, 'Member list exported');
        } catch (e) {
          notifyError(e instanceof Error && e.message ? e.message : 'The export did not finish. Try again.', 'Export failed');
        } finally {
          setProgress(null);
        }
      }}
    >
      {busy ? `Exporting… ${progress.toLocaleString('en-US')} rows` : 'Export CSV'}
    </Button>
  );
}
