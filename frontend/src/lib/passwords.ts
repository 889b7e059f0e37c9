// The rules of a new password, as the server checks them (sign-up, reset,
// change): at least 10 characters, at most 1,024 bytes.
export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_BYTES = 1024;

/** A Mantine form rule: an error message, or null when the password may be used. */
export function newPasswordRules(v: string): string | null {
  if ([...v].length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters`;
  if (new TextEncoder().encode(v).length > MAX_PASSWORD_BYTES) return 'Use a shorter password';
  return null;
}
