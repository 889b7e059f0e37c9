// The GraphQL client: POST /graphql on the same origin with the session
// cookie. A graphql-ws client carries subscriptions (organizationChanged); it
// is lazy, so no websocket opens until a subscription starts, and it closes
// when the last one ends. When the connection drops, graphql-ws reconnects
// and subscribes again by itself, waiting longer each time (up to about
// 30 s, see reconnectDelay) so that a server that is down is not flooded;
// the subscription's new SUBSCRIBED event then tells whether changes were
// missed (see OrganizationChangeSync).
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWSClient, type Client as WSClient } from 'graphql-ws';
import { reconnectDelay } from './live';

export interface RosterClient {
  client: Client;
  dispose(): void;
}

export function websocketURL(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}/graphql`;
}

export function createRosterClient(opts: { onUnauthenticated?: () => void } = {}): RosterClient {
  let ws: WSClient | null = null;
  const websocket = () =>
    (ws ??= createWSClient({
      url: websocketURL(),
      lazy: true,
      retryAttempts: Infinity,
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, reconnectDelay(retries))),
    }));

  const client = new Client({
    url: '/graphql',
    // The server takes queries by POST only (GET /graphql is the websocket).
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: { credentials: 'same-origin' },
    exchanges: [
      mapExchange({
        onError(error) {
          if (error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
            opts.onUnauthenticated?.();
          }
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = websocket().subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });

  return {
    client,
    dispose() {
      void ws?.dispose();
      ws = null;
    },
  };
}
