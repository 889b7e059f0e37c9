// The chart itself (@mantine/charts on Recharts), in a file of its own so
// that the settings page loads it, and Recharts, only when it is shown.
// It is a picture: the numbers are also given as text and a table beside it
// (SeatUsageHistory), so it is hidden from screen readers.
import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import type { ChartPoint } from '../../lib/seatHistory';

export default function SeatUsageChart({ data }: { data: ChartPoint[] }) {
  return (
    <LineChart
      h={200}
      data={data}
      dataKey="label"
      curveType="stepAfter"
      withDots={false}
      withLegend
      legendProps={{ verticalAlign: 'bottom' }}
      tooltipAnimationDuration={0}
      yAxisProps={{ allowDecimals: false, domain: [0, 'auto'] }}
      series={[
        { name: 'Used', label: 'Used (active + pending)', color: 'indigo.7' },
        { name: 'Active', color: 'teal.8' },
        { name: 'Seat limit', color: 'red.8', strokeDasharray: '6 4' },
      ]}
    />
  );
}
