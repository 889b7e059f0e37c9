// Invitation history on Members: an invitation that expired is listed under
// "Expired invitations" and resent from there (a new link and a new expiry,
// taking a seat again, refused with the guide's three options when the
// seats are full); the invitee's page for an old link says to check spam.
// Invitations here last 4 seconds (ROSTER_INVITATION_TTL), so one expires
// without moving any clock.
import { describe, expect, it } from 'vitest';
import { invitationLink } from '../harness/mail';
import { email, PHONE, useWorld, type Person, type World } from '../harness/world';
import { AppShell, MembersPage, OrganizationSettingsPage } from '../pages/AppPages';
import { ownerOf } from '../pages/flows';

const TTL_MS = 4_000;

describe('invitation history', () => {
  let world: World;
  let owner: Person;
  const org = { name: 'Acme History', slug: 'acme-history' };
  const lateEmail = email('late');
  let firstLink = '';

  useWorld('invitation-history', { env: { ROSTER_INVITATION_TTL: `${TTL_MS / 1000}s` } }, async (w) => {
    world = w;
    owner = await ownerOf(world, org, { name: 'Olivia Owner', email: email('owner') });
  });

  /** Until the server counts the invitation as expired (a few seconds after it was sent). */
  const untilExpired = async (p: Person, to: string) => {
    await expect
      .poll(
        () =>
          p.page.evaluate(
            async ([slug, address]) => {
              const r = await fetch('/graphql', {
                method: 'POST',
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify({
                  query: 'query($s: String!, $q: String) { organization(slug: $s) { invitations(status: EXPIRED, search: $q) { totalCount } } }',
                  variables: { s: slug, q: address },
                }),
              });
              const body = (await r.json()) as { data?: { organization?: { invitations?: { totalCount: number } } } };
              return body.data?.organization?.invitations?.totalCount ?? -1;
            },
            [org.slug, to] as const,
          ),
        { timeout: TTL_MS + 10_000, interval: 250 },
      )
      .toBe(1);
  };

  it('lists an expired invitation under Expired, and the invitee’s page says so', async () => {
    const members = new MembersPage(owner.page);
    await members.invite(lateEmail);
    // Pending: how often it was sent, and the guide's "check spam".
    const row = members.row(lateEmail);
    expect(await row.innerText()).toMatch(/Sent once, last on/);
    expect(await row.innerText()).toMatch(/check spam\/junk folders/);
    firstLink = await invitationLink(world.mail, lateEmail);

    await untilExpired(owner, lateEmail);
    await members.filter('Status', 'Expired invitations');
    await members.waitForRow(lateEmail);
    expect(await members.status(lateEmail)).toBe('Expired');
    expect(await members.rows().count()).toBe(1);
    await world.snap(owner.page, 'invitations-expired');
    await world.expectAccessible(owner.page, 'invitations-expired');

    const invitee = await world.person({ viewport: PHONE });
    await invitee.page.goto(firstLink);
    await invitee.page.getByRole('heading', { name: 'This invitation has expired' }).waitFor();
    await invitee.page.getByText(/check your spam\/junk folders/).waitFor();
    await world.snap(invitee.page, 'invitation-expired-invitee');
    await world.expectAccessible(invitee.page, 'invitation-expired-invitee');
    await invitee.context.close();
  });

  it('refuses to resend when the seats are full, with the guide’s options', async () => {
    // The expired invitation holds no seat: the owner alone uses the one seat left.
    const settings = new OrganizationSettingsPage(owner.page);
    await settings.open(org.slug);
    await settings.setSeatLimit(1);
    await new AppShell(owner.page).notification('Seat limit updated').waitFor();

    const members = new MembersPage(owner.page);
    await members.open(org.slug);
    await members.filter('Status', 'Expired invitations');
    await members.waitForRow(lateEmail);
    const sent = world.mail.count(lateEmail);
    await members.resend(lateEmail);
    const refused = new AppShell(owner.page).notification('No seat for this invitation');
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(/remove inactive members, cancel pending invitations, or upgrade to more seats/);
    await owner.page.getByTestId('seats-full').waitFor();
    expect(world.mail.count(lateEmail)).toBe(sent);
    await world.snap(owner.page, 'resend-expired-seats-full');
  });

  it('resends an expired invitation: a new link, and the old one stops working', async () => {
    const settings = new OrganizationSettingsPage(owner.page);
    await settings.open(org.slug);
    await settings.setSeatLimit(10);
    await new AppShell(owner.page).notification('Seat limit updated').waitFor();

    const members = new MembersPage(owner.page);
    await members.open(org.slug);
    await members.filter('Status', 'Expired invitations');
    await members.waitForRow(lateEmail);
    await members.resend(lateEmail);
    await new AppShell(owner.page).notification('Invitation resent').waitFor();
    const secondLink = await invitationLink(world.mail, lateEmail);
    expect(secondLink).not.toBe(firstLink);

    // The first link was replaced: its page points to the newest email, and to the spam folder.
    const invitee = await world.person();
    await invitee.page.goto(firstLink);
    await invitee.page.getByRole('heading', { name: 'This invitation link is not valid' }).waitFor();
    await invitee.page.getByText(/check your spam\/junk folders/).waitFor();
    await invitee.context.close();
  });
});
