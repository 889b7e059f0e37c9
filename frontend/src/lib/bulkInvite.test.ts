import { describe, expect, it } from 'vitest';
import { emailsFromCsv, isEmailShape, MAX_BULK_ADDRESSES, previewBulkInvite, rejectionReason } from './bulkInvite';

describe('isEmailShape', () => {
  it.each([
    ['ana@example.com', true],
    ['first.last+tag@sub.example.co.uk', true],
    ["o'brien@example.ie", true],
    ['ANA@EXAMPLE.COM', true],
    ['jürgen@bücher.de', true],
    ['', false],
    ['ana', false],
    ['ana@', false],
    ['@example.com', false],
    ['ana@example', false],
    ['ana@@example.com', false],
    ['ana@exa mple.com', false],
    ['Ana <ana@example.com>', false],
    ['.ana@example.com', false],
    ['ana.@example.com', false],
    ['an..a@example.com', false],
    ['ana@-example.com', false],
    ['ana@example..com', false],
    [`${'a'.repeat(65)}@example.com`, false],
    [`${'a'.repeat(64)}@example.com`, true],
    [`a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(60)}.com`, false],
  ])('%s → %s', (input, ok) => {
    expect(isEmailShape(input)).toBe(ok);
  });
});

describe('previewBulkInvite', () => {
  it('trims, skips blank lines and counts line numbers from 1 with blanks included', () => {
    const p = previewBulkInvite('  ana@example.com  \n\n\t\nbo@example.com\n', 10);
    expect(p.lines).toEqual([
      { line: 1, input: 'ana@example.com', status: 'valid' },
      { line: 4, input: 'bo@example.com', status: 'valid' },
    ]);
    expect(p.addresses).toBe(2);
    expect(p.valid).toBe(2);
    expect(p.seatsNeeded).toBe(2);
  });

  it('handles Windows and old Mac line endings', () => {
    const p = previewBulkInvite('a@example.com\r\n\r\nb@example.com\rc@example.com', 10);
    expect(p.lines.map((l) => l.line)).toEqual([1, 3, 4]);
  });

  it('flags invalid lines and duplicates in the batch, case-insensitively', () => {
    const p = previewBulkInvite('ana@example.com\nnot-an-email\nANA@example.com\nbo@example.com\nana@example.com', 10);
    expect(p.valid).toBe(2);
    expect(p.invalid).toBe(1);
    expect(p.duplicates).toBe(2);
    expect(p.lines.filter((l) => l.status === 'duplicate').map((l) => [l.line, l.firstLine])).toEqual([
      [3, 1],
      [5, 1],
    ]);
    expect(p.lines.find((l) => l.status === 'invalid')).toEqual({ line: 2, input: 'not-an-email', status: 'invalid' });
  });

  it('needs one seat per distinct valid address and compares with the seats available', () => {
    expect(previewBulkInvite('a@x.io\nb@x.io\nc@x.io', 3)).toMatchObject({ seatsNeeded: 3, seatsAvailable: 3, fits: true });
    expect(previewBulkInvite('a@x.io\nb@x.io\nc@x.io\na@x.io', 2)).toMatchObject({ seatsNeeded: 3, fits: false });
    expect(previewBulkInvite('a@x.io', -1)).toMatchObject({ seatsAvailable: 0, fits: false });
  });

  it('is empty for blank input', () => {
    expect(previewBulkInvite(' \n\n ', 5)).toMatchObject({ addresses: 0, valid: 0, seatsNeeded: 0, fits: true, tooMany: false });
  });

  it(`flags more than ${MAX_BULK_ADDRESSES} addresses`, () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `u${i}@example.com`).join('\n');
    expect(previewBulkInvite(list(MAX_BULK_ADDRESSES), 5000).tooMany).toBe(false);
    expect(previewBulkInvite(list(MAX_BULK_ADDRESSES + 1), 5000).tooMany).toBe(true);
  });
});

describe('emailsFromCsv', () => {
  it('takes the email column when the header names one', () => {
    const csv = 'Name,Email,Team\n"Doe, Jane",jane@example.com,Ops\nBo,bo@example.com,Dev\n';
    expect(emailsFromCsv(csv)).toBe('jane@example.com\nbo@example.com');
  });

  it('takes the first cell with an @ when there is no header', () => {
    expect(emailsFromCsv('Jane;jane@example.com\r\nbo@example.com\nno address here\n')).toBe('jane@example.com\nbo@example.com');
  });

  it('unquotes cells', () => {
    expect(emailsFromCsv('"e-mail address"\n"ana@example.com"\n')).toBe('ana@example.com');
  });

  it('returns nothing for a file without addresses', () => {
    expect(emailsFromCsv('a,b\nc,d')).toBe('');
  });
});

describe('rejectionReason', () => {
  it('puts every code in plain words', () => {
    expect(rejectionReason('INVALID_EMAIL')).toBe('Not a valid email address');
    expect(rejectionReason('DUPLICATE')).toMatch(/more than once/);
    expect(rejectionReason('ALREADY_MEMBER')).toMatch(/Already a member/);
    expect(rejectionReason('ALREADY_INVITED')).toMatch(/pending invitation/);
    expect(rejectionReason('SOMETHING_NEW')).toBe('Not invited');
  });
});
