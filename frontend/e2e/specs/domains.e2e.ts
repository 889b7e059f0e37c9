// Verified domains and auto-join (the guide's "Auto-Join via Verified
// Domains"): an owner adds a domain, sees the TXT record, verifies it
// against the suite's own DNS server (a real miekg/dns server on loopback
// that Roster is pointed at with ROSTER_DNS_RESOLVER), switches auto-join
// on; a new user of that domain signs up and lands in the organization.
// Desktop and phone width, with axe checks.
import { describe, expect, it } from 'vitest';
import { PHONE, useWorld, type Person, type World } from '../harness/world';
import { AppShell, DomainsPage, MembersPage } from '../pages/AppPages';
import { SignInPage } from '../pages/AuthPages';
import { ownerOf, signUpVerified } from '../pages/flows';

describe('domains', () => {
  let world: World;
  let owner: Person;
  const run = Date.now().toString(36);
  const domain = `acme-${run}.example.com`;
  const org = { name: 'Acme Domains', slug: `acme-domains-${run}` };
  const ownerEmail = `olivia@${domain}`;

  useWorld('domains', { dns: true }, async (w) => {
    world = w;
    owner = await ownerOf(world, org, { name: 'Olivia Owner', email: ownerEmail });
  });

  it('adds a domain and shows the TXT record to publish', async () => {
    const page = new DomainsPage(owner.page);
    await page.open();
    await page.page.getByText('No domains yet').waitFor();
    await page.add('gmail.com');
    await owner.page.getByText(/public email provider/).waitFor();
    await page.add(`  ${domain.toUpperCase()}. `);
    await page.card(domain).waitFor();
    expect(await page.status(domain)).toBe('Pending');
    const record = await page.record(domain);
    expect(record.name).toBe(`_roster-challenge.${domain}`);
    expect(record.value).toMatch(/^roster-verification=[a-z2-7]{26}$/);
    await expect.poll(() => page.autoJoin(domain).isDisabled()).toBe(true);
    await world.snap(owner.page, 'domain-added');
    await world.expectAccessible(owner.page, 'domain-added');
  });

  it('says which record it looked for when it is missing, and verifies once it is published', async () => {
    const page = new DomainsPage(owner.page);
    const record = await page.record(domain);
    await page.verify(domain);
    const failure = owner.page.getByRole('alert').filter({ hasText: 'Not verified yet' });
    await failure.waitFor();
    expect(await failure.innerText()).toContain(record.name);
    await world.snap(owner.page, 'domain-verification-failed');
    await world.expectAccessible(owner.page, 'domain-verification-failed');

    await world.dns!.setTXT(record.name, 'v=spf1 -all', record.value);
    await page.verify(domain);
    await expect.poll(() => page.status(domain)).toBe('Verified');
    await world.snap(owner.page, 'domain-verified');
  });

  it('switches auto-join on', async () => {
    const page = new DomainsPage(owner.page);
    const toggle = page.autoJoin(domain);
    await expect.poll(() => toggle.isEnabled()).toBe(true);
    await toggle.click({ force: true });
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await owner.page.reload();
    await page.card(domain).waitFor();
    await expect.poll(() => page.autoJoin(domain).isChecked()).toBe(true);
    await world.snap(owner.page, 'domain-auto-join-on');
    await world.expectAccessible(owner.page, 'domain-auto-join-on');
  });

  it('lets a new user of the domain join the organization at sign-up, at phone width', async () => {
    const newcomer = await world.person({ viewport: PHONE });
    const newcomerEmail = `nina@${domain}`;
    await signUpVerified(world, newcomer.page, { name: 'Nina Newcomer', email: newcomerEmail });
    await newcomer.page.getByText(`You joined ${org.name}`).waitFor();
    await world.snap(newcomer.page, 'phone-verified-and-joined');
    await newcomer.page.getByRole('link', { name: 'Continue', exact: true }).click();
    await newcomer.page.waitForURL(`**/orgs/${org.slug}/members`);
    const members = new MembersPage(newcomer.page);
    await members.row(newcomerEmail).waitFor();
    expect(await members.status(newcomerEmail)).toBe('Active');
    await world.snap(newcomer.page, 'phone-auto-joined-members');
    await world.expectAccessible(newcomer.page, 'phone-auto-joined-members');

    // A member sees the domains without the controls.
    const page = new DomainsPage(newcomer.page);
    await page.open();
    await page.card(domain).waitFor();
    expect(await page.status(domain)).toBe('Verified');
    expect(await newcomer.page.getByRole('button', { name: 'Add domain' }).count()).toBe(0);
    await world.snap(newcomer.page, 'phone-domains-member');
    await world.expectAccessible(newcomer.page, 'phone-domains-member');

    // The owner's list shows the new member too.
    await new AppShell(owner.page).goToMembers();
    await new MembersPage(owner.page).waitForRow(newcomerEmail);
  });

  it('manages domains at phone width and removes one after confirmation', async () => {
    const phone = await world.person({ viewport: PHONE });
    const signIn = new SignInPage(phone.page);
    await signIn.open();
    await signIn.signIn(ownerEmail);
    await phone.page.waitForURL(`**/orgs/${org.slug}/**`);
    const page = new DomainsPage(phone.page);
    await page.open();
    await page.add(`other-${run}.example.com`);
    await page.card(`other-${run}.example.com`).waitFor();
    await world.snap(phone.page, 'phone-domains-owner');
    await world.expectAccessible(phone.page, 'phone-domains-owner');

    const dialog = await page.remove(`other-${run}.example.com`);
    await world.snap(phone.page, 'phone-remove-domain');
    await world.expectAccessible(phone.page, 'phone-remove-domain');
    await dialog.getByRole('button', { name: 'Remove domain' }).click();
    await expect.poll(() => page.card(`other-${run}.example.com`).count()).toBe(0);
    expect(await page.card(domain).count()).toBe(1);
  });
});
