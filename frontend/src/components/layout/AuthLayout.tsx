// Sign in, sign up, email verification and invitation links: pages a person
// reaches before (or while) signing in.
import { Box, Center, Container, Group, Stack } from '@mantine/core';
import { Outlet } from 'react-router';
import { DevMailboxLink } from '../ui/DevMailboxLink';
import { Brand } from './Brand';

export function AuthLayout() {
  return (
    <Box bg="gray.0" mih="100vh">
      <Container size={480} py="xl" px="md">
        <Stack gap="lg">
          <Center component="header">
            <Brand />
          </Center>
          <main>
            <Outlet />
          </main>
          <Group component="footer" justify="center">
            <DevMailboxLink />
          </Group>
        </Stack>
      </Container>
    </Box>
  );
}
