import { Anchor, Group } from '@mantine/core';
import { IconMail } from '@tabler/icons-react';
import { DEV_MAILBOX_URL, useDevMailbox } from '../../lib/devMailbox';

/** Shown only where the server runs without SMTP and keeps a dev mailbox. */
export function DevMailboxLink() {
  const available = useDevMailbox();
  if (!available) return null;
  return (
    <Anchor href={DEV_MAILBOX_URL} target="_blank" rel="noreferrer" size="sm">
      <Group gap={6} component="span" wrap="nowrap">
        <IconMail size={16} aria-hidden />
        Dev mailbox
      </Group>
    </Anchor>
  );
}
