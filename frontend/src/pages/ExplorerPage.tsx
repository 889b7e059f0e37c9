// The API explorer: GraphiQL, bundled into the portal (no request leaves
// this server), at /explorer and at /graphql for a browser. Queries and
// mutations go by POST to /graphql with the session cookie, subscriptions
// over the websocket (graphql-ws); it opens with the guide's operations for
// the viewer's first organization. Loaded on its own (router.tsx), so the
// portal's other pages do not carry GraphiQL.
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import './ExplorerPage.css';
import { createClient } from 'graphql-ws';
import { useEffect, useMemo, useRef } from 'react';
import { Link } from 'react-router';
import { useSession } from '../components/session/SessionProvider';
import { websocketURL } from '../lib/client';
import { exampleTabs, explorerEnabled } from '../lib/explorer';
import { NotFoundPage } from './NotFoundPage';

export function ExplorerPage() {
  const { viewer } = useSession();
  const enabled = explorerEnabled();
  const fetcher = useMemo(
    () =>
      createGraphiQLFetcher({
        url: '/graphql',
        fetch: (input, init) => fetch(input, { ...init, credentials: 'same-origin' }),
        wsClient: createClient({ url: websocketURL(), lazy: true }),
      }),
    [],
  );
  const org = viewer?.memberships?.[0]?.organization;
  const tabs = useMemo(() => exampleTabs(org ? { id: org.id, slug: org.slug } : undefined), [org]);

  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.title = 'API explorer · Roster';
  }, []);
  useEffect(() => labelEditors(container.current), []);

  if (!enabled) return <NotFoundPage />;
  return (
    <div ref={container} style={{ height: '100dvh' }}>
      {/* GraphiQL 4 fills the first tab's variables from this prop, not from defaultTabs. */}
      <GraphiQL fetcher={fetcher} defaultTabs={tabs} variables={tabs[0]?.variables} defaultEditorToolsVisibility="variables">
        <GraphiQL.Logo>
          <Link to="/" style={{ color: 'inherit' }}>
            Roster
          </Link>{' '}
          API explorer
        </GraphiQL.Logo>
      </GraphiQL>
    </div>
  );
}

// The editors' names: CodeMirror's text areas have none, so a screen reader
// announced four unnamed text fields. Each is named after the editor it
// belongs to, as GraphiQL creates them.
const EDITORS: [string, string][] = [
  ['.graphiql-query-editor', 'Query editor'],
  ['.graphiql-editor-tool > .graphiql-editor:nth-child(1)', 'Variables editor'],
  ['.graphiql-editor-tool > .graphiql-editor:nth-child(2)', 'Headers editor'],
  ['.graphiql-response', 'Response'],
];

function labelEditors(root: HTMLElement | null): (() => void) | undefined {
  if (!root) return undefined;
  const label = () => {
    for (const [within, name] of EDITORS) {
      for (const area of root.querySelectorAll<HTMLTextAreaElement>(`${within} textarea`)) {
        if (!area.hasAttribute('aria-label')) area.setAttribute('aria-label', name);
      }
    }
  };
  label();
  const observer = new MutationObserver(label);
  observer.observe(root, { childList: true, subtree: true });
  return () => observer.disconnect();
}
