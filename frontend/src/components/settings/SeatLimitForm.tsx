// The Owner changes the seat limit (updateSeatLimit), never below seats used.
import { Button, Group, NumberInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from 'urql';
import { fieldErrors, formErrors } from '../../lib/errors';
import type { SeatCounts } from '../../lib/seats';
import { ErrorAlert } from '../ui/ErrorAlert';
import { notifySuccess } from '../ui/notify';
import { UpdateSeatLimitMutation } from './operations';

export function SeatLimitForm({ organizationId, usage }: { organizationId: string; usage: SeatCounts }) {
  const [{ fetching, error }, update] = useMutation(UpdateSeatLimitMutation);
  const form = useForm({
    initialValues: { seats: usage.total as number | string },
    validate: {
      seats: (v) => {
        const n = typeof v === 'number' ? v : Number(v);
        if (!Number.isInteger(n) || n < 1) return 'Enter a whole number of seats';
        if (n < usage.used) return `At least ${usage.used}: that many seats are in use`;
        return null;
      },
    },
  });
  const other = formErrors(error, ['seats']);
  return (
    <form
      id="seat-limit"
      noValidate
      onSubmit={form.onSubmit(async ({ seats }) => {
        const n = Number(seats);
        const r = await update({ organizationID: organizationId, seats: n });
        if (r.error) {
          form.setErrors(fieldErrors(r.error));
          return;
        }
        notifySuccess(`The organization now has ${n} seats.`, 'Seat limit updated');
        form.resetDirty({ seats: n });
      })}
    >
      <Group align="flex-start" gap="sm">
        <NumberInput
          label="Seat limit"
          description={`Minimum ${usage.used} (seats in use)`}
          min={Math.max(1, usage.used)}
          step={1}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="none"
          w={200}
          {...form.getInputProps('seats')}
        />
        <Button type="submit" loading={fetching} mt={{ base: 0, xs: 46 }} disabled={!form.isDirty()}>
          Update seat limit
        </Button>
      </Group>
      {other.length > 0 && <ErrorAlert message={other.map((e) => e.message).join(' ')} />}
    </form>
  );
}
