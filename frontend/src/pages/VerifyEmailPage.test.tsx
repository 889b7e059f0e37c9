import { screen } from '@testing-library/react';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { mockClient, renderWithProviders, testViewer } from '../test/render';
import { VerifyEmailPage } from './VerifyEmailPage';

describe('VerifyEmailPage with a link', () => {
  it('asks a signed-out visitor to sign in, keeping the token, and verifies nothing yet', async () => {
    const mock = mockClient();
    renderWithProviders(<VerifyEmailPage />, { client: mock.client, viewer: null, route: '/verify-email?token=tok-123' });
    expect(await screen.findByRole('heading', { name: 'Sign in to verify your email' })).toBeInTheDocument();
    const link = screen.getByRole('link', { name: 'Sign in to verify' });
    expect(link).toHaveAttribute('href', `/sign-in?next=${encodeURIComponent('/verify-email?token=tok-123')}`);
    expect(mock.calls).toHaveLength(0);
  });

  it('verifies for a signed-in viewer', async () => {
    const mock = mockClient((name) => (name === 'VerifyEmail' ? { data: { verifyEmail: { ...testViewer, __typename: 'User', emailVerified: true } } } : undefined));
    renderWithProviders(<VerifyEmailPage />, { client: mock.client, viewer: { ...testViewer, emailVerified: false }, route: '/verify-email?token=tok-123' });
    expect(await screen.findByRole('heading', { name: 'Your email is verified' })).toBeInTheDocument();
    expect(mock.calls.filter((c) => c.name === 'VerifyEmail').map((c) => c.variables)).toEqual([{ token: 'tok-123' }]);
  });

  it('names the organizations joined by auto-join', async () => {
    const joined = { ...testViewer, __typename: 'User', emailVerified: true, memberships: [{ id: 'mem_1', role: 'MEMBER', organization: { id: 'org_1', slug: 'acme', name: 'Acme' } }] };
    const mock = mockClient((name) => (name === 'VerifyEmail' ? { data: { verifyEmail: joined } } : undefined));
    renderWithProviders(<VerifyEmailPage />, { client: mock.client, viewer: { ...testViewer, emailVerified: false }, route: '/verify-email?token=tok-123' });
    expect(await screen.findByText(/You joined/)).toHaveTextContent('You joined Acme: your address is at a domain it has verified.');
  });

  it('tells a viewer signed in as another account to switch', async () => {
    const mock = mockClient((name) =>
      name === 'VerifyEmail'
        ? { error: new CombinedError({ graphQLErrors: [new GraphQLError('This link verifies another account.', { extensions: { code: 'UNAUTHENTICATED' } })] }) }
        : undefined,
    );
    renderWithProviders(<VerifyEmailPage />, { client: mock.client, route: '/verify-email?token=tok-123' });
    expect(await screen.findByRole('heading', { name: 'This link is for another account' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out and switch account' })).toBeInTheDocument();
  });
});
