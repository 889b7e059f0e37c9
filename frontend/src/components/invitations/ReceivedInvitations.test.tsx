import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockClient, renderWithProviders, testViewer } from '../../test/render';
import { ReceivedInvitations } from './ReceivedInvitations';

const expiresAt = new Date(Date.now() + 6 * 86400_000).toISOString();
const invitations = [
  { __typename: 'ReceivedInvitation' as const, id: 'inv-1', organizationName: 'Acme', role: 'ADMIN' as const, invitedByName: 'Olivia Owner', expiresAt },
  { __typename: 'ReceivedInvitation' as const, id: 'inv-2', organizationName: 'Globex', role: 'MEMBER' as const, invitedByName: null, expiresAt },
];

describe('ReceivedInvitations', () => {
  it('says who invited the viewer to what, with which role', () => {
    renderWithProviders(<ReceivedInvitations invitations={invitations} />);
    expect(screen.getByRole('heading', { name: 'Invitations for you' })).toBeInTheDocument();
    expect(screen.getByText('Olivia Owner invited you to join Acme as an Admin.')).toBeInTheDocument();
    expect(screen.getByText('Someone invited you to join Globex as a Member.')).toBeInTheDocument();
  });

  it('shows nothing without invitations', () => {
    renderWithProviders(<ReceivedInvitations invitations={[]} />);
    expect(screen.queryByRole('heading', { name: 'Invitations for you' })).not.toBeInTheDocument();
  });

  it('accepts by the invitation’s id', async () => {
    const mock = mockClient((name) =>
      name === 'AcceptReceivedInvitation'
        ? { data: { acceptReceivedInvitation: { __typename: 'Membership', id: 'm-1', role: 'ADMIN', organization: { __typename: 'Organization', id: 'o-1', slug: 'acme', name: 'Acme' } } } }
        : undefined,
    );
    let refreshed = 0;
    renderWithProviders(<ReceivedInvitations invitations={invitations} />, {
      client: mock.client,
      refreshViewer: async () => {
        refreshed++;
        return testViewer;
      },
    });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Accept the invitation to Acme' }));
    await waitFor(() => expect(refreshed).toBe(1));
    expect(mock.calls.filter((c) => c.name === 'AcceptReceivedInvitation').map((c) => c.variables)).toEqual([{ id: 'inv-1' }]);
  });

  it('declines only after confirming', async () => {
    const mock = mockClient((name) => (name === 'DeclineReceivedInvitation' ? { data: { declineReceivedInvitation: true } } : undefined));
    renderWithProviders(<ReceivedInvitations invitations={invitations} />, { client: mock.client });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Decline the invitation to Globex' }));
    const dialog = await screen.findByRole('dialog', { name: 'Decline this invitation?' });
    expect(mock.calls).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Keep invitation' }));
    expect(mock.calls).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Decline the invitation to Globex' }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Decline this invitation?' })).getByRole('button', { name: 'Decline invitation' }));
    await waitFor(() => expect(mock.calls.map((c) => c.name)).toEqual(['DeclineReceivedInvitation']));
    expect(mock.calls[0]?.variables).toEqual({ id: 'inv-2' });
  });
});
