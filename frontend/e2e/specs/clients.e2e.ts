// Roster as programs see it, through the clients they use: the GraphQL over
// HTTP audit of graphql-http (the reference implementation of the spec), and
// dashboards on the two websocket protocols with their own client
// libraries, graphql-ws (graphql-transport-ws) and subscriptions-transport-ws
// (the legacy graphql-ws). No browser: these are servers and scripts.
import { auditServer } from 'graphql-http';
import { createClient, type Client } from 'graphql-ws';
import { SubscriptionClient } from 'subscriptions-transport-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRoster, type Roster } from '../harness/server';

const seatUsage = 'subscription($o: ID!) { seatUsageChanged(organizationID: $o) { used total } }';

interface Used {
  used: number;
  total: number;
}

describe('programs and dashboards', () => {
  let roster: Roster;
  let cookie = '';
  let org = '';

  async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(`${roster.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const session = res.headers.get('set-cookie');
    if (session) cookie = session.split(';')[0] ?? '';
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data as T;
  }

  /** ws with the dashboard's session cookie, as a server-side dashboard sends it. */
  function cookieSocket() {
    return class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie } });
      }
    };
  }

  /** Resolves with the next value a subscription delivers. */
  function queue() {
    const values: Used[] = [];
    const waiters: ((u: Used) => void)[] = [];
    return {
      push(u: Used) {
        const w = waiters.shift();
        if (w) w(u);
        else values.push(u);
      },
      next(): Promise<Used> {
        const v = values.shift();
        if (v) return Promise.resolve(v);
        return new Promise((resolve, reject) => {
          waiters.push(resolve);
          setTimeout(() => reject(new Error('no event within 5 s')), 5_000);
        });
      },
    };
  }

  let invited = 0;
  async function invite() {
    invited++;
    await graphql('mutation($o: ID!, $e: String!) { inviteMember(input: {organizationID: $o, email: $e, role: MEMBER}) { id } }', {
      o: org,
      e: `dash${invited}@example.com`,
    });
  }

  beforeAll(async () => {
    roster = await startRoster({ smtpPort: null });
    await graphql('mutation($i: SignUpInput!) { signUp(input: $i) { user { id } } }', {
      i: { email: 'dana@example.com', password: 'correct horse battery', name: 'Dana Dashboard' },
    });
    // Creating an organization needs a verified email: the link is in the
    // dev mailbox, and verifyEmail takes it from the signed-in account.
    // The outbox delivers after the mutation commits, so the email may
    // arrive a moment later: poll the mailbox for up to thirty seconds.
    let token: string | undefined;
    for (let tries = 0; !token && tries < 300; tries++) {
      if (tries > 0) await new Promise((r) => setTimeout(r, 100));
      const mails = (await (await fetch(`${roster.url}/dev/mail.json`)).json()) as { to: string; text: string }[];
      token = mails.map((m) => m.text).join(' ').match(/\/verify-email\?token=([^\s&]+)/)?.[1];
    }
    if (!token) throw new Error('no verification email for dana@example.com in the dev mailbox within 30 s');
    await graphql('mutation($t: String!) { verifyEmail(token: $t) { id } }', { t: decodeURIComponent(token) });
    const made = await graphql<{ createOrganization: { id: string } }>(
      'mutation { createOrganization(input: {name: "Dashboards", slug: "dashboards"}) { id } }',
    );
    org = made.createOrganization.id;
  });

  afterAll(async () => {
    await roster?.stop();
  });

  it('passes the GraphQL over HTTP audit without an error or a warning', async () => {
    const results = await auditServer({ url: `${roster.url}/graphql` });
    const failed = results.filter((r) => r.status === 'error' || r.status === 'warn').map((r) => `${r.id} ${r.name}: ${r.status === 'ok' ? '' : r.reason}`);
    expect(failed).toEqual([]);
    expect(results.filter((r) => r.status === 'ok').length).toBeGreaterThan(50);
  });

  it('streams seat usage to a graphql-ws dashboard', async () => {
    const client: Client = createClient({ url: roster.url.replace('http', 'ws') + '/graphql', webSocketImpl: cookieSocket(), retryAttempts: 0 });
    const events = queue();
    const errors: unknown[] = [];
    const stop = client.subscribe<{ seatUsageChanged: Used }>(
      { query: seatUsage, variables: { o: org } },
      { next: (r) => (r.data ? events.push(r.data.seatUsageChanged) : errors.push(r.errors)), error: (e) => errors.push(e), complete: () => {} },
    );
    try {
      const first = await events.next();
      expect(first.total).toBe(10);
      await invite();
      expect((await events.next()).used).toBe(first.used + 1);
      expect(errors).toEqual([]);
    } finally {
      stop();
      await client.dispose();
    }
  });

  it('streams seat usage to a subscriptions-transport-ws dashboard (the legacy protocol)', async () => {
    const client = new SubscriptionClient(roster.url.replace('http', 'ws') + '/graphql', { reconnect: false }, cookieSocket());
    const events = queue();
    const errors: unknown[] = [];
    const sub = client.request({ query: seatUsage, variables: { o: org } }).subscribe({
      next: (r) => (r.data ? events.push((r.data as { seatUsageChanged: Used }).seatUsageChanged) : errors.push(r.errors)),
      error: (e: unknown) => errors.push(e),
    });
    try {
      const first = await events.next();
      await invite();
      expect((await events.next()).used).toBe(first.used + 1);
      expect(errors).toEqual([]);
    } finally {
      sub.unsubscribe();
      client.close();
    }
  });
});
