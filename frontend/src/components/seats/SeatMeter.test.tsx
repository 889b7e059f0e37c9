import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { SeatMeter } from './SeatMeter';
import { SeatsFullAlert } from './SeatsFullAlert';

const full = { used: 10, total: 10, available: 0, active: 8, pending: 2 };
const some = { used: 45, total: 100, available: 55, active: 40, pending: 5 };

describe('SeatMeter', () => {
  it('shows used/total with an accessible meter', () => {
    renderWithProviders(<SeatMeter usage={some} />);
    expect(screen.getByTestId('seat-usage')).toHaveTextContent('45/100');
    const meter = screen.getByRole('progressbar', { name: 'Seat usage' });
    expect(meter).toHaveAttribute('aria-valuenow', '45');
    expect(meter).toHaveAttribute('aria-valuetext', '45 of 100 seats used');
    expect(screen.getByText('40 active members · 5 pending invitations · 55 seats available')).toBeInTheDocument();
  });
});

describe('SeatsFullAlert', () => {
  it('stays hidden while seats are free', () => {
    renderWithProviders(<SeatsFullAlert usage={some} canManageBilling slug="acme" />);
    expect(screen.queryByTestId('seats-full')).not.toBeInTheDocument();
  });

  it('offers the owner a link to raise the limit', () => {
    renderWithProviders(<SeatsFullAlert usage={full} canManageBilling slug="acme" />);
    expect(screen.getByText('All 10 seats are in use')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Upgrade to more seats' })).toHaveAttribute('href', '/orgs/acme/settings/organization#seat-limit');
  });

  it('tells everyone else to ask the owner', () => {
    renderWithProviders(<SeatsFullAlert usage={full} canManageBilling={false} slug="acme" />);
    expect(screen.getByText('Ask the owner to upgrade to more seats')).toBeInTheDocument();
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });
});
