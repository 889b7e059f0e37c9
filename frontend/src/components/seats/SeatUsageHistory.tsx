// "Seat usage over time" on Settings → Organization: the last 30 days of
// seatUsageHistory as a small chart of seats used against the seat limit,
// so that an owner sees the limit coming ("Monitor seat usage - Upgrade
// before hitting limits"). Today's point is the usage now. The same numbers
// are in a sentence for everyone and in a table for screen readers.
import { Skeleton, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { lazy, Suspense, useMemo } from 'react';
import { useQuery } from 'urql';
import { ROSTER_DATA } from '../../lib/invalidation';
import { chartPoints, historySummary } from '../../lib/seatHistory';
import type { SeatCounts } from '../../lib/seats';
import { useRefetchOnLiveChange } from '../organizations/live';
import { ErrorAlert } from '../ui/ErrorAlert';
import { SeatUsageHistoryQuery } from './operations';

const SeatUsageChart = lazy(() => import('./SeatUsageChart'));

export const HISTORY_DAYS = 30;

export function SeatUsageHistory({ slug, usage }: { slug: string; usage: SeatCounts }) {
  const [{ data, error }, reexecute] = useQuery({ query: SeatUsageHistoryQuery, variables: { slug, days: HISTORY_DAYS }, context: ROSTER_DATA });
  useRefetchOnLiveChange(() => reexecute({ requestPolicy: 'network-only' }));
  const history = data?.organization?.seatUsageHistory;
  const points = useMemo(() => (history ? chartPoints(history, usage) : []), [history, usage]);

  return (
    <Stack gap="xs" component="figure" m={0} aria-labelledby="seat-history-title" data-testid="seat-history">
      <Title order={3} size="h5" id="seat-history-title">
        Seat usage, last {HISTORY_DAYS} days
      </Title>
      <ErrorAlert error={error} />
      {history && (
        <>
          <Text size="sm" component="figcaption" data-testid="seat-history-summary">
            {historySummary(points)}
          </Text>
          <div aria-hidden data-testid="seat-history-chart">
            <Suspense fallback={<Skeleton h={200} />}>
              <SeatUsageChart data={points} />
            </Suspense>
          </div>
          <VisuallyHidden>
            <Table aria-label="Seat usage by day">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Day</Table.Th>
                  <Table.Th scope="col">Active</Table.Th>
                  <Table.Th scope="col">Pending</Table.Th>
                  <Table.Th scope="col">Used</Table.Th>
                  <Table.Th scope="col">Seat limit</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {points.map((p, i) => (
                  <Table.Tr key={p.date}>
                    <Table.Th scope="row">{i === points.length - 1 ? `${p.label} (today)` : p.label}</Table.Th>
                    <Table.Td>{p.Active}</Table.Td>
                    <Table.Td>{p.Pending}</Table.Td>
                    <Table.Td>{p.Used}</Table.Td>
                    <Table.Td>{p['Seat limit']}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </VisuallyHidden>
        </>
      )}
      {!history && !error && <Skeleton h={200} />}
    </Stack>
  );
}
