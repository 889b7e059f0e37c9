import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { mockClient, renderWithProviders } from '../../test/render';
import { ChangePasswordForm } from './ChangePasswordForm';

describe('ChangePasswordForm', () => {
  it('checks the new password and its repetition before asking the server', async () => {
    const mock = mockClient();
    renderWithProviders(<ChangePasswordForm />, { client: mock.client });
    const user = userEvent.setup();
    await user.click(screen.getByLabelText(/^Current password/));
    await user.paste('the old one');
    await user.click(screen.getByLabelText(/^New password/));
    await user.paste('short');
    await user.click(screen.getByLabelText(/^Repeat the new password/));
    await user.paste('different');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Use at least 10 characters')).toBeInTheDocument();
    expect(screen.getByText('The passwords do not match')).toBeInTheDocument();
    expect(mock.calls).toHaveLength(0);
  });

  it('shows a wrong current password next to its field', async () => {
    const mock = mockClient((name) =>
      name === 'ChangePassword'
        ? {
            error: new CombinedError({
              graphQLErrors: [new GraphQLError('The current password is incorrect.', { extensions: { code: 'BAD_USER_INPUT', field: 'currentPassword' } })],
            }),
          }
        : undefined,
    );
    renderWithProviders(<ChangePasswordForm />, { client: mock.client });
    const user = userEvent.setup();
    const current = screen.getByLabelText(/^Current password/);
    await user.click(current);
    await user.paste('not the password');
    await user.click(screen.getByLabelText(/^New password/));
    await user.paste('a brand new passphrase');
    await user.click(screen.getByLabelText(/^Repeat the new password/));
    await user.paste('a brand new passphrase');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    await waitFor(() => expect(current).toHaveAccessibleDescription(/current password is incorrect/));
    expect(mock.calls[0]?.variables).toEqual({ currentPassword: 'not the password', newPassword: 'a brand new passphrase' });
  });
});
