// A secret shown once, right after it was made: the server keeps only a
// hash (or a sealed copy), so this is the only time anyone can copy it.
import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';

export function SecretOnce({ title, label, secret, extra, onClose }: { title: string; label: string; secret: string | null; extra?: React.ReactNode; onClose(): void }) {
  return (
    <Modal opened={secret != null} onClose={onClose} title={title} centered size="lg">
      <Stack>
        <Alert color="yellow" title="Copy it now">
          This is the only time it is shown. Store it somewhere safe; if it is lost, make a new one and revoke this one.
        </Alert>
        {extra}
        <Text size="sm" fw={500} id="secret-label">
          {label}
        </Text>
        <Code block aria-labelledby="secret-label" data-testid="secret" style={{ wordBreak: 'break-all' }}>
          {secret}
        </Code>
        <Group justify="flex-end">
          <CopyButton value={secret ?? ''}>
            {({ copied, copy }) => (
              <Button onClick={copy} variant={copied ? 'light' : 'filled'} color={copied ? 'teal' : undefined}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
          <Button variant="default" onClick={onClose}>
            Done
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
