import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { mockClient, renderWithProviders } from '../test/render';
import { ResetPasswordPage } from './ResetPasswordPage';

describe('ResetPasswordPage', () => {
  it('sends the token with the new password', async () => {
    const mock = mockClient((name) => (name === 'ResetPassword' ? { data: { resetPassword: { __typename: 'AuthPayload', user: { __typename: 'User', id: 'u', email: 'a@example.com', emailVerified: true } } } } : undefined));
    renderWithProviders(<ResetPasswordPage />, { client: mock.client, viewer: null, route: '/reset-password?token=tok-9' });
    const user = userEvent.setup();
    await user.click(screen.getByLabelText(/^New password/));
    await user.paste('a brand new passphrase');
    await user.click(screen.getByLabelText(/^Repeat the new password/));
    await user.paste('a brand new passphrase');
    await user.click(screen.getByRole('button', { name: 'Save password and sign in' }));
    await waitFor(() => expect(mock.calls.map((c) => c.variables)).toEqual([{ token: 'tok-9', newPassword: 'a brand new passphrase' }]));
  });

  it('says so when the link is used, expired or replaced', async () => {
    const mock = mockClient((name) =>
      name === 'ResetPassword'
        ? { error: new CombinedError({ graphQLErrors: [new GraphQLError('This reset link is invalid.', { extensions: { code: 'BAD_USER_INPUT', field: 'token' } })] }) }
        : undefined,
    );
    renderWithProviders(<ResetPasswordPage />, { client: mock.client, viewer: null, route: '/reset-password?token=used' });
    const user = userEvent.setup();
    await user.click(screen.getByLabelText(/^New password/));
    await user.paste('a brand new passphrase');
    await user.click(screen.getByLabelText(/^Repeat the new password/));
    await user.paste('a brand new passphrase');
    await user.click(screen.getByRole('button', { name: 'Save password and sign in' }));
    expect(await screen.findByRole('heading', { name: 'This reset link is not valid' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Ask for a new link' })).toHaveAttribute('href', '/forgot-password');
  });

  it('without a token, offers a new link', () => {
    renderWithProviders(<ResetPasswordPage />, { viewer: null, route: '/reset-password' });
    expect(screen.getByRole('heading', { name: 'This reset link is not valid' })).toBeInTheDocument();
  });
});
