// "Export CSV" on Members: every member and pending invitation, fetched a
// page at a time (100, the API's largest page, so that 10,000 members is a
// hundred requests, not one that the server refuses), written by
// papaparse's unparse.
//
// Formula injection: a spreadsheet runs a cell that starts with =, +, - or
// @ (and tab or carriage return) as a formula, so such a cell is written
// with a leading apostrophe, which spreadsheets read as "text". papaparse's
// own `escapeFormulae: true` uses /^[=+\-@\t\r].*$/, whose `.` stops at a
// line break: "=cmd\n…" (a multi-line cell) would slip through. The test
// pins this.
import Papa from 'papaparse';

/** The API's largest page (first: 100). */
export const EXPORT_PAGE_SIZE = 100;

/** Cells that spreadsheets would run as formulas. */
export const FORMULA_START = /^[=+\-@\t\r]/;

export interface ExportRow {
  name: string;
  email: string;
  role: string;
  status: string;
  /** The join date of a member, the invitation date of an invitation (YYYY-MM-DD, UTC). */
  date: string;
  invitedBy: string;
}

export const EXPORT_COLUMNS: { key: keyof ExportRow; header: string }[] = [
  { key: 'name', header: 'Name' },
  { key: 'email', header: 'Email' },
  { key: 'role', header: 'Role' },
  { key: 'status', header: 'Status' },
  { key: 'date', header: 'Joined or invited' },
  { key: 'invitedBy', header: 'Invited by' },
];

/** The CSV text: a header line, then one line a row, CRLF line ends as RFC 4180 says. */
export function membersCsv(rows: readonly ExportRow[]): string {
  return Papa.unparse(
    {
      fields: EXPORT_COLUMNS.map((c) => c.header),
      data: rows.map((r) => EXPORT_COLUMNS.map((c) => r[c.key])),
    },
    { escapeFormulae: FORMULA_START, newline: '\r\n', quotes: false },
  );
}

/** 2026-12-02 from an ISO time, the day in UTC; '' for nothing or garbage. */
export function isoDay(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/**
 * Every node of a cursor connection: pages are asked for one after another
 * from the previous page's endCursor until hasNextPage is false. A page that
 * says there is more but gives no cursor would loop for ever: it is an error.
 */
export async function collectPages<T>(fetchPage: (after: string | null) => Promise<Page<T>>, onProgress?: (count: number) => void): Promise<T[]> {
  const all: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Page<T> = await fetchPage(after);
    all.push(...page.nodes);
    onProgress?.(all.length);
    if (!page.hasNextPage) return all;
    if (!page.endCursor || page.endCursor === after) throw new Error('The server said there was more but gave no new cursor.');
    after = page.endCursor;
  }
}

/** members-<slug>-<day>.csv */
export function exportFileName(slug: string, now: Date = new Date()): string {
  return `members-${slug}-${now.toISOString().slice(0, 10)}.csv`;
}
