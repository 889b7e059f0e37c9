import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockClient, renderWithProviders } from '../../test/render';
import { BulkInviteModal } from './BulkInviteModal';

const preview = {
  __typename: 'BulkInvitePreview',
  valid: 3,
  seatsNeeded: 3,
  seatsAvailable: 2,
  fits: false,
  rejected: [
    { __typename: 'BulkInviteRejection', line: 3, input: 'bad', code: 'INVALID_EMAIL', message: 'invalid' },
    { __typename: 'BulkInviteRejection', line: 5, input: 'ANA@example.com', code: 'DUPLICATE', message: 'dup' },
    { __typename: 'BulkInviteRejection', line: 7, input: 'old@example.com', code: 'ALREADY_MEMBER', message: 'member' },
  ],
};

function setup() {
  const mock = mockClient((name) =>
    name === 'BulkInvitePreview'
      ? { data: { node: { __typename: 'Organization', id: 'org-1', bulkInvitePreview: preview } } }
      : name === 'BulkInviteMembers'
      ? {
          data: {
            bulkInviteMembers: {
              __typename: 'BulkInviteMembersPayload',
              invitations: [{ __typename: 'Invitation', id: 'i1', email: 'ana@example.com', role: 'MEMBER' }],
              rejected: [
                { __typename: 'BulkInviteRejection', line: 3, input: 'bad', code: 'INVALID_EMAIL', message: 'invalid' },
                { __typename: 'BulkInviteRejection', line: 4, input: 'old@example.com', code: 'ALREADY_MEMBER', message: 'member' },
              ],
            },
          },
        }
      : undefined,
  );
  renderWithProviders(<BulkInviteModal opened onClose={() => {}} organizationId="org-1" roles={['ADMIN', 'MEMBER']} />, {
    client: mock.client,
  });
  return mock;
}

describe('BulkInviteModal', () => {
  it('asks the server to preview the lines once the typing stops, and shows its answer', async () => {
    const mock = setup();
    const box = await screen.findByRole('textbox', { name: /Email addresses/ });
    const text = 'ana@example.com\n\nbad\nbo@example.com\nANA@example.com\ncy@example.com\nold@example.com';
    fireEvent.change(box, { target: { value: 'ana@' } });
    fireEvent.change(box, { target: { value: text } });
    expect(await screen.findByTestId('bulk-preview')).toHaveTextContent('3 addresses to invite · 3 lines not invited');
    const asked = mock.calls.filter((c) => c.name === 'BulkInvitePreview');
    expect(asked.map((c) => c.variables)).toEqual([{ id: 'org-1', emails: text, role: 'MEMBER' }]);
    expect(screen.getByTestId('bulk-seats')).toHaveTextContent('Needs 3 seats; 2 available. Not enough seats');
    // The guide's "Running Out of Seats?" options.
    expect(screen.getByTestId('bulk-seats')).toHaveTextContent('To free a seat: remove inactive members, cancel pending invitations, or ask the owner to upgrade to more seats.');
    expect(screen.getByText(/Line 3: bad \(not a valid email address\)/)).toBeInTheDocument();
    expect(screen.getByText(/Line 7: old@example.com \(already a member/)).toBeInTheDocument();
  });

  it('sends the text as typed with the default role and shows the lines not invited', async () => {
    const mock = setup();
    const user = userEvent.setup();
    const box = await screen.findByRole('textbox', { name: /Email addresses/ });
    fireEvent.change(box, { target: { value: 'ana@example.com\n\nbad\nold@example.com' } });
    await user.click(screen.getByRole('button', { name: 'Send Invitations' }));
    await waitFor(() =>
      expect(mock.calls.find((c) => c.name === 'BulkInviteMembers')?.variables).toEqual({
        input: { organizationID: 'org-1', emails: 'ana@example.com\n\nbad\nold@example.com', role: 'MEMBER' },
      }),
    );
    const table = await screen.findByRole('table', { name: 'Lines not invited' });
    expect(within(table).getByRole('row', { name: /3 bad Not a valid email address/ })).toBeInTheDocument();
    expect(within(table).getByRole('row', { name: /4 old@example.com Already a member/ })).toBeInTheDocument();
    expect(screen.getByText('Sent 1 invitation')).toBeInTheDocument();
  });

  it('cannot send an empty list', async () => {
    setup();
    expect(await screen.findByRole('button', { name: 'Send Invitations' })).toBeDisabled();
  });
});
