import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiErrors, errorMessage, fieldErrors, formErrors, hasErrorCode } from './errors';

const gqlError = (message: string, extensions: Record<string, unknown>) =>
  new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions })] });

describe('apiErrors', () => {
  it('reads the code and the field of BAD_USER_INPUT', () => {
    const e = gqlError('Use at least 10 characters.', { code: 'BAD_USER_INPUT', field: 'password' });
    expect(fieldErrors(e)).toEqual({ password: 'Use at least 10 characters.' });
    expect(formErrors(e, ['password'])).toEqual([]);
    expect(formErrors(e, ['email'])).toHaveLength(1);
  });

  it('explains SEAT_LIMIT_REACHED with needed and available', () => {
    const e = gqlError('seat limit reached', { code: 'SEAT_LIMIT_REACHED', needed: 3, available: 1 });
    expect(hasErrorCode(e, 'SEAT_LIMIT_REACHED')).toBe(true);
    expect(errorMessage(e)).toBe('This needs 3 seats, but only 1 is available. Nothing was sent.');
    expect(errorMessage(gqlError('x', { code: 'SEAT_LIMIT_REACHED', needed: 1, available: 0 }))).toBe(
      'This needs 1 seat, but none are available. Nothing was sent.',
    );
  });

  it('never shows internal details', () => {
    expect(errorMessage(gqlError('pq: relation "x" does not exist', { code: 'INTERNAL' }))).toMatch(/Something went wrong/);
  });

  it('treats a failed request as a network error', () => {
    const e = new CombinedError({ networkError: new Error('Failed to fetch') });
    expect(apiErrors(e)).toEqual([{ code: 'NETWORK', message: expect.stringMatching(/reach Roster/) }]);
  });

  it('is empty without an error', () => {
    expect(apiErrors(undefined)).toEqual([]);
    expect(errorMessage(null)).toBe('');
  });
});
