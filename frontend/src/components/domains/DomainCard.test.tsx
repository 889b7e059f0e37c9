import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { DomainFieldsFragment } from '../../gql/graphql';
import { mockClient, renderWithProviders } from '../../test/render';
import { DomainCard } from './DomainCard';

const pending: DomainFieldsFragment = {
  id: 'dom_1',
  domain: 'xn--bcher-kva.example',
  displayName: 'bücher.example',
  status: 'PENDING',
  verified: false,
  verifiedAt: null,
  autoJoin: false,
  verificationRecordName: '_roster-challenge.xn--bcher-kva.example',
  verificationRecordValue: 'roster-verification=abc',
};

describe('DomainCard', () => {
  it('shows a pending domain with its TXT record, copy buttons, and auto-join off until verified', () => {
    renderWithProviders(<DomainCard domain={pending} canManage />);
    expect(screen.getByRole('heading', { name: 'bücher.example' })).toBeInTheDocument();
    expect(screen.getByText('xn--bcher-kva.example')).toBeInTheDocument();
    expect(screen.getByText('Pending')).toBeInTheDocument();
    expect(screen.getByText('_roster-challenge.xn--bcher-kva.example')).toBeInTheDocument();
    expect(screen.getByText('roster-verification=abc')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy name' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy value' })).toBeInTheDocument();
    expect(screen.getByRole('switch', { name: /^Auto-join/ })).toBeDisabled();
  });

  it('says what the server did not find when verification fails', async () => {
    const mock = mockClient((name) =>
      name === 'VerifyDomain'
        ? { error: new CombinedError({ graphQLErrors: [new GraphQLError('No TXT record was found at _roster-challenge.xn--bcher-kva.example.', { extensions: { code: 'VERIFICATION_FAILED' } })] }) }
        : undefined,
    );
    renderWithProviders(<DomainCard domain={pending} canManage />, { client: mock.client });
    await userEvent.click(screen.getByRole('button', { name: 'Verify domain bücher.example' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Not verified yet');
    expect(alert).toHaveTextContent('_roster-challenge.xn--bcher-kva.example');
    expect(mock.calls.filter((c) => c.name === 'VerifyDomain').map((c) => c.variables)).toEqual([{ id: 'dom_1' }]);
  });

  it('shows a lost verification, and no controls to a member', () => {
    renderWithProviders(<DomainCard domain={{ ...pending, status: 'VERIFICATION_LOST', autoJoin: true }} canManage={false} />);
    expect(screen.getAllByText('Verification lost').length).toBeGreaterThan(0);
    expect(screen.getByText(/Auto-join is paused/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Verify domain/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Remove domain/ })).toBeNull();
  });
});
