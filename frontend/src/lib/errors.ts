// Reading the server's errors: every GraphQL error carries extensions.code
// (see api/core.graphql); BAD_USER_INPUT may name the input field, and
// SEAT_LIMIT_REACHED carries needed and available. The portal shows these in
// plain words, next to the field when there is one.
import type { CombinedError } from '@urql/core';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'SEAT_LIMIT_REACHED'
  | 'INVITATION_INVALID'
  | 'VERIFICATION_FAILED'
  | 'RATE_LIMITED'
  | 'INTERNAL'
  | 'NETWORK';

export interface ApiError {
  code: ErrorCode | string;
  message: string;
  field?: string;
  needed?: number;
  available?: number;
}

const NETWORK_MESSAGE = "Can't reach Roster right now. Check your connection and try again.";
const INTERNAL_MESSAGE = 'Something went wrong on our side. Please try again in a moment.';

const FALLBACK: Record<string, string> = {
  UNAUTHENTICATED: 'Your session has ended. Please sign in again.',
  FORBIDDEN: "You don't have permission to do that.",
  NOT_FOUND: "That doesn't exist any more, or you can't see it.",
  BAD_USER_INPUT: 'Please check what you entered.',
  CONFLICT: 'That conflicts with something that already exists.',
  INVITATION_INVALID: 'This invitation link is no longer valid.',
  VERIFICATION_FAILED: "We couldn't verify that.",
  RATE_LIMITED: 'Too many attempts. Wait a minute and try again.',
};

function asNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Describes a seat shortage, e.g. "This needs 3 seats, but only 1 is available." */
export function seatShortageMessage(needed?: number, available?: number): string {
  if (needed === undefined || available === undefined) {
    return 'All seats are in use. Free a seat or add seats to invite more people.';
  }
  const avail = available === 0 ? 'none are' : available === 1 ? 'only 1 is' : `only ${available} are`;
  return `This needs ${plural(needed, 'seat', 'seats')}, but ${avail} available. Nothing was sent.`;
}

/** The errors in an urql result, each with its code; a transport failure is NETWORK. */
export function apiErrors(error: CombinedError | null | undefined): ApiError[] {
  if (!error) return [];
  if (error.graphQLErrors.length === 0) {
    return [{ code: 'NETWORK', message: NETWORK_MESSAGE }];
  }
  return error.graphQLErrors.map((e) => {
    const ext = (e.extensions ?? {}) as Record<string, unknown>;
    const code = typeof ext.code === 'string' ? ext.code : 'INTERNAL';
    const field = typeof ext.field === 'string' ? ext.field : undefined;
    const needed = asNumber(ext.needed);
    const available = asNumber(ext.available);
    let message = e.message?.trim() || FALLBACK[code] || INTERNAL_MESSAGE;
    if (code === 'INTERNAL') message = INTERNAL_MESSAGE;
    if (code === 'SEAT_LIMIT_REACHED') message = seatShortageMessage(needed, available);
    return { code, message, field, needed, available };
  });
}

export function firstError(error: CombinedError | null | undefined): ApiError | undefined {
  return apiErrors(error)[0];
}

export function hasErrorCode(error: CombinedError | null | undefined, code: ErrorCode): boolean {
  return apiErrors(error).some((e) => e.code === code);
}

/** Messages for errors that name an input field, keyed by field. */
export function fieldErrors(error: CombinedError | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of apiErrors(error)) {
    if (e.field && !(e.field in out)) out[e.field] = e.message;
  }
  return out;
}

/** Errors that belong to no field: shown above the form or in a notification. */
export function formErrors(error: CombinedError | null | undefined, fields: readonly string[]): ApiError[] {
  return apiErrors(error).filter((e) => !e.field || !fields.includes(e.field));
}

/** One human sentence for an error; '' when there is none. */
export function errorMessage(error: CombinedError | null | undefined): string {
  return apiErrors(error)
    .map((e) => e.message)
    .join(' ');
}
