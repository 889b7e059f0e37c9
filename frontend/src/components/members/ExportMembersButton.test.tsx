import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Client } from 'urql';
import { membersCsv } from '../../lib/memberExport';
import { exportRows } from './ExportMembersButton';

// A stand-in for urql's client.query(...).toPromise(), answering as the API
// does: 100 a page, with cursors.
function pagedClient(members: number, invitations: number) {
  const asked: { op: string; after: string | null }[] = [];
  const page = (n: number, after: string | null, node: (i: number) => object) => {
    const start = after === null ? 0 : Number(after) + 1;
    const ids = Array.from({ length: Math.max(0, Math.min(100, n - start)) }, (_, i) => start + i);
    return {
      pageInfo: { hasNextPage: start + ids.length < n, endCursor: ids.length ? String(ids[ids.length - 1]) : null },
      edges: ids.map((i) => ({ node: node(i) })),
    };
  };
  const client = {
    query: (doc: { definitions: { name?: { value: string } }[] }, vars: { after: string | null }) => ({
      toPromise: async () => {
        const op = doc.definitions[0]?.name?.value ?? '';
        asked.push({ op, after: vars.after });
        if (op === 'ExportMembers') {
          return {
            data: {
              organization: {
                id: 'org-1',
                members: page(members, vars.after, (i) => ({
                  id: `m${i}`,
                  role: i === 0 ? 'OWNER' : 'MEMBER',
                  joinedAt: '2026-01-05T10:00:00Z',
                  user: { id: `u${i}`, name: i === 1 ? '@evil' : `Person ${i}`, email: `p${i}@example.com` },
                  invitedBy: i === 0 ? null : { id: 'u0', name: 'Person 0' },
                })),
              },
            },
          };
        }
        return {
          data: {
            organization: {
              id: 'org-1',
              invitations: page(invitations, vars.after, (i) => ({
                id: `i${i}`,
                email: `new${i}@example.com`,
                role: 'ADMIN',
                createdAt: '2026-02-01T00:00:00Z',
                invitedBy: { id: 'u0', name: 'Person 0' },
              })),
            },
          },
        };
      },
    }),
  } as unknown as Client;
  return { client, asked };
}

describe('exportRows', () => {
  it('pages through every member and pending invitation, 100 at a time', async () => {
    const { client, asked } = pagedClient(250, 120);
    const progress: number[] = [];
    const rows = await exportRows(client, 'acme', (n) => progress.push(n));
    expect(rows).toHaveLength(370);
    expect(asked.filter((a) => a.op === 'ExportMembers').map((a) => a.after)).toEqual([null, '99', '199']);
    expect(asked.filter((a) => a.op === 'ExportInvitations').map((a) => a.after)).toEqual([null, '99']);
    expect(progress.at(-1)).toBe(370);
    expect(rows[0]).toEqual({ name: 'Person 0', email: 'p0@example.com', role: 'Owner', status: 'Active', date: '2026-01-05', invitedBy: '' });
    expect(rows[2]).toMatchObject({ name: 'Person 2', invitedBy: 'Person 0' });
    expect(rows[250]).toEqual({ name: '', email: 'new0@example.com', role: 'Admin', status: 'Pending', date: '2026-02-01', invitedBy: 'Person 0' });

    const parsed = Papa.parse<string[]>(membersCsv(rows), { skipEmptyLines: true }).data;
    expect(parsed).toHaveLength(371);
    expect(parsed[2]?.[0]).toBe("'@evil");
  });

  it('fails with the server’s message instead of saving part of the list', async () => {
    const client = {
      query: () => ({ toPromise: async () => ({ error: { graphQLErrors: [{ message: 'Slow down.', extensions: { code: 'RATE_LIMITED' } }] } }) }),
    } as unknown as Client;
    await expect(exportRows(client, 'acme')).rejects.toThrow('Slow down.');
  });
});
