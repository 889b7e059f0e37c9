import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders, testViewer } from '../../test/render';
import { CreateOrganizationForm } from './CreateOrganizationForm';

describe('CreateOrganizationForm', () => {
  it('says why it is unavailable before the email is verified, with a resend button', () => {
    renderWithProviders(<CreateOrganizationForm />, { viewer: { ...testViewer, emailVerified: false } });
    expect(screen.getByText('Verify your email address first')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Resend verification email' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create organization' })).not.toBeInTheDocument();
  });

  it('is a form once verified', () => {
    renderWithProviders(<CreateOrganizationForm />);
    expect(screen.getByRole('button', { name: 'Create organization' })).toBeInTheDocument();
    expect(screen.queryByText('Verify your email address first')).not.toBeInTheDocument();
  });
});
