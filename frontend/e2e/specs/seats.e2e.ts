// Seat limits: "used/total" on Settings → Organization, no new invitations
// when full, and the upgrade prompt (owner: raise the limit; others: ask).
import { describe, expect, it } from 'vitest';
import { email, useWorld, type Person, type World } from '../harness/world';
import { AppShell, MembersPage, OrganizationSettingsPage } from '../pages/AppPages';
import { invitedMember, ownerOf } from '../pages/flows';

describe('seats', () => {
  let world: World;
  let owner: Person;
  let admin: Person;
  const org = { name: 'Acme Seats', slug: 'acme-seats' };
  const adminEmail = email('adam');

  useWorld('seats', { env: { ROSTER_DEFAULT_SEAT_LIMIT: '3' } }, async (w) => {
    world = w;
    owner = await ownerOf(world, org, { name: 'Olivia Owner', email: email('owner') });
    admin = await invitedMember(world, owner, org, { name: 'Adam Admin', email: adminEmail }, 'Admin');
  });

  it('shows used/total in Seat Usage', async () => {
    const settings = new OrganizationSettingsPage(owner.page);
    await settings.open(org.slug);
    expect(await settings.seatUsage().innerText()).toBe('2/3');
  });

  it('pauses inviting when the last seat is taken, and prompts to upgrade', async () => {
    const members = new MembersPage(owner.page);
    await members.open(org.slug);
    await members.invite(email('last'));
    await expect.poll(() => members.seatUsage().innerText()).toBe('3/3');
    await expect.poll(() => members.inviteButton().isDisabled()).toBe(true);
    expect(await members.bulkButton().isDisabled()).toBe(true);
    await owner.page.getByText('Inviting is paused: all 3 seats are in use.').waitFor();
    const prompt = owner.page.getByTestId('seats-full');
    expect(await prompt.innerText()).toMatch(/All 3 seats are in use/);
    await prompt.getByRole('link', { name: 'Upgrade to more seats' }).waitFor();
    await world.snap(owner.page, 'members-seats-full-owner');
    await world.expectAccessible(owner.page, 'members-seats-full');

    const adminMembers = new MembersPage(admin.page);
    await adminMembers.open(org.slug);
    await admin.page.getByText('Ask the owner to upgrade to more seats').waitFor();
    expect(await adminMembers.inviteButton().isDisabled()).toBe(true);
    await world.snap(admin.page, 'members-seats-full-admin');
  });

  it('lets the owner raise the limit from the prompt, never below used', async () => {
    await owner.page.getByRole('link', { name: 'Upgrade to more seats' }).click();
    const settings = new OrganizationSettingsPage(owner.page);
    await owner.page.getByRole('heading', { name: 'Organization', level: 1, exact: true }).waitFor();
    expect(await settings.seatUsage().innerText()).toBe('3/3');
    await world.snap(owner.page, 'settings-seats-full');
    await world.expectAccessible(owner.page, 'settings-seats-full');

    await settings.setSeatLimit(2);
    await owner.page.getByText('At least 3: that many seats are in use').waitFor();
    await settings.setSeatLimit(5);
    await new AppShell(owner.page).notification('Seat limit updated').waitFor();
    await expect.poll(() => settings.seatUsage().innerText()).toBe('3/5');
    await world.snap(owner.page, 'settings-seats-raised');

    const members = new MembersPage(owner.page);
    await members.open(org.slug);
    expect(await members.inviteButton().isDisabled()).toBe(false);
    expect(await owner.page.getByTestId('seats-full').count()).toBe(0);
  });

  it('does not offer the seat limit to an admin', async () => {
    const settings = new OrganizationSettingsPage(admin.page);
    await settings.open(org.slug);
    expect(await settings.seatUsage().innerText()).toBe('3/5');
    expect(await admin.page.getByLabel('Seat limit').count()).toBe(0);
    expect(await admin.page.getByRole('button', { name: 'Delete organization' }).count()).toBe(0);
    await world.snap(admin.page, 'settings-as-admin');
    await world.expectAccessible(admin.page, 'settings-as-admin');
  });
});
