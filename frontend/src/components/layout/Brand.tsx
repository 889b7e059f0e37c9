import { Group, Text, ThemeIcon } from '@mantine/core';
import { Link } from 'react-router';

export function Brand() {
  return (
    // Named by its visible text ("Roster"; the letter mark is decoration):
    // an aria-label that left out what sighted users read broke WCAG 2.5.3.
    <Link to="/" style={{ textDecoration: 'none', color: 'inherit' }}>
      <Group gap={8} wrap="nowrap">
        <ThemeIcon size={28} radius="md" aria-hidden>
          <Text fw={800} size="sm" c="white" component="span">
            R
          </Text>
        </ThemeIcon>
        <Text fw={700} size="lg" component="span">
          Roster
        </Text>
      </Group>
    </Link>
  );
}
