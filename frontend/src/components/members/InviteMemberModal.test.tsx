import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { mockClient, renderWithProviders } from '../../test/render';
import { InviteMemberModal } from './InviteMemberModal';

describe('InviteMemberModal', () => {
  it('offers Admin and Member with the guide’s descriptions, never Owner', async () => {
    renderWithProviders(<InviteMemberModal opened onClose={() => {}} organizationId="org-1" roles={['ADMIN', 'MEMBER']} />);
    expect(await screen.findByRole('radio', { name: /Admin/ })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: /Member/ })).toBeChecked();
    expect(screen.queryByRole('radio', { name: /Owner/ })).not.toBeInTheDocument();
    expect(screen.getByText('Can manage members and resources')).toBeInTheDocument();
    expect(screen.getByText('Standard access to features')).toBeInTheDocument();
  });

  it('checks the address before sending', async () => {
    const mock = mockClient();
    renderWithProviders(<InviteMemberModal opened onClose={() => {}} organizationId="org-1" roles={['ADMIN', 'MEMBER']} />, { client: mock.client });
    const user = userEvent.setup();
    await user.type(await screen.findByRole('textbox', { name: /Email address/ }), 'not-an-address');
    await user.click(screen.getByRole('button', { name: 'Send Invitation' }));
    expect(await screen.findByText('Enter an email address like name@example.com')).toBeInTheDocument();
    expect(mock.calls).toHaveLength(0);
  });

  it('shows a conflict next to the email field', async () => {
    const mock = mockClient((name) =>
      name === 'InviteMember'
        ? { error: new CombinedError({ graphQLErrors: [new GraphQLError('ana@example.com is already a member.', { extensions: { code: 'CONFLICT' } })] }) }
        : undefined,
    );
    renderWithProviders(<InviteMemberModal opened onClose={() => {}} organizationId="org-1" roles={['ADMIN', 'MEMBER']} />, { client: mock.client });
    const user = userEvent.setup();
    const email = await screen.findByRole('textbox', { name: /Email address/ });
    await user.type(email, 'ana@example.com');
    await user.click(screen.getByRole('radio', { name: /Admin/ }));
    await user.click(screen.getByRole('button', { name: 'Send Invitation' }));
    await waitFor(() => expect(email).toHaveAccessibleDescription(/already a member/));
    expect(mock.calls[0]?.variables).toEqual({ input: { organizationID: 'org-1', email: 'ana@example.com', role: 'ADMIN' } });
  });
});
