// Page objects for the signed-in portal: the shell, Members, and
// Settings → Organization.
import type { Locator, Page } from 'playwright-core';

export class AppShell {
  constructor(readonly page: Page) {}
  nav() {
    return this.page.getByRole('navigation', { name: 'Main navigation' });
  }
  async openNavIfCollapsed() {
    const burger = this.page.getByRole('button', { name: 'Open navigation' });
    if (await burger.isVisible()) await burger.click();
  }
  async goToMembers() {
    await this.openNavIfCollapsed();
    await this.nav().getByRole('link', { name: 'Members', exact: true }).click();
    await this.page.getByRole('heading', { name: 'Members', level: 1, exact: true }).waitFor();
  }
  async goToOrganizationSettings() {
    await this.openNavIfCollapsed();
    const org = this.nav().getByRole('link', { name: 'Organization', exact: true });
    if (!(await org.isVisible())) await this.nav().getByRole('button', { name: 'Settings' }).click();
    await org.click();
    await this.page.getByRole('heading', { name: 'Organization', level: 1, exact: true }).waitFor();
  }
  async switchOrganization(name: string) {
    await this.openNavIfCollapsed();
    await this.nav().getByRole('button', { name: /switch organization/i }).click();
    await this.page.getByRole('menuitem', { name: new RegExp(name) }).click();
  }
  async openAccount() {
    await this.page.getByRole('button', { name: /^Account:/ }).click();
    await this.page.getByRole('menuitem', { name: 'Account' }).click();
    await this.page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
  }
  async signOut() {
    await this.page.getByRole('button', { name: /^Account:/ }).click();
    await this.page.getByRole('menuitem', { name: 'Sign out' }).click();
    await this.page.getByRole('heading', { name: 'Sign in' }).waitFor();
  }
  notification(text: string | RegExp): Locator {
    return this.page.locator('.mantine-Notification-root').filter({ hasText: text });
  }
}

