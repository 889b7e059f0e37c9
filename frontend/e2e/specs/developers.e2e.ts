// For programs: an API key made in the portal (secret shown once, copied),
// used against the API and revoked; a webhook whose deliveries show; the
// audit log read, filtered and downloaded as CSV. Phone width included.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { DESKTOP, email, PHONE, useWorld, type Person, type World } from '../harness/world';
import { AppShell, AuditLogPage, DevelopersPage } from '../pages/AppPages';
import { ownerOf } from '../pages/flows';

describe('developers', () => {
  let world: World;
  let owner: Person;
  const org = { name: 'Programs Inc', slug: 'programs-inc' };
  const received: { headers: Record<string, unknown>; body: string }[] = [];
  const receiver: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  afterAll(() => new Promise<void>((done) => receiver.close(() => done())));

  useWorld('developers', { env: { ROSTER_WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } }, async (w) => {
    world = w;
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', () => done()));
    owner = await ownerOf(world, org, { name: 'Dev Owner', email: email('devowner') });
  });

  /** The API as a program calls it, with a bearer token. */
  async function asProgram(secret: string) {
    const res = await fetch(`${world.roster.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: `query($s: String!) { organization(slug: $s) { viewerRole } }`, variables: { s: org.slug } }),
    });
    return { status: res.status, body: (await res.json()) as { data?: { organization?: { viewerRole: string } }; errors?: { extensions: { code: string } }[] } };
  }

  it('creates an API key, shows its secret once with a copy button, and revokes it', async () => {
    const page = new DevelopersPage(owner.page);
    await owner.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.open(org.slug);
    const secret = await page.createKey('CI bot');
    expect(secret).toMatch(/^rk_live_/);
    const dialog = page.secretDialog();
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByRole('button', { name: 'Copied' }).waitFor();
    await world.snap(owner.page, 'api-key-secret');
    await world.expectAccessible(owner.page, 'api-key-secret');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await owner.page.getByRole('table', { name: 'API keys' }).getByRole('cell', { name: 'CI bot', exact: true }).waitFor();
    expect(await owner.page.content()).not.toContain(secret);

    const ok = await asProgram(secret);
    expect(ok.status).toBe(200);
    expect(ok.body.data?.organization?.viewerRole).toBe('MEMBER');

    await page.revokeKey('CI bot');
    await new AppShell(owner.page).notification('is revoked').waitFor();
    const refused = await asProgram(secret);
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('creates a webhook and shows its deliveries', async () => {
    const page = new DevelopersPage(owner.page);
    await page.open(org.slug);
    const port = (receiver.address() as { port: number }).port;
    const url = `http://127.0.0.1:${port}/hook`;
    const signing = await page.createWebhook(url);
    expect(signing).toMatch(/^whsec_/);
    await page.secretDialog().getByRole('button', { name: 'Done' }).click();
    // An invitation is one of the webhook's events.
    const invite = await owner.page.request.post('/graphql', {
      headers: { 'Content-Type': 'application/json', Origin: world.roster.url },
      data: {
        query: `mutation($in: InviteMemberInput!) { inviteMember(input: $in) { id } }`,
        variables: { in: { organizationID: await orgID(), email: email('hooked'), role: 'MEMBER' } },
      },
    });
    expect(invite.ok()).toBe(true);
    await expect.poll(() => received.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(received[0]!.headers['webhook-signature']).toMatch(/^v1,/);
    expect(JSON.parse(received[0]!.body).type).toBe('invitation.created');
    const deliveries = owner.page.getByRole('table', { name: `Deliveries of ${url}` });
    await expect
      .poll(
        async () => {
          await owner.page.getByRole('button', { name: 'Refresh' }).click();
          return deliveries.getByText('SUCCEEDED').count();
        },
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0);
    await deliveries.getByText('invitation.created').waitFor();
    await world.snap(owner.page, 'developers');
    await world.expectAccessible(owner.page, 'developers');
  });

  it('reads and filters the audit log, and downloads its CSV', async () => {
    const audit = new AuditLogPage(owner.page);
    await audit.open(org.slug);
    await owner.page.getByText('api_key.created').first().waitFor();
    await owner.page.getByText('API key CI bot').first().waitFor();
    await world.snap(owner.page, 'audit-log');
    await world.expectAccessible(owner.page, 'audit-log');
    await audit.filter('api_key.revoked');
    await expect.poll(() => audit.rows().filter({ hasText: 'api_key' }).count()).toBe(1);
    await audit.rows().first().getByText('api_key.revoked').waitFor();
    const [download] = await Promise.all([owner.page.waitForEvent('download'), owner.page.getByRole('link', { name: 'Download CSV' }).click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toBe('time,action,actor,target');
    expect(csv).toContain('api_key.revoked');
    expect(csv).not.toContain('invitation.created');
  });

  it('works at phone width', async () => {
    await owner.page.setViewportSize(PHONE);
    await new DevelopersPage(owner.page).open(org.slug);
    await world.snap(owner.page, 'developers-phone');
    await world.expectAccessible(owner.page, 'developers-phone');
    await new AuditLogPage(owner.page).open(org.slug);
    await world.snap(owner.page, 'audit-log-phone');
    await world.expectAccessible(owner.page, 'audit-log-phone');
    await owner.page.setViewportSize(DESKTOP);
  });

  async function orgID(): Promise<string> {
    const res = await owner.page.request.post('/graphql', {
      headers: { 'Content-Type': 'application/json', Origin: world.roster.url },
      data: { query: `query($s: String!) { organization(slug: $s) { id } }`, variables: { s: org.slug } },
    });
    return ((await res.json()) as { data: { organization: { id: string } } }).data.organization.id;
  }
});
