import { describe, expect, it } from 'vitest';
import type { Permission } from '../gql/graphql';
import { assignableRoles, canLeave, canManageInvitations, canRemoveMember, invitableRoles } from './permissions';

// The matrix from SPEC.md.
const OWNER: Permission[] = [
  'DELETE_ORGANIZATION',
  'MANAGE_OWNER',
  'MANAGE_ADMINS',
  'MANAGE_MEMBERS',
  'MANAGE_DOMAINS',
  'MANAGE_BILLING',
  'CREATE_OAUTH_CLIENTS',
  'CREATE_API_KEYS',
  'CREATE_WEBHOOKS',
  'VIEW_AUDIT_LOGS',
  'USE_PRODUCTS',
];
const ADMIN: Permission[] = ['MANAGE_MEMBERS', 'MANAGE_DOMAINS', 'CREATE_OAUTH_CLIENTS', 'CREATE_API_KEYS', 'CREATE_WEBHOOKS', 'VIEW_AUDIT_LOGS', 'USE_PRODUCTS'];
const MEMBER: Permission[] = ['USE_PRODUCTS'];

const other = (role: 'OWNER' | 'ADMIN' | 'MEMBER') => ({ role, isViewer: false });

describe('invitations', () => {
  it('offers Admin and Member to MANAGE_MEMBERS holders, never Owner, nothing to members', () => {
    expect(invitableRoles(OWNER)).toEqual(['ADMIN', 'MEMBER']);
    expect(invitableRoles(ADMIN)).toEqual(['ADMIN', 'MEMBER']);
    expect(invitableRoles(MEMBER)).toEqual([]);
    expect(canManageInvitations(ADMIN)).toBe(true);
    expect(canManageInvitations(MEMBER)).toBe(false);
  });
});

describe('removing members', () => {
  it.each([
    ['owner', OWNER, 'ADMIN', true],
    ['owner', OWNER, 'MEMBER', true],
    ['owner', OWNER, 'OWNER', false],
    ['admin', ADMIN, 'MEMBER', true],
    ['admin', ADMIN, 'ADMIN', false],
    ['admin', ADMIN, 'OWNER', false],
    ['member', MEMBER, 'MEMBER', false],
  ] as const)('%s removing a %s → %s', (_who, perms, role, ok) => {
    expect(canRemoveMember(perms, other(role))).toBe(ok);
  });

  it('never offers to remove oneself (that is "Leave")', () => {
    expect(canRemoveMember(OWNER, { role: 'ADMIN', isViewer: true })).toBe(false);
  });
});

describe('changing roles', () => {
  it('lets admins promote members, and only the owner demote admins', () => {
    expect(assignableRoles(ADMIN, other('MEMBER'))).toEqual(['ADMIN']);
    expect(assignableRoles(ADMIN, other('ADMIN'))).toEqual([]);
    expect(assignableRoles(OWNER, other('ADMIN'))).toEqual(['MEMBER']);
    expect(assignableRoles(OWNER, other('OWNER'))).toEqual([]);
    expect(assignableRoles(MEMBER, other('MEMBER'))).toEqual([]);
    expect(assignableRoles(OWNER, { role: 'MEMBER', isViewer: true })).toEqual([]);
  });
});

describe('leaving', () => {
  it('is for admins and members; the owner transfers first', () => {
    expect(canLeave('OWNER')).toBe(false);
    expect(canLeave('ADMIN')).toBe(true);
    expect(canLeave('MEMBER')).toBe(true);
    expect(canLeave(null)).toBe(false);
  });
});
