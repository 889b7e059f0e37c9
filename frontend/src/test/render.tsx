// Renders a component with Mantine, a router and an urql client that answers
// from the given handler (no network).
import { MantineProvider } from '@mantine/core';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { Client, Provider } from 'urql';
import { fromValue, never } from 'wonka';
import { SessionContext, type Viewer } from '../components/session/SessionProvider';
import { theme } from '../theme';

type Handler = (operationName: string, variables: Record<string, unknown>) => { data?: unknown; error?: unknown } | undefined;

export function mockClient(handler: Handler = () => undefined) {
  const calls: { name: string; variables: Record<string, unknown> }[] = [];
  const run = (op: { query: { definitions: readonly unknown[] }; variables?: unknown }) => {
    const def = op.query.definitions[0] as { name?: { value: string } };
    const name = def.name?.value ?? '';
    const variables = (op.variables ?? {}) as Record<string, unknown>;
    calls.push({ name, variables });
    const res = handler(name, variables);
    return res ? fromValue({ ...res, stale: false, hasNext: false }) : never;
  };
  const client = {
    executeQuery: run,
    executeMutation: run,
    executeSubscription: () => never,
  } as unknown as Client;
  return { client, calls };
}

export const testViewer: Viewer = {
  id: 'user-owner',
  name: 'Olivia Owner',
  email: 'olivia@example.com',
  emailVerified: true,
  memberships: [],
};

export function renderWithProviders(ui: ReactElement, opts: { client?: Client; route?: string; viewer?: Viewer | null } = {}) {
  const client = opts.client ?? mockClient().client;
  const session = { viewer: opts.viewer === undefined ? testViewer : opts.viewer, refreshViewer: async () => {}, resetSession: () => {} };
  return render(
    <MantineProvider theme={theme}>
      <Provider value={client}>
        <SessionContext.Provider value={session}>
          <MemoryRouter initialEntries={[opts.route ?? '/']}>{ui}</MemoryRouter>
        </SessionContext.Provider>
      </Provider>
    </MantineProvider>,
  );
}
