// Live organization: two people in two browsers. Changes one makes show on
// the other's open page (the seat meter and the member list) without a
// reload, through the organizationChanged subscription; a member who is
// removed is told at once and taken out of the organization.
import { afterAll, describe, expect, it } from 'vitest';
import { email, useWorld, type Person, type World } from '../harness/world';
import { AppShell, MembersPage, OrganizationSettingsPage } from '../pages/AppPages';
import { invitedMember, LIVE_MS, markPage, notReloaded, ownerOf } from '../pages/flows';

describe('live organization', () => {
  let world: World;
  let owner: Person;
  let admin: Person;
  const org = { name: 'Acme Live', slug: 'acme-live' };
  const adminEmail = email('adam');
  const timings: string[] = [];

  async function timed(label: string, wait: () => Promise<unknown>) {
    const start = Date.now();
    await wait();
    timings.push(`${label}: ${Date.now() - start} ms`);
  }

  useWorld('live', { env: { ROSTER_DEFAULT_SEAT_LIMIT: '5' } }, async (w) => {
    world = w;
    owner = await ownerOf(world, org, { name: 'Olivia Owner', email: email('owner') });
    admin = await invitedMember(world, owner, org, { name: 'Adam Admin', email: adminEmail }, 'Admin');
  });
  afterAll(() => {
    if (timings.length) console.log(`live: ${timings.join(', ')}`);
  });

  it('shows an invitation made in another browser on the owner’s Members page, without a reload', async () => {
    const ownerMembers = new MembersPage(owner.page);
    await ownerMembers.open(org.slug);
    await expect.poll(() => ownerMembers.seatUsage().innerText()).toBe('2/5');
    await markPage(owner.page);

    const adminMembers = new MembersPage(admin.page);
    const newcomer = email('nina');
    await adminMembers.invite(newcomer);
    await timed('invitation on the owner’s list', () => ownerMembers.row(newcomer).waitFor({ timeout: LIVE_MS }));
    await expect.poll(() => ownerMembers.seatUsage().innerText(), { timeout: LIVE_MS }).toBe('3/5');
    expect(await ownerMembers.status(newcomer)).toBe('Pending');
    expect(await notReloaded(owner.page)).toBe(true);
    await world.snap(owner.page, 'owner-sees-invitation-live');

    // Canceled in the other browser: gone from the owner's list, seat freed.
    const dialog = await adminMembers.cancel(newcomer);
    await dialog.getByRole('button', { name: 'Cancel invitation' }).click();
    await new AppShell(admin.page).notification('Invitation canceled').waitFor();
    await timed('cancellation on the owner’s list', () => ownerMembers.row(newcomer).waitFor({ state: 'detached', timeout: LIVE_MS }));
    await expect.poll(() => ownerMembers.seatUsage().innerText(), { timeout: LIVE_MS }).toBe('2/5');
    expect(await notReloaded(owner.page)).toBe(true);
  });

  it('shows the owner’s new seat limit in Seat Usage on an admin’s open Settings page', async () => {
    const adminSettings = new OrganizationSettingsPage(admin.page);
    await adminSettings.open(org.slug);
    expect(await adminSettings.seatUsage().innerText()).toBe('2/5');
    await markPage(admin.page);

    const ownerSettings = new OrganizationSettingsPage(owner.page);
    await ownerSettings.open(org.slug);
    await ownerSettings.setSeatLimit(8);
    await new AppShell(owner.page).notification('Seat limit updated').waitFor();
    await timed('seat limit on the admin’s settings', () => expect.poll(() => adminSettings.seatUsage().innerText(), { timeout: LIVE_MS }).toBe('2/8'));
    expect(await notReloaded(admin.page)).toBe(true);
    await world.snap(admin.page, 'admin-sees-seat-limit-live');
  });

  it('takes a removed admin out of the organization, with a notice, while their page is open', async () => {
    const ownerMembers = new MembersPage(owner.page);
    await ownerMembers.open(org.slug);
    const dialog = await ownerMembers.remove('Adam Admin');
    await dialog.getByRole('button', { name: 'Remove member' }).click();
    await new AppShell(owner.page).notification('Member removed').waitFor();
    await expect.poll(() => ownerMembers.seatUsage().innerText()).toBe('1/8');

    // The admin still had Settings → Organization open.
    await timed('lost access on the admin’s page', () =>
      new AppShell(admin.page).notification(`You no longer have access to ${org.name}.`).waitFor({ timeout: LIVE_MS }),
    );
    await admin.page.getByRole('heading', { name: /^Welcome/ }).waitFor();
    expect(new URL(admin.page.url()).pathname).toBe('/');
    expect(await notReloaded(admin.page)).toBe(true);
    await world.snap(admin.page, 'removed-admin-lost-access');
    await world.expectAccessible(admin.page, 'removed-admin-lost-access');
  });
});
