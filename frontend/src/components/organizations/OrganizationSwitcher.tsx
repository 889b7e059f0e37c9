import { Group, Menu, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconPlus, IconSelector } from '@tabler/icons-react';
import { Link } from 'react-router';
import { ROLE_LABEL } from '../../lib/roles';
import { paths } from '../../lib/navigation';
import type { Viewer } from '../session/SessionProvider';

export function OrganizationSwitcher({ viewer, currentSlug }: { viewer: Viewer; currentSlug?: string }) {
  const memberships = [...(viewer.memberships ?? [])].sort((a, b) => a.organization.name.localeCompare(b.organization.name));
  const current = memberships.find((m) => m.organization.slug === currentSlug);
  return (
    <Menu width="target" position="bottom-start" withinPortal withInitialFocusPlaceholder={false}>
      <Menu.Target>
        {/* Named by what it shows ("Organization Acme"), then what it does:
            an aria-label other than the visible text broke WCAG 2.5.3. */}
        <UnstyledButton
          p="xs"
          w="100%"
          style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 'var(--mantine-radius-md)' }}
        >
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <div style={{ minWidth: 0 }}>
              <Text size="xs" c="dimmed">
                Organization
              </Text>
              <Text fw={600} truncate>
                {current ? current.organization.name : memberships.length ? 'Choose one' : 'None yet'}
                <VisuallyHidden component="span">, switch organization</VisuallyHidden>
              </Text>
            </div>
            <IconSelector size={18} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        {memberships.length > 0 && <Menu.Label>Your organizations</Menu.Label>}
        {memberships.map((m) => (
          <Menu.Item
            key={m.id}
            component={Link}
            to={paths.members(m.organization.slug)}
            rightSection={m.organization.slug === currentSlug ? <IconCheck size={16} aria-label="current" /> : null}
          >
            <Text size="sm" fw={500}>
              {m.organization.name}
            </Text>
            <Text size="xs" c="dimmed">
              {ROLE_LABEL[m.role]}
            </Text>
          </Menu.Item>
        ))}
        {memberships.length > 0 && <Menu.Divider />}
        <Menu.Item component={Link} to={paths.newOrganization} leftSection={<IconPlus size={16} aria-hidden />}>
          Create organization
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
