// Seat usage as "used/total" (the guide: e.g. "45/100") with a meter.
import { Group, Progress, Stack, Text } from '@mantine/core';
import { formatSeatUsage, seatBreakdown, seatColor, seatPercent, type SeatCounts } from '../../lib/seats';

export function SeatMeter({ usage, compact = false }: { usage: SeatCounts; compact?: boolean }) {
  const percent = seatPercent(usage);
  const label = `${usage.used} of ${usage.total} seats used`;
  const meter = (
    <Progress.Root size={compact ? 'sm' : 'lg'} w={compact ? 120 : '100%'}>
      <Progress.Section
        value={percent}
        color={seatColor(usage)}
        withAria={false}
        role="progressbar"
        aria-label="Seat usage"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={label}
      />
    </Progress.Root>
  );
  if (compact) {
    return (
      <Group gap="xs" wrap="nowrap" title={label}>
        <Text size="sm" c="dimmed">
          Seats
        </Text>
        <Text size="sm" fw={600} data-testid="seat-usage-compact">
          {formatSeatUsage(usage)}
        </Text>
        {meter}
      </Group>
    );
  }
  return (
    <Stack gap="xs">
      <Group align="baseline" gap="xs">
        <Text fz={36} fw={700} lh={1} data-testid="seat-usage">
          {formatSeatUsage(usage)}
        </Text>
        <Text c="dimmed">seats used</Text>
      </Group>
      {meter}
      <Text size="sm" c="dimmed">
        {seatBreakdown(usage)}
      </Text>
    </Stack>
  );
}