/** The Account page: name, password, sign out everywhere. */
export class AccountPage {
  constructor(readonly page: Page) {}
  async saveName(name: string) {
    await this.page.getByLabel('Name').fill(name);
    await this.page.getByRole('button', { name: 'Save name' }).click();
  }
  async changePassword(current: string, next: string) {
    await this.page.getByLabel(/^Current password/).fill(current);
    await this.page.getByLabel(/^New password/).fill(next);
    await this.page.getByLabel(/^Repeat the new password/).fill(next);
    await this.page.getByRole('button', { name: 'Change password' }).click();
  }
  async signOutEverywhere() {
    await this.page.getByRole('region', { name: 'Sessions' }).getByRole('button', { name: 'Sign out everywhere' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Sign out everywhere?' });
    await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
    await this.page.getByRole('heading', { name: 'Sign in' }).waitFor();
  }
}

export class CreateOrganizationPage {
  constructor(readonly page: Page) {}
  async create(name: string, slug?: string) {
    await this.page.getByLabel('Organization name').fill(name);
    if (slug) await this.page.getByLabel('URL name (slug)').fill(slug);
    await this.page.getByRole('button', { name: 'Create organization' }).click();
    await this.page.getByRole('heading', { name: 'Members', level: 1, exact: true }).waitFor();
  }
}

export class MembersPage {
  constructor(readonly page: Page) {}
  async open(slug: string) {
    await this.page.goto(`/orgs/${slug}/members`);
    await this.page.getByRole('heading', { name: 'Members', level: 1, exact: true }).waitFor();
  }
  /** The list: a table, or cards at phone width; either way one element a row with data-email. */
  table() {
    return this.page.getByTestId('member-list');
  }
  row(email: string): Locator {
    return this.table().locator(`[data-email="${email.toLowerCase()}"]`);
  }
  async waitForRow(email: string) {
    await this.row(email).waitFor();
    return this.row(email);
  }
  async status(email: string): Promise<string> {
    return (await this.row(email).locator('.mantine-Badge-root').last().innerText()).trim();
  }
  seatUsage() {
    return this.page.getByTestId('seat-usage-compact');
  }
  inviteButton() {
    return this.page.getByRole('button', { name: 'Invite Member' });
  }
  bulkButton() {
    return this.page.getByRole('button', { name: 'Bulk Invite' });
  }
  async openInviteDialog() {
    await this.inviteButton().click();
    return this.page.getByRole('dialog', { name: 'Invite Member' });
  }
  async invite(email: string, role: 'Admin' | 'Member' = 'Member') {
    const dialog = await this.openInviteDialog();
    await dialog.getByLabel('Email address').fill(email);
    await dialog.getByRole('radio', { name: new RegExp(`^${role}`) }).check();
    await dialog.getByRole('button', { name: 'Send Invitation' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await this.waitForRow(email);
  }
  async openBulkDialog() {
    await this.bulkButton().click();
    return this.page.getByRole('dialog', { name: 'Bulk Invite' });
  }
  async fillBulk(dialog: Locator, text: string, role: 'Admin' | 'Member' = 'Member') {
    await dialog.getByLabel('Email addresses').fill(text);
    if (role !== 'Member') {
      await dialog.getByRole('textbox', { name: 'Default role' }).click();
      await this.page.getByRole('option', { name: role }).click();
    }
  }
  async resend(email: string) {
    await this.row(email).getByRole('button', { name: `Resend Invitation to ${email}` }).click();
  }
  async cancel(email: string) {
    await this.row(email).getByRole('button', { name: `Cancel invitation for ${email}` }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Cancel this invitation?' });
    await dialog.waitFor();
    return dialog;
  }
  async remove(name: string) {
    await this.table().getByRole('button', { name: `Remove ${name}` }).click();
    const dialog = this.page.getByRole('dialog', { name: `Remove ${name}?` });
    await dialog.waitFor();
    return dialog;
  }
  async changeRole(name: string, role: 'Admin' | 'Member') {
    await this.table().getByRole('textbox', { name: `Role of ${name}` }).click();
    await this.page.getByRole('option', { name: role }).click();
  }
  async search(text: string) {
    await this.page.getByRole('textbox', { name: 'Search' }).fill(text);
  }
  async filter(label: 'Role' | 'Status', option: string) {
    await this.page.getByRole('textbox', { name: label, exact: true }).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }
  rows() {
    return this.table().locator('[data-email]');
  }
}

export class OrganizationSettingsPage {
  constructor(readonly page: Page) {}
  async open(slug: string) {
    await this.page.goto(`/orgs/${slug}/settings/organization`);
    await this.page.getByRole('heading', { name: 'Organization', level: 1, exact: true }).waitFor();
  }
  seatUsageSection() {
    return this.page.getByRole('region', { name: 'Seat Usage' });
  }
  seatUsage() {
    return this.page.getByTestId('seat-usage');
  }
  async setSeatLimit(n: number) {
    const input = this.page.getByLabel('Seat limit');
    await input.fill(String(n));
    await this.page.getByRole('button', { name: 'Update seat limit' }).click();
  }
  async transferOwnershipTo(search: string, optionText: RegExp) {
    const select = this.page.getByRole('textbox', { name: 'New owner' });
    await select.click();
    await select.fill(search);
    await this.page.getByRole('option', { name: optionText }).click();
    await this.page.getByRole('button', { name: 'Transfer ownership' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Transfer ownership?' });
    await dialog.getByRole('button', { name: 'Transfer ownership' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }
  async openDeleteDialog() {
    await this.page.getByRole('button', { name: 'Delete organization' }).click();
    return this.page.getByRole('dialog', { name: /^Delete / });
  }
}

/** Settings → Domains: adding, the TXT record, verifying, auto-join, removal. */
export class DomainsPage {
  constructor(readonly page: Page) {}
  async open() {
    const shell = new AppShell(this.page);
    await shell.openNavIfCollapsed();
    const link = shell.nav().getByRole('link', { name: 'Domains', exact: true });
    if (!(await link.isVisible())) await shell.nav().getByRole('button', { name: 'Settings' }).click();
    await link.click();
    await this.page.getByRole('heading', { name: 'Domains', level: 1, exact: true }).waitFor();
  }
  async add(domain: string) {
    await this.page.getByLabel('Domain', { exact: true }).fill(domain);
    await this.page.getByRole('button', { name: 'Add domain' }).click();
  }
  card(domain: string): Locator {
    return this.page.getByRole('article', { name: domain, exact: true });
  }
  async status(domain: string): Promise<string> {
    return (await this.card(domain).getByTestId('domain-status').innerText()).trim();
  }
  /** The TXT record's name and value as the card shows them. */
  async record(domain: string): Promise<{ name: string; value: string }> {
    const codes = this.card(domain).locator('pre');
    return { name: (await codes.nth(0).innerText()).trim(), value: (await codes.nth(1).innerText()).trim() };
  }
  async verify(domain: string) {
    await this.card(domain).getByRole('button', { name: `Verify domain ${domain}` }).click();
  }
  autoJoin(domain: string): Locator {
    return this.card(domain).getByRole('switch', { name: 'Auto-join' });
  }
  async remove(domain: string) {
    await this.card(domain).getByRole('button', { name: `Remove domain ${domain}` }).click();
    const dialog = this.page.getByRole('dialog', { name: `Remove ${domain}?` });
    await dialog.waitFor();
    return dialog;
  }
}

/** Developers: API keys, OAuth clients and webhooks, secrets shown once. */
export class DevelopersPage {
  constructor(readonly page: Page) {}
  async open(slug: string) {
    await this.page.goto(`/orgs/${slug}/developers`);
    await this.page.getByRole('heading', { name: 'API keys', exact: true }).waitFor();
  }
  /** Creates a key and returns its secret, read from the dialog that shows it once. */
  async createKey(name: string): Promise<string> {
    const form = this.page.getByRole('form', { name: 'Create API key' });
    await form.getByLabel('API key name').fill(name);
    await form.getByRole('button', { name: 'Create API key' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Your new API key' });
    return (await dialog.getByTestId('secret').textContent())?.trim() ?? '';
  }
  secretDialog() {
    return this.page.getByRole('dialog');
  }
  async revokeKey(name: string) {
    await this.page.getByRole('button', { name: `Revoke ${name}` }).click();
    await this.page.getByRole('dialog', { name: 'Revoke API key' }).getByRole('button', { name: 'Revoke key' }).click();
  }
  async createWebhook(url: string): Promise<string> {
    const form = this.page.getByRole('form', { name: 'Create webhook' });
    await form.getByLabel('Endpoint URL').fill(url);
    await form.getByRole('button', { name: 'Create webhook' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Your webhook signing secret' });
    return (await dialog.getByTestId('secret').textContent())?.trim() ?? '';
  }
}

/** The audit log, its action filter and its CSV. */
export class AuditLogPage {
  constructor(readonly page: Page) {}
  async open(slug: string) {
    await this.page.goto(`/orgs/${slug}/audit-log`);
    await this.page.getByRole('heading', { name: 'Audit log' }).waitFor();
  }
  rows() {
    return this.page.getByRole('table', { name: 'Audit events' }).locator('tbody tr');
  }
  async filter(action: string) {
    await this.page.getByRole('textbox', { name: 'Action' }).click();
    await this.page.getByRole('option', { name: action, exact: true }).click();
  }
}
