import { describe, expect, it } from 'vitest';
import { emailsFromCsv, rejectionReason } from './bulkInvite';

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
