// Reading a CSV file into the bulk invite's text box, one address a line, and
// the words for the codes of the lines not invited. Parsing and checking the
// lines is the server's (Organization.bulkInvitePreview, bulkInviteMembers).

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
