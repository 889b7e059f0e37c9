// The API explorer: GraphiQL in the portal, working with no host but the
// server's (the browser's network is cut off from everything else), from
// the portal's link, at /graphql for a browser, with the guide's examples:
// a members query, and the seat usage subscription over the websocket.
import { describe, expect, it } from 'vitest';
import { email, PHONE, useWorld, type Person, type Upstream, type World } from '../harness/world';
import { ownerOf } from '../pages/flows';

describe('API explorer', () => {
  let world: World;
  let owner: Person;
  const org = { name: 'Explorer Co', slug: 'explorer-co' };
  const elsewhere: string[] = [];

  // Only this server: any other host would be a CDN the explorer needs.
  const onlyTheServer = async (p: Person) => {
    const server = new URL(world.roster.url).host;
    await p.context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.host === server) return route.continue();
      elsewhere.push(url.href);
      return route.abort();
    });
  };

  useWorld('explorer', {}, async (w) => {
    world = w;
    owner = await ownerOf(world, org, { name: 'Olivia Owner', email: email('owner') });
    await onlyTheServer(owner);
  });

  const response = (p: Person) => p.page.locator('.graphiql-response');
  // Runs the open tab; GraphiQL ignores a click that comes before it has
  // read the schema, so it is clicked again until an answer shows.
  const run = async (p: Person, expected: string) => {
    for (let attempt = 0; ; attempt++) {
      await p.page.getByRole('button', { name: /^Execute/ }).click();
      try {
        await response(p).getByText(expected).waitFor({ timeout: 4_000 });
        return;
      } catch (e) {
        if (attempt === 3) throw e;
      }
    }
  };
  // GraphiQL 4's own markup, which the portal cannot change: its tabs are
  // role=tab items holding their close buttons, and CodeMirror's scroller
  // takes no focus of its own (its text area does). Everything else on the
  // page, GraphiQL's other markup included, is checked.
  const graphiql: Upstream[] = [
    { rule: 'nested-interactive', within: '.graphiql-tabs', why: 'GraphiQL puts the close button inside role=tab' },
    { rule: 'scrollable-region-focusable', within: '.CodeMirror', why: "CodeMirror 5's scroller; its text area takes focus" },
  ];

  it('opens from the portal and runs the members example', async () => {
    const { page } = owner;
    await page.getByRole('link', { name: 'API explorer' }).click();
    await page.waitForURL('**/explorer');
    await page.getByRole('tab', { name: /Members/ }).waitFor();
    await run(owner, '"totalCount": 1');
    await response(owner).getByText('"name": "Explorer Co"').waitFor();
    await world.snap(page, 'explorer-members');
    await world.expectAccessible(page, 'explorer-members', graphiql);
    expect(elsewhere).toEqual([]);
    // Within the page's Content-Security-Policy: nothing refused.
    expect(world.takeCSPViolations()).toEqual([]);
  });

  it('streams seat usage over the websocket', async () => {
    const { page } = owner;
    await page.getByRole('tab', { name: /SeatUsage/ }).click();
    await run(owner, '"used": 1');
    // A change made elsewhere (here, an invitation sent by the page's own
    // fetch) arrives on the open subscription.
    const invited = await page.evaluate(async (slug) => {
      const post = (query: string, variables: Record<string, unknown>) =>
        fetch('/graphql', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query, variables }) }).then(
          (r) => r.json() as Promise<{ data?: { organization?: { id: string } }; errors?: unknown }>,
        );
      const found = await post('query($s: String!) { organization(slug: $s) { id } }', { s: slug });
      return post('mutation($o: ID!) { inviteMember(input: {organizationID: $o, email: "late@example.com", role: MEMBER}) { id } }', {
        o: found.data?.organization?.id,
      });
    }, org.slug);
    expect(invited.errors).toBeUndefined();
    await response(owner).getByText('"used": 2').waitFor();
    await world.snap(page, 'explorer-subscription');
    expect(elsewhere).toEqual([]);
  });

  it('is what a browser gets at /graphql, at phone width too', async () => {
    const phone = await world.person({ viewport: PHONE });
    await onlyTheServer(phone);
    await phone.page.goto('/graphql');
    await phone.page.getByRole('button', { name: /Execute query/ }).waitFor();
    await world.snap(phone.page, 'explorer-phone');
    await world.expectAccessible(phone.page, 'explorer-phone', graphiql);
    expect(world.takeCSPViolations()).toEqual([]);
    expect(elsewhere).toEqual([]);
    // A program's GET with a query is still the API.
    const res = await fetch(`${world.roster.url}/graphql?query=${encodeURIComponent('{__typename}')}`);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
