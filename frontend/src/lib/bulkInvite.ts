// The live preview of a bulk invitation, before it is sent. The server has the
// last word (it also knows who is already a member or invited), but the
// preview follows its rules: one address a line, surrounding spaces and blank
// lines ignored, line numbers counting from 1 with blank lines included,
// duplicates in the batch flagged, one seat per address.

export const MAX_BULK_ADDRESSES = 1000;

export type BulkLineStatus = 'valid' | 'invalid' | 'duplicate';

export interface BulkLine {
  /** 1-based, blank lines counted. */
  line: number;
  input: string;
  status: BulkLineStatus;
  /** For a duplicate: the line it repeats. */
  firstLine?: number;
}

export interface BulkPreview {
  lines: BulkLine[];
  /** Non-blank lines. */
  addresses: number;
  valid: number;
  invalid: number;
  duplicates: number;
  /** One seat for each valid, distinct address. */
  seatsNeeded: number;
  seatsAvailable: number;
  fits: boolean;
  tooMany: boolean;
}

// Characters allowed unquoted in a local part (RFC 5322 atext) plus dots.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\u0080-\uFFFF-]+$/;
const LABEL = /^[A-Za-z0-9\u0080-\uFFFF](?:[A-Za-z0-9\u0080-\uFFFF-]*[A-Za-z0-9\u0080-\uFFFF])?$/;

/** A plain address as a person types it: local@domain.tld, RFC 5321 lengths, no display name. */
export function isEmailShape(value: string): boolean {
  if (value.length > 254) return false;
  const at = value.lastIndexOf('@');
  if (at <= 0 || at !== value.indexOf('@')) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length > 64 || !LOCAL.test(local)) return false;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  return labels.every((l) => l.length <= 63 && LABEL.test(l));
}

export function previewBulkInvite(text: string, seatsAvailable: number): BulkPreview {
  const lines: BulkLine[] = [];
  const seen = new Map<string, number>();
  let valid = 0;
  let invalid = 0;
  let duplicates = 0;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const input = raw.trim();
    if (input === '') return;
    const line = i + 1;
    if (!isEmailShape(input)) {
      invalid++;
      lines.push({ line, input, status: 'invalid' });
      return;
    }
    const key = input.toLowerCase();
    const firstLine = seen.get(key);
    if (firstLine !== undefined) {
      duplicates++;
      lines.push({ line, input, status: 'duplicate', firstLine });
      return;
    }
    seen.set(key, line);
    valid++;
    lines.push({ line, input, status: 'valid' });
  });
  const available = Math.max(0, seatsAvailable);
  return {
    lines,
    addresses: lines.length,
    valid,
    invalid,
    duplicates,
    seatsNeeded: valid,
    seatsAvailable: available,
    fits: valid <= available,
    tooMany: lines.length > MAX_BULK_ADDRESSES,
  };
}

/** Splits one CSV line into cells, honouring double quotes. */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',' || c === ';' || c === '\t') {
      cells.push(cell);
      cell = '';
    } else {
      cell += c;
    }
  }
  cells.push(cell);
  return cells.map((s) => s.trim());
}

/**
 * The addresses in a CSV file, one a line: the column headed "email" (or
 * "email address", "e-mail") when there is one, else the first cell of each
 * row that contains an "@". Rows without an address are left out.
 */
export function emailsFromCsv(csv: string): string {
  const rows = csv.split(/\r\n|\r|\n/).filter((r) => r.trim() !== '');
  if (rows.length === 0) return '';
  const header = csvCells(rows[0] ?? '');
  const column = header.findIndex((h) => /^e-?mail(\s*address)?$/i.test(h));
  const body = column >= 0 ? rows.slice(1) : rows;
  const out: string[] = [];
  for (const row of body) {
    const cells = csvCells(row);
    const cell = column >= 0 ? cells[column] : cells.find((c) => c.includes('@'));
    if (cell) out.push(cell);
  }
  return out.join('\n');
}

/** BulkInviteRejection.code in the guide's plain words. */
export function rejectionReason(code: string): string {
  switch (code) {
    case 'INVALID_EMAIL':
      return 'Not a valid email address';
    case 'DUPLICATE':
      return 'Listed more than once; invited once';
    case 'ALREADY_MEMBER':
      return 'Already a member of this organization';
    case 'ALREADY_INVITED':
      return 'Already has a pending invitation';
    default:
      return 'Not invited';
  }
}
