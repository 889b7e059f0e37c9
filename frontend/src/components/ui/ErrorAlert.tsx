import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { CombinedError } from '@urql/core';
import { errorMessage } from '../../lib/errors';

/** An error in plain words; renders nothing without one. */
export function ErrorAlert({ error, message, title }: { error?: CombinedError | null; message?: string; title?: string }) {
  const text = message ?? errorMessage(error);
  if (!text) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden />} title={title} role="alert">
      {text}
    </Alert>
  );
}
