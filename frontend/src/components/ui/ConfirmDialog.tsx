// A confirmation for destructive actions (the guide: "Confirm removal",
// "Confirm cancellation"). Mantine's Modal traps focus and closes on Escape.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { CombinedError } from '@urql/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert';

export function ConfirmDialog(props: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  onConfirm(): void;
  onClose(): void;
  loading?: boolean;
  error?: CombinedError | null;
  confirmDisabled?: boolean;
  danger?: boolean;
}) {
  const { opened, title, children, confirmLabel, cancelLabel = 'Keep', onConfirm, onClose, loading, error, confirmDisabled, danger = true } = props;
  return (
    <Modal opened={opened} onClose={loading ? () => {} : onClose} title={title} centered>
      <Stack>
        {typeof children === 'string' ? <Text>{children}</Text> : children}
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={loading}>
            {cancelLabel}
          </Button>
          <Button color={danger ? 'red.9' : undefined} onClick={onConfirm} loading={loading} disabled={confirmDisabled}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
