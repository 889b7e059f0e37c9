import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockClient, renderWithProviders } from '../../test/render';
import { RenameOrganizationForm } from './RenameOrganizationForm';

const org = { id: 'org-1', name: 'Acme', slug: 'acme' };

describe('RenameOrganizationForm', () => {
  it('says the slug stays and sends the trimmed name', async () => {
    const mock = mockClient((name, v) =>
      name === 'UpdateOrganization'
        ? { data: { updateOrganization: { __typename: 'Organization', id: 'org-1', name: (v.input as { name: string }).name, slug: 'acme' } } }
        : undefined,
    );
    renderWithProviders(<RenameOrganizationForm organization={org} />, { client: mock.client });
    expect(screen.getByText('The URL name (slug) stays “acme”, so links keep working.')).toBeInTheDocument();
    const user = userEvent.setup();
    const rename = screen.getByRole('button', { name: 'Rename' });
    expect(rename).toBeDisabled();
    await user.clear(screen.getByRole('textbox', { name: 'Organization name' }));
    await user.type(screen.getByRole('textbox', { name: 'Organization name' }), '  Acme Uno ');
    await user.click(rename);
    await waitFor(() => expect(mock.calls.find((c) => c.name === 'UpdateOrganization')?.variables).toEqual({ input: { organizationID: 'org-1', name: 'Acme Uno' } }));
  });

  it('shows the server’s message next to the name', async () => {
    const mock = mockClient((name) =>
      name === 'UpdateOrganization'
        ? { error: { graphQLErrors: [{ message: 'Use at most 100 characters.', extensions: { code: 'BAD_USER_INPUT', field: 'name' } }] } }
        : undefined,
    );
    renderWithProviders(<RenameOrganizationForm organization={org} />, { client: mock.client });
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'Organization name' }), 'x');
    await user.click(screen.getByRole('button', { name: 'Rename' }));
    expect(await screen.findByText('Use at most 100 characters.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Organization name' })).toHaveAttribute('aria-invalid', 'true');
  });

  it('asks for a name before sending', async () => {
    const mock = mockClient();
    renderWithProviders(<RenameOrganizationForm organization={org} />, { client: mock.client });
    const user = userEvent.setup();
    await user.clear(screen.getByRole('textbox', { name: 'Organization name' }));
    await user.type(screen.getByRole('textbox', { name: 'Organization name' }), '   ');
    await user.click(screen.getByRole('button', { name: 'Rename' }));
    expect(await screen.findByText('Enter a name')).toBeInTheDocument();
    expect(mock.calls.some((c) => c.name === 'UpdateOrganization')).toBe(false);
  });
});
