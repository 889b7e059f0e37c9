// The signed-in frame: header with the burger (phone width) and the account
// menu, the sidebar with the organization switcher, "Members", "Roles and
// permissions", "Settings" → "Organization" and "Domains", "Developers", "Audit log", the
// API explorer, and the dev mailbox link when there is one.
import { AppShell, Avatar, Burger, Group, Menu, NavLink, ScrollArea, Stack, Text, UnstyledButton, VisuallyHidden, em, useMantineTheme } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconBuilding, IconCode, IconListDetails, IconLogout, IconPlus, IconSettings, IconShieldCheck, IconUserCircle, IconUsers, IconWorldWww } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, Outlet, useLocation, useMatch, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { EXPLORER_PATH, explorerEnabled } from '../../lib/explorer';
import { paths } from '../../lib/navigation';
import { OrganizationSwitcher } from '../organizations/OrganizationSwitcher';
import { SignOutMutation } from '../session/operations';
import { useSession } from '../session/SessionProvider';
import { VerifyEmailBanner } from '../session/VerifyEmailBanner';
import { DevMailboxLink } from '../ui/DevMailboxLink';
import { notifyError } from '../ui/notify';
import { Brand } from './Brand';

function initials(name: string, email: string): string {
  const words = (name || email).trim().split(/\s+/).filter(Boolean);
  return words
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('');
}

export function AppLayout() {
  const { viewer, resetSession } = useSession();
  const [opened, { toggle, close }] = useDisclosure(false);
  const theme = useMantineTheme();
  // The account button shows the name from the sm breakpoint up, as the burger hides.
  const wide = useMediaQuery(`(min-width: ${em(theme.breakpoints.sm)})`);
  const location = useLocation();
  const navigate = useNavigate();
  const match = useMatch('/orgs/:slug/*');
  const slug = match?.params.slug;
  const [{ fetching: signingOut }, signOut] = useMutation(SignOutMutation);

  const onSettings = Boolean(slug && location.pathname.startsWith(`/orgs/${slug}/settings`));
  // The server decides; the portal only hides what it would refuse.
  const perms = viewer?.memberships?.find((m) => m.organization.slug === slug)?.organization.viewerPermissions ?? [];
  const canDevelop = perms.some((p) => p === 'CREATE_API_KEYS' || p === 'CREATE_OAUTH_CLIENTS' || p === 'CREATE_WEBHOOKS');
  const canAudit = perms.includes('VIEW_AUDIT_LOGS');
  const [settingsOpen, setSettingsOpen] = useState(onSettings);

  useEffect(() => close(), [location.pathname, close]);
  useEffect(() => {
    if (onSettings) setSettingsOpen(true);
  }, [onSettings]);

  if (!viewer) return null;

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 272, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? 'Close navigation' : 'Open navigation'} />
            <Brand />
          </Group>
          <Menu position="bottom-end" withinPortal withInitialFocusPlaceholder={false}>
            <Menu.Target>
              {/* Named "Account: <name>" by its text, the name hidden but
                  still read at phone width: an aria-label other than the
                  visible text broke WCAG 2.5.3 (Label in Name). */}
              <UnstyledButton>
                <Group gap="xs" wrap="nowrap">
                  <Avatar color="indigo" radius="xl" size="sm" aria-hidden>
                    {initials(viewer.name, viewer.email)}
                  </Avatar>
                  {wide ? (
                    <Text size="sm" fw={500} component="span">
                      <VisuallyHidden component="span">Account: </VisuallyHidden>
                      {viewer.name || viewer.email}
                    </Text>
                  ) : (
                    <VisuallyHidden component="span">Account: {viewer.name || viewer.email}</VisuallyHidden>
                  )}
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{viewer.email}</Menu.Label>
              <Menu.Item component={Link} to={paths.account} leftSection={<IconUserCircle size={16} aria-hidden />}>
                Account
              </Menu.Item>
              <Menu.Item
                leftSection={<IconLogout size={16} aria-hidden />}
                disabled={signingOut}
                onClick={async () => {
                  const r = await signOut({});
                  if (r.error) {
                    notifyError('Could not sign out. Try again.');
                    return;
                  }
                  resetSession();
                  navigate(paths.signIn, { replace: true });
                }}
              >
                Sign out
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="md" aria-label="Main navigation">
        <AppShell.Section>
          <OrganizationSwitcher viewer={viewer} currentSlug={slug} />
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea} mt="md">
          {slug && (
            <Stack gap={2}>
              <NavLink
                component={Link}
                to={paths.members(slug)}
                label="Members"
                leftSection={<IconUsers size={18} aria-hidden />}
                active={location.pathname === paths.members(slug)}
              />
              <NavLink
                component={Link}
                to={paths.roles(slug)}
                label="Roles and permissions"
                leftSection={<IconShieldCheck size={18} aria-hidden />}
                active={location.pathname === paths.roles(slug)}
              />
              {canDevelop && (
                <NavLink
                  component={Link}
                  to={paths.developers(slug)}
                  label="Developers"
                  leftSection={<IconCode size={18} aria-hidden />}
                  active={location.pathname === paths.developers(slug)}
                />
              )}
              {canAudit && (
                <NavLink
                  component={Link}
                  to={paths.auditLog(slug)}
                  label="Audit log"
                  leftSection={<IconListDetails size={18} aria-hidden />}
                  active={location.pathname === paths.auditLog(slug)}
                />
              )}
              <NavLink
                component="button"
                type="button"
                label="Settings"
                leftSection={<IconSettings size={18} aria-hidden />}
                opened={settingsOpen}
                onChange={setSettingsOpen}
                aria-expanded={settingsOpen}
                childrenOffset={28}
              >
                <NavLink
                  component={Link}
                  to={paths.settings(slug)}
                  label="Organization"
                  leftSection={<IconBuilding size={16} aria-hidden />}
                  active={location.pathname === paths.settings(slug)}
                />
                <NavLink
                  component={Link}
                  to={paths.domains(slug)}
                  label="Domains"
                  leftSection={<IconWorldWww size={16} aria-hidden />}
                  active={location.pathname === paths.domains(slug)}
                />
              </NavLink>
            </Stack>
          )}
        </AppShell.Section>
        <AppShell.Section>
          <Stack gap="xs">
            <NavLink component={Link} to={paths.newOrganization} label="Create organization" leftSection={<IconPlus size={18} aria-hidden />} />
            {explorerEnabled() && (
              // A page load, not a client-side route: the server decides
              // whether the explorer is on (ROSTER_EXPLORER).
              <NavLink href={EXPLORER_PATH} label="API explorer" leftSection={<IconCode size={18} aria-hidden />} />
            )}
            <Group px="sm">
              <DevMailboxLink />
            </Group>
          </Stack>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        {!viewer.emailVerified && <VerifyEmailBanner email={viewer.email} />}
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
