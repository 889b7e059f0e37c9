import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mockClient, renderWithProviders } from '../../test/render';
import { SeatUsageHistory } from './SeatUsageHistory';

const dayStart = (daysAgo: number) => {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() - daysAgo);
  return d.toISOString();
};

describe('SeatUsageHistory', () => {
  it('asks for 30 days and gives the numbers as a sentence and a table, today’s point the usage now', async () => {
    const history = [
      { __typename: 'SeatUsagePoint', day: dayStart(2), active: 1, pending: 0, total: 10 },
      { __typename: 'SeatUsagePoint', day: dayStart(1), active: 2, pending: 3, total: 10 },
      { __typename: 'SeatUsagePoint', day: dayStart(0), active: 2, pending: 1, total: 10 },
    ];
    const mock = mockClient((name) => (name === 'SeatUsageHistory' ? { data: { organization: { __typename: 'Organization', id: 'org-1', seatUsageHistory: history } } } : undefined));
    // The page's live usage: one more pending invitation than the server's last answer.
    renderWithProviders(<SeatUsageHistory slug="acme" usage={{ used: 4, total: 10, available: 6, active: 2, pending: 2 }} />, { client: mock.client });
    expect(await screen.findByTestId('seat-history-summary')).toHaveTextContent(/^Today: 4 of 10 seats used \(2 active, 2 pending\)\. On .*: 1 of 10\. Most in this period: 5 of 10, on /);
    expect(mock.calls.find((c) => c.name === 'SeatUsageHistory')?.variables).toEqual({ slug: 'acme', days: 30 });
    const table = screen.getByRole('table', { name: 'Seat usage by day' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(within(rows[2]!).getByRole('rowheader')).toHaveTextContent(/\(today\)$/);
    expect(within(rows[2]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['2', '2', '4', '10']);
    // The chart is a picture of the same numbers: hidden from screen readers.
    expect(screen.getByTestId('seat-history-chart')).toHaveAttribute('aria-hidden', 'true');
  });
});
