// Where to go after signing in or verifying an email. A person who signs up
// from an invitation link must verify their email before accepting; the
// invitation's path is remembered in this browser so that the verification
// link brings them back to it.

const AFTER_VERIFY = 'roster.afterVerify';
const LAST_ORG = 'roster.lastOrganization';

/** Only same-site paths: never an open redirect to another origin. */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function rememberAfterVerify(path: string): void {
  storage()?.setItem(AFTER_VERIFY, safeNext(path));
}

export function peekAfterVerify(): string | null {
  return storage()?.getItem(AFTER_VERIFY) ?? null;
}

export function takeAfterVerify(): string | null {
  const s = storage();
  const v = s?.getItem(AFTER_VERIFY) ?? null;
  s?.removeItem(AFTER_VERIFY);
  return v ? safeNext(v) : null;
}

export function rememberLastOrganization(slug: string): void {
  storage()?.setItem(LAST_ORG, slug);
}

export function lastOrganization(): string | null {
  return storage()?.getItem(LAST_ORG) ?? null;
}

export function withNext(path: string, next: string | null | undefined, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  if (next) params.set('next', next);
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

export const paths = {
  home: '/',
  signIn: '/sign-in',
  signUp: '/sign-up',
  verifyEmail: '/verify-email',
  forgotPassword: '/forgot-password',
  resetPassword: '/reset-password',
  account: '/account',
  newOrganization: '/organizations/new',
  members: (slug: string) => `/orgs/${encodeURIComponent(slug)}/members`,
  settings: (slug: string) => `/orgs/${encodeURIComponent(slug)}/settings/organization`,
  domains: (slug: string) => `/orgs/${encodeURIComponent(slug)}/settings/domains`,
  developers: (slug: string) => `/orgs/${encodeURIComponent(slug)}/developers`,
  auditLog: (slug: string) => `/orgs/${encodeURIComponent(slug)}/audit-log`,
  roles: (slug: string) => `/orgs/${encodeURIComponent(slug)}/roles`,
  invitation: (token: string) => `/invitations/accept?token=${encodeURIComponent(token)}`,
};
