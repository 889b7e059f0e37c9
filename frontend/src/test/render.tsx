// Renders a component with Mantine, a router and an urql client that answers
// from the given handler (no network).
import { MantineProvider } from '@mantine/core';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { Client, Provider } from 'urql';
import { fromValue, map, never, type Source } from 'wonka';
import { SessionContext, type Viewer } from '../components/session/SessionProvider';
import { theme } from '../theme';

type Result = { data?: unknown; error?: unknown; extensions?: Record<string, unknown> };
type Handler = (operationName: string, variables: Record<string, unknown>) => Result | undefined;
/** Subscriptions: a stream of results (e.g. a wonka subject's source), or undefined for one that never sends. */
type SubscriptionHandler = (operationName: string, variables: Record<string, unknown>) => Source<Result> | undefined;

export function mockClient(handler: Handler = () => undefined, subscribe: SubscriptionHandler = () => undefined) {
  const calls: { name: string; variables: Record<string, unknown>; requestPolicy?: string }[] = [];
  const record = (op: { query: { definitions: readonly unknown[] }; variables?: unknown }, context?: { requestPolicy?: string }) => {
    const def = op.query.definitions[0] as { name?: { value: string } };
    const name = def.name?.value ?? '';
    const variables = (op.variables ?? {}) as Record<string, unknown>;
    calls.push({ name, variables, requestPolicy: context?.requestPolicy });
    return { name, variables };
  };
  const run = (op: { query: { definitions: readonly unknown[] }; variables?: unknown }, context?: { requestPolicy?: string }) => {
    const { name, variables } = record(op, context);
    const res = handler(name, variables);
    return res ? fromValue({ ...res, stale: false, hasNext: false }) : never;
  };
  const runSubscription = (op: { query: { definitions: readonly unknown[] }; variables?: unknown }, context?: { requestPolicy?: string }) => {
    const { name, variables } = record(op, context);
    const source = subscribe(name, variables);
    return source ? map((res: Result) => ({ ...res, stale: false, hasNext: true }))(source) : never;
  };
  const client = {
    executeQuery: run,
    executeMutation: run,
    executeSubscription: runSubscription,
  } as unknown as Client;
  return { client, calls };
}

export const testViewer: Viewer = {
  id: 'user-owner',
  name: 'Olivia Owner',
  email: 'olivia@example.com',
  emailVerified: true,
  memberships: [],
  receivedInvitations: [],
};

export function renderWithProviders(
  ui: ReactElement,
  opts: { client?: Client; route?: string; viewer?: Viewer | null; refreshViewer?: () => Promise<Viewer | null | undefined> } = {},
) {
  const client = opts.client ?? mockClient().client;
  const viewer = opts.viewer === undefined ? testViewer : opts.viewer;
  const session = { viewer, refreshViewer: opts.refreshViewer ?? (async () => viewer), resetSession: () => {} };
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
