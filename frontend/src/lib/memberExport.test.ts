import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { collectPages, exportFileName, isoDay, membersCsv, type ExportRow, type Page } from './memberExport';

const row = (over: Partial<ExportRow> = {}): ExportRow => ({
  name: 'Ada Admin',
  email: 'ada@example.com',
  role: 'Admin',
  status: 'Active',
  date: '2026-01-05',
  invitedBy: '',
  ...over,
});

describe('membersCsv', () => {
  it('writes a header and one line a row, CRLF', () => {
    const csv = membersCsv([row(), row({ name: '', email: 'new@example.com', role: 'Member', status: 'Pending', invitedBy: 'Olivia Owner' })]);
    expect(csv).toBe(
      'Name,Email,Role,Status,Joined or invited,Invited by\r\n' +
        'Ada Admin,ada@example.com,Admin,Active,2026-01-05,\r\n' +
        ',new@example.com,Member,Pending,2026-01-05,Olivia Owner',
    );
  });

  it('quotes commas, quotes and line breaks', () => {
    const csv = membersCsv([row({ name: 'Doe, "JJ"\nJane' })]);
    expect(csv.split('\r\n')[1]).toBe('"Doe, ""JJ""\nJane",ada@example.com,Admin,Active,2026-01-05,');
  });

  it.each([
    ['=HYPERLINK("https://evil.example","click")'],
    ['+1'],
    ['-2+3'],
    ['@SUM(A1:A2)'],
    ['\tTab'],
    ['\r=cmd'],
    // papaparse's own pattern (.*$) misses a formula followed by a line break.
    ['=cmd|"/c calc"!A0\nsecond line'],
  ])('neutralises a formula-looking cell: %j', (name) => {
    const csv = membersCsv([row({ name, invitedBy: name })]);
    const [, cells] = Papa.parse<string[]>(csv, { newline: '\r\n' }).data;
    expect(cells?.[0]).toBe(`'${name}`);
    expect(cells?.[5]).toBe(`'${name}`);
    // Read back, no cell of the row starts a formula.
    for (const cell of cells ?? []) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('leaves ordinary text and addresses with + or - inside alone', () => {
    const csv = membersCsv([row({ name: 'Jean-Luc', email: 'a+b@example.com' })]);
    expect(csv.split('\r\n')[1]).toBe('Jean-Luc,a+b@example.com,Admin,Active,2026-01-05,');
  });
});

describe('collectPages', () => {
  // A connection of n items served pageSize at a time, as the API does.
  const connection = (n: number, pageSize: number) => {
    const asked: (string | null)[] = [];
    const fetchPage = async (after: string | null): Promise<Page<number>> => {
      asked.push(after);
      const start = after === null ? 0 : Number(after) + 1;
      const nodes = Array.from({ length: Math.max(0, Math.min(pageSize, n - start)) }, (_, i) => start + i);
      const last = nodes[nodes.length - 1];
      return { nodes, hasNextPage: start + nodes.length < n, endCursor: last === undefined ? null : String(last) };
    };
    return { asked, fetchPage };
  };

  it('follows the cursors until the last page: 10,000 items in 100 pages of 100', async () => {
    const c = connection(10_000, 100);
    const progress: number[] = [];
    const all = await collectPages(c.fetchPage, (n) => progress.push(n));
    expect(all).toHaveLength(10_000);
    expect(new Set(all).size).toBe(10_000);
    expect(c.asked).toHaveLength(100);
    expect(c.asked.slice(0, 3)).toEqual([null, '99', '199']);
    expect(progress.at(-1)).toBe(10_000);
  });

  it('asks once for an empty or short connection', async () => {
    const empty = connection(0, 100);
    expect(await collectPages(empty.fetchPage)).toEqual([]);
    expect(empty.asked).toEqual([null]);
    const short = connection(3, 100);
    expect(await collectPages(short.fetchPage)).toEqual([0, 1, 2]);
  });

  it('refuses a page that says there is more without a new cursor', async () => {
    await expect(collectPages(async () => ({ nodes: [1], hasNextPage: true, endCursor: null }))).rejects.toThrow(/no new cursor/);
    await expect(collectPages(async () => ({ nodes: [1], hasNextPage: true, endCursor: 'same' }), undefined).then(() => 0)).rejects.toThrow();
  });
});

describe('isoDay and exportFileName', () => {
  it('gives the UTC day', () => {
    expect(isoDay('2026-03-04T23:30:00-02:00')).toBe('2026-03-05');
    expect(isoDay(null)).toBe('');
    expect(isoDay('nonsense')).toBe('');
    expect(exportFileName('acme', new Date('2026-12-02T10:00:00Z'))).toBe('members-acme-2026-12-02.csv');
  });
});
