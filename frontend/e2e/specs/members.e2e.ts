// Managing members: roles (a demoted admin's controls go at once, live),
// removal with confirmation, leaving, search and filters, sorting, paging
// through a long list, and exporting it as CSV.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { email, useWorld, type Person, type World } from '../harness/world';
import { AccountPage, AppShell, MembersPage, OrganizationSettingsPage } from '../pages/AppPages';
import { invitedMember, LIVE_MS, markPage, notReloaded, ownerOf } from '../pages/flows';

describe('members', () => {
  let world: World;
  let owner: Person;
  let admin: Person;
  let member: Person;
  const ownerEmail = email('owner');
  const adminEmail = email('adam');
  const memberEmail = email('mia');
  const org = { name: 'Acme Members', slug: 'acme-members' };

  useWorld('members', {}, async (w) => {
    world = w;
    owner = await ownerOf(world, org, { name: 'Olivia Owner', email: ownerEmail });
    admin = await invitedMember(world, owner, org, { name: 'Adam Admin', email: adminEmail }, 'Admin');
    member = await invitedMember(world, owner, org, { name: 'Mia Member', email: memberEmail }, 'Member');
  });

  it('shows a member the list without management controls', async () => {
    const members = new MembersPage(member.page);
    await members.open(org.slug);
    await members.waitForRow(ownerEmail);
    expect(await members.inviteButton().count()).toBe(0);
    expect(await members.bulkButton().count()).toBe(0);
    expect(await members.table().getByRole('button', { name: /^Remove / }).count()).toBe(0);
    expect(await members.row(memberEmail).getByRole('button', { name: 'Leave organization' }).count()).toBe(1);
    await world.snap(member.page, 'members-as-member');
    await world.expectAccessible(member.page, 'members-as-member');
  });

  it('lets an admin manage members but not the owner', async () => {
    const members = new MembersPage(admin.page);
    await members.open(org.slug);
    await members.waitForRow(memberEmail);
    expect(await members.table().getByRole('button', { name: 'Remove Mia Member' }).count()).toBe(1);
    expect(await members.table().getByRole('button', { name: 'Remove Olivia Owner' }).count()).toBe(0);
    await world.snap(admin.page, 'members-as-admin');
  });

  it('lets the owner change a role; the change shows for everyone', async () => {
    const members = new MembersPage(owner.page);
    await members.open(org.slug);
    await members.changeRole('Mia Member', 'Admin');
    await new AppShell(owner.page).notification('Mia Member is now an Admin').waitFor();
    await world.snap(owner.page, 'role-changed');
    await members.changeRole('Mia Member', 'Member');
    await new AppShell(owner.page).notification('Mia Member is now a Member').waitFor();
  });

  it('takes a demoted admin’s controls away on their open page, and their seat meter follows the owner’s invitations', async () => {
    const adminMembers = new MembersPage(admin.page);
    await adminMembers.open(org.slug);
    await adminMembers.waitForRow(memberEmail);
    const removeMia = adminMembers.table().getByRole('button', { name: 'Remove Mia Member' });
    const roleOfMia = adminMembers.table().getByRole('textbox', { name: 'Role of Mia Member' });
    await adminMembers.inviteButton().waitFor();
    expect(await adminMembers.bulkButton().count()).toBe(1);
    expect(await removeMia.count()).toBe(1);
    expect(await roleOfMia.count()).toBe(1);
    await markPage(admin.page);

    // The owner, in another browser, makes Adam a Member.
    const ownerMembers = new MembersPage(owner.page);
    await ownerMembers.open(org.slug);
    await ownerMembers.changeRole('Adam Admin', 'Member');
    await new AppShell(owner.page).notification('Adam Admin is now a Member').waitFor();

    await adminMembers.inviteButton().waitFor({ state: 'detached', timeout: LIVE_MS });
    await removeMia.waitFor({ state: 'detached', timeout: LIVE_MS });
    await roleOfMia.waitFor({ state: 'detached', timeout: LIVE_MS });
    expect(await adminMembers.bulkButton().count()).toBe(0);
    expect(await adminMembers.table().getByRole('button', { name: /^Remove / }).count()).toBe(0);
    expect(await adminMembers.table().getByRole('textbox', { name: /^Role of / }).count()).toBe(0);
    expect(await adminMembers.row(adminEmail).getByRole('button', { name: 'Leave organization' }).count()).toBe(1);
    expect(await notReloaded(admin.page)).toBe(true);
    await world.snap(admin.page, 'demoted-admin-live');
    await world.expectAccessible(admin.page, 'demoted-admin-live');

    // The owner invites: the former admin's seat meter and list follow, with no controls on the invitation.
    const [used = 0, total = 0] = (await adminMembers.seatUsage().innerText()).split('/').map(Number);
    const newcomer = email('nora');
    await ownerMembers.invite(newcomer);
    await expect.poll(() => adminMembers.seatUsage().innerText(), { timeout: LIVE_MS }).toBe(`${used + 1}/${total}`);
    await adminMembers.row(newcomer).waitFor({ timeout: LIVE_MS });
    expect(await adminMembers.row(newcomer).getByRole('button').count()).toBe(0);
    const dialog = await ownerMembers.cancel(newcomer);
    await dialog.getByRole('button', { name: 'Cancel invitation' }).click();
    await new AppShell(owner.page).notification('Invitation canceled').waitFor();
    await expect.poll(() => adminMembers.seatUsage().innerText(), { timeout: LIVE_MS }).toBe(`${used}/${total}`);
    await adminMembers.row(newcomer).waitFor({ state: 'detached', timeout: LIVE_MS });

    // Made an Admin again: the controls come back, still without a reload.
    await ownerMembers.changeRole('Adam Admin', 'Admin');
    const promoted = new AppShell(owner.page).notification('Adam Admin is now an Admin');
    await promoted.waitFor();
    await adminMembers.inviteButton().waitFor({ timeout: LIVE_MS });
    await removeMia.waitFor({ timeout: LIVE_MS });
    expect(await notReloaded(admin.page)).toBe(true);
    // Gone before the next step's dialog (axe reads a fading notice behind its overlay).
    await promoted.waitFor({ state: 'detached' });
  });

  it('searches and filters by role and status', async () => {
    const members = new MembersPage(owner.page);
    const pendingEmail = email('pending');
    await members.invite(pendingEmail);
    await members.search('adam');
    await expect.poll(() => members.rows().count()).toBe(1);
    expect(await members.rows().first().getAttribute('data-email')).toBe(adminEmail.toLowerCase());
    await members.search('');
    await members.filter('Status', 'Pending');
    await expect.poll(() => members.rows().count()).toBe(1);
    expect(await members.status(pendingEmail)).toBe('Pending');
    await members.filter('Status', 'Active');
    await expect.poll(() => members.rows().count()).toBe(3);
    await members.filter('Role', 'Admin');
    await expect.poll(() => members.rows().count()).toBe(1);
    await world.snap(owner.page, 'members-filtered');
    await members.filter('Role', 'All roles');
    await members.filter('Status', 'Active and pending');
    await expect.poll(() => members.rows().count()).toBe(4);
  });

  it('sorts members by the column headers, on the server, keeping the filters', async () => {
    const members = new MembersPage(owner.page);
    await members.open(org.slug);
    await members.filter('Status', 'Active');
    await expect.poll(() => members.rows().count()).toBe(3);
    const order = () => members.rows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-email')));
    const header = (name: string) => owner.page.getByRole('columnheader', { name });
    // Newest first until a header is chosen.
    expect(await header('Join date').getAttribute('aria-sort')).toBe('descending');
    expect(await order()).toEqual([memberEmail, adminEmail, ownerEmail].map((e) => e.toLowerCase()));

    await header('Name').getByRole('button').click();
    await expect.poll(order).toEqual([adminEmail, memberEmail, ownerEmail].map((e) => e.toLowerCase()));
    expect(await header('Name').getAttribute('aria-sort')).toBe('ascending');
    expect(await header('Join date').getAttribute('aria-sort')).toBeNull();
    await header('Name').getByRole('button').click();
    await expect.poll(order).toEqual([ownerEmail, memberEmail, adminEmail].map((e) => e.toLowerCase()));
    expect(await header('Name').getAttribute('aria-sort')).toBe('descending');

    // By rank: Owner, Admin, Member; the role filter still applies.
    await header('Role').getByRole('button').click();
    await expect.poll(order).toEqual([ownerEmail, adminEmail, memberEmail].map((e) => e.toLowerCase()));
    await members.filter('Role', 'Member');
    await expect.poll(order).toEqual([memberEmail.toLowerCase()]);
    expect(await header('Role').getAttribute('aria-sort')).toBe('ascending');
    await members.filter('Role', 'All roles');

    // Everyone here has used Roster today: "Last active" shows the day, not "Never".
    const today = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date());
    const lastActive = members.row(memberEmail).getByRole('cell').nth(4);
    expect(await owner.page.getByRole('columnheader').nth(4).innerText()).toBe('Last active');
    expect(await lastActive.innerText()).toBe(today);
    await header('Last active').getByRole('button').click();
    expect(await header('Last active').getAttribute('aria-sort')).toBe('ascending');
    await world.snap(owner.page, 'members-sorted');
    await world.expectAccessible(owner.page, 'members-sorted');
    await members.filter('Status', 'Active and pending');
  });

  it('removes a member after confirmation, freeing the seat', async () => {
    const members = new MembersPage(owner.page);
    const before = await members.seatUsage().innerText();
    const dialog = await members.remove('Mia Member');
    await world.snap(owner.page, 'remove-member-confirm');
    await world.expectAccessible(owner.page, 'remove-member-confirm');
    await dialog.getByRole('button', { name: 'Remove member' }).click();
    await new AppShell(owner.page).notification('Member removed').waitFor();
    await members.row(memberEmail).waitFor({ state: 'detached' });
    const [used, total] = before.split('/').map(Number);
    await expect.poll(() => members.seatUsage().innerText()).toBe(`${(used ?? 0) - 1}/${total}`);

    // Mia loses access at once.
    await member.page.goto(`/orgs/${org.slug}/members`);
    await member.page.getByRole('heading', { name: 'Organization not found' }).waitFor();
    await world.snap(member.page, 'removed-member-view');
  });

  it('lets an admin leave the organization', async () => {
    const members = new MembersPage(admin.page);
    await members.open(org.slug);
    await members.row(adminEmail).getByRole('button', { name: 'Leave organization' }).click();
    const dialog = admin.page.getByRole('dialog', { name: `Leave ${org.name}?` });
    await dialog.getByRole('button', { name: 'Leave organization' }).click();
    await new AppShell(admin.page).notification('Left organization').waitFor();
    await admin.page.getByRole('heading', { name: /Welcome/ }).waitFor();
  });

  it('pages through a long list with cursors', async () => {
    const settings = new OrganizationSettingsPage(owner.page);
    await settings.open(org.slug);
    await settings.setSeatLimit(200);
    await new AppShell(owner.page).notification('Seat limit updated').waitFor();
    const members = new MembersPage(owner.page);
    await members.open(org.slug);
    const batch = Array.from({ length: 70 }, (_, i) => `page${String(i).padStart(2, '0')}.${Date.now().toString(36)}@example.com`);
    const dialog = await members.openBulkDialog();
    await members.fillBulk(dialog, batch.join('\n'));
    await dialog.getByRole('button', { name: 'Send Invitations' }).click();
    await dialog.getByText('Sent 70 invitations').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();

    // Every seat in use is a row (active members and pending invitations): 50 a page.
    await expect.poll(() => members.seatUsage().innerText()).toMatch(/^\d+\/200$/);
    const rowsTotal = Number((await members.seatUsage().innerText()).split('/')[0]);
    expect(rowsTotal).toBeGreaterThan(70);
    await expect.poll(() => members.rows().count()).toBe(50);
    const firstPage = await members.rows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-email')));
    await owner.page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => members.rows().count()).toBe(rowsTotal - 50);
    const secondPage = await members.rows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-email')));
    expect(new Set([...firstPage, ...secondPage]).size).toBe(rowsTotal);
    expect(await owner.page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    expect(secondPage).toContain(ownerEmail.toLowerCase());
    await world.snap(owner.page, 'members-page-two');
    await owner.page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(() => members.rows().count()).toBe(50);
  });

  it('exports every member and pending invitation as CSV, a formula-looking name neutralised', async () => {
    // A name a spreadsheet would run as a formula.
    const formula = '=HYPERLINK("https://evil.example","Olivia")';
    await owner.page.goto('/account');
    await new AccountPage(owner.page).saveName(formula);
    await new AppShell(owner.page).notification('Profile updated').waitFor();

    const members = new MembersPage(owner.page);
    await members.open(org.slug);
    const used = Number((await members.seatUsage().innerText()).split('/')[0]);
    const [download] = await Promise.all([owner.page.waitForEvent('download'), owner.page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^members-${org.slug}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const text = readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '');
    const [head, ...rows] = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
    expect(head).toEqual(['Name', 'Email', 'Role', 'Status', 'Joined or invited', 'Invited by']);
    // Every seat in use is a row: the active members and the pending invitations, more than one page of the list.
    expect(rows).toHaveLength(used);
    expect(used).toBeGreaterThan(70);
    expect(new Set(rows.map((r) => r[1])).size).toBe(used);
    expect(rows.filter((r) => r[3] === 'Pending' && /^page\d\d\./.test(r[1] ?? ''))).toHaveLength(70);
    const me = rows.find((r) => r[1] === ownerEmail);
    expect(me?.slice(0, 4)).toEqual([`'${formula}`, me?.[1], 'Owner', 'Active']);
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@]/);
    await new AppShell(owner.page).notification('Member list exported').waitFor();
  });
});
