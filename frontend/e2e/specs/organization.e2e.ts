// Organizations: a second one and the switcher, ownership transfer,
// deletion after typing the slug, renaming, the seat usage chart, and the
// roles and permissions page.
import { describe, expect, it } from 'vitest';
import { DESKTOP, email, PHONE, useWorld, type Person, type World } from '../harness/world';
import { AppShell, MembersPage, OrganizationSettingsPage } from '../pages/AppPages';
import { createOrganization, invitedMember, LIVE_MS, ownerOf } from '../pages/flows';

describe('organization', () => {
  let world: World;
  let owner: Person;
  let admin: Person;
  const ownerEmail = email('owner');
  const adminEmail = email('adam');
  const first = { name: 'Acme One', slug: 'acme-one' };
  const second = { name: 'Acme Two', slug: 'acme-two' };

  useWorld('organization', {}, async (w) => {
    world = w;
    owner = await ownerOf(world, first, { name: 'Olivia Owner', email: ownerEmail });
    admin = await invitedMember(world, owner, first, { name: 'Adam Admin', email: adminEmail }, 'Admin');
  });

  it('creates a second organization and switches between them', async () => {
    await createOrganization(owner.page, second.name, second.slug);
    const shell = new AppShell(owner.page);
    await shell.nav().getByRole('button', { name: /switch organization/i }).click();
    await world.snap(owner.page, 'organization-switcher');
    await world.expectAccessible(owner.page, 'organization-switcher');
    await owner.page.keyboard.press('Escape');
    await shell.switchOrganization(first.name);
    await owner.page.waitForURL(`**/orgs/${first.slug}/members`);
    await new MembersPage(owner.page).waitForRow(adminEmail);
  });

  it('shows a plain page for an organization one is not in', async () => {
    await admin.page.goto(`/orgs/${second.slug}/members`);
    await admin.page.getByRole('heading', { name: 'Organization not found' }).waitFor();
    await world.snap(admin.page, 'organization-not-found');
  });

  it('transfers ownership; the old owner becomes an Admin', async () => {
    const settings = new OrganizationSettingsPage(owner.page);
    await settings.open(first.slug);
    await settings.transferOwnershipTo('adam', /Adam Admin/);
    await new AppShell(owner.page).notification('Ownership transferred').waitFor();
    await owner.page.getByText('Your role').locator('..').getByText('Admin').waitFor();
    expect(await owner.page.getByRole('button', { name: 'Delete organization' }).count()).toBe(0);
    await world.snap(owner.page, 'ownership-transferred');

    const adminSettings = new OrganizationSettingsPage(admin.page);
    await adminSettings.open(first.slug);
    await admin.page.getByRole('button', { name: 'Delete organization' }).waitFor();
  });

  it('deletes an organization only after the slug is typed', async () => {
    const settings = new OrganizationSettingsPage(owner.page);
    await settings.open(second.slug);
    const dialog = await settings.openDeleteDialog();
    const confirm = dialog.getByRole('button', { name: 'Delete this organization' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Organization slug').fill('acme-wrong');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Organization slug').fill(second.slug);
    await world.snap(owner.page, 'delete-organization-confirm');
    await world.expectAccessible(owner.page, 'delete-organization-confirm');
    await confirm.click();
    await new AppShell(owner.page).notification('Organization deleted').waitFor();
    await owner.page.waitForURL(`**/orgs/${first.slug}/members`);
    await owner.page.goto(`/orgs/${second.slug}/members`);
    await owner.page.getByRole('heading', { name: 'Organization not found' }).waitFor();
  });

  // After the transfer above, Adam owns the first organization and Olivia is an Admin there.
  it('lets the owner rename the organization; the slug stays; others see no form', async () => {
    const settings = new OrganizationSettingsPage(admin.page);
    await settings.open(first.slug);
    const name = admin.page.getByRole('textbox', { name: 'Organization name' });
    await admin.page.getByText(`The URL name (slug) stays “${first.slug}”`).waitFor();
    // The server's message, next to the field.
    await name.fill('x'.repeat(101));
    await admin.page.getByRole('button', { name: 'Rename' }).click();
    await admin.page.getByText('Use at most 100 characters.').waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');

    await name.fill('Acme Uno');
    await admin.page.getByRole('button', { name: 'Rename' }).click();
    await new AppShell(admin.page).notification('Organization renamed').waitFor();
    await admin.page.getByText('Name', { exact: true }).locator('..').getByText('Acme Uno').waitFor();
    expect(new URL(admin.page.url()).pathname).toBe(`/orgs/${first.slug}/settings/organization`);
    await new AppShell(admin.page).nav().getByText('Acme Uno').first().waitFor();
    await world.snap(admin.page, 'organization-renamed');
    await world.expectAccessible(admin.page, 'organization-renamed');

    // The Admin (Olivia since the transfer) sees the new name and no form.
    const ownersView = new OrganizationSettingsPage(owner.page);
    await ownersView.open(first.slug);
    await owner.page.getByText('Name', { exact: true }).locator('..').getByText('Acme Uno').waitFor();
    expect(await owner.page.getByRole('textbox', { name: 'Organization name' }).count()).toBe(0);
  });

  it('charts seat usage over 30 days, today’s point the usage now, at phone width too', async () => {
    const settings = new OrganizationSettingsPage(admin.page);
    await settings.open(first.slug);
    const summary = admin.page.getByTestId('seat-history-summary');
    await expect.poll(() => summary.innerText()).toMatch(/^Today: 2 of 10 seats used \(2 active, 0 pending\)\./);
    await admin.page.getByTestId('seat-history-chart').locator('svg.recharts-surface').first().waitFor();
    // The table for screen readers ends with today.
    const table = admin.page.getByRole('table', { name: 'Seat usage by day' });
    const last = table.locator('tbody tr').last();
    expect(await last.locator('th').innerText()).toMatch(/\(today\)$/);
    expect(await last.locator('td').allInnerTexts()).toEqual(['2', '0', '2', '10']);

    // An invitation sent elsewhere moves today's point on the open page.
    await new MembersPage(owner.page).open(first.slug);
    await new MembersPage(owner.page).invite(email('chart'));
    await expect.poll(() => summary.innerText(), { timeout: LIVE_MS }).toMatch(/^Today: 3 of 10 seats used \(2 active, 1 pending\)\./);
    await world.snap(admin.page, 'seat-usage-chart');
    await world.expectAccessible(admin.page, 'seat-usage-chart');

    await admin.page.setViewportSize(PHONE);
    await admin.page.getByTestId('seat-history-chart').locator('svg.recharts-surface').first().waitFor();
    await world.snap(admin.page, 'seat-usage-chart-phone');
    await world.expectAccessible(admin.page, 'seat-usage-chart-phone');
    await admin.page.setViewportSize(DESKTOP);
  });

  it('shows the guide’s roles table from the server’s policy, the viewer’s role marked', async () => {
    const { page } = owner;
    await page.setViewportSize(PHONE);
    const shell = new AppShell(page);
    await shell.openNavIfCollapsed();
    await shell.nav().getByRole('link', { name: 'Roles and permissions' }).click();
    await page.getByRole('heading', { name: 'Roles and permissions', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: /^Permissions comparison/ });
    const rowOf = async (label: string) => table.getByRole('row', { name: new RegExp(`^${label}`) }).getByRole('cell').allInnerTexts();
    await table.locator('tbody tr').nth(8).waitFor(); // the rows come with the server's answer
    expect(await table.locator('tbody tr').count()).toBe(9);
    expect(await rowOf('Delete organization')).toEqual(['Yes', 'No', 'No']);
    expect(await rowOf('Manage members')).toEqual(['Yes', 'Yes', 'No']);
    expect(await rowOf('Use products')).toEqual(['Yes', 'Yes', 'Yes']);
    // Olivia is an Admin here since the transfer.
    expect(await table.getByRole('columnheader', { name: /Admin/ }).innerText()).toMatch(/You/);
    await page.getByTestId('your-role').getByText(/You are an Admin of Acme Uno/).waitFor();
    await world.snap(page, 'roles-and-permissions-phone');
    await world.expectAccessible(page, 'roles-and-permissions-phone');
    await page.setViewportSize(DESKTOP);
  });
});
