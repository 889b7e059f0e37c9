// Organizations: a second one and the switcher, ownership transfer, and
// deletion after typing the slug.
import { describe, expect, it } from 'vitest';
import { email, useWorld, type Person, type World } from '../harness/world';
import { AppShell, MembersPage, OrganizationSettingsPage } from '../pages/AppPages';
import { createOrganization, invitedMember, ownerOf } from '../pages/flows';

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
});
