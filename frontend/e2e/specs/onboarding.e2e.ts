// A new owner: sign up, verify the email from the link, create the
// organization, and land on Members with one seat used.
import { describe, expect, it } from 'vitest';
import { AppShell, MembersPage, OrganizationSettingsPage } from '../pages/AppPages';
import { SignInPage, SignUpPage, VerifyEmailPage } from '../pages/AuthPages';
import { verificationLink } from '../harness/mail';
import { email, useWorld, type Person, type World } from '../harness/world';

describe('onboarding', () => {
  let world: World;
  let owner: Person;
  const ownerEmail = email('olivia');
  // The verification link, once used: the mail catcher hands each email out once.
  let usedLink = '';

  useWorld('onboarding', {}, async (w) => {
    world = w;
    owner = await world.person();
  });

  // The portal embedded in bin/roster, built: frontend/embed_test.go runs
  // before the build and tests the serving logic on files of its own.
  it('serves the embedded portal: client routes, immutable assets, 404 for a missing one', async () => {
    const route = await fetch(`${world.roster.url}/orgs/acme/members`);
    expect(route.status).toBe(200);
    expect(route.headers.get('cache-control')).toBe('no-cache');
    const html = await route.text();
    expect(html).toContain('<div id="root">');
    const asset = /\/assets\/[^"']+\.js/.exec(html)?.[0];
    expect(asset, 'index.html loads a hashed script from /assets').toBeTruthy();
    const js = await fetch(`${world.roster.url}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${world.roster.url}/assets/index-missing0.js`)).status).toBe(404);
  });

  it('sends a signed-out visitor to sign in', async () => {
    const { page } = owner;
    await page.goto('/');
    await new SignInPage(page).page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await world.snap(page, 'sign-in');
    await world.expectAccessible(page, 'sign-in');
  });

  it('shows sign-up errors next to the fields', async () => {
    const { page } = owner;
    const signUp = new SignUpPage(page);
    await signUp.open();
    await signUp.fill({ name: 'Olivia Owner', email: ownerEmail, password: 'short' });
    await signUp.submit();
    await page.getByText('Use at least 10 characters').waitFor();
    await world.snap(page, 'sign-up-errors');
    await world.expectAccessible(page, 'sign-up');
  });

  it('signs up, asks to check the inbox, and verifies from the emailed link', async () => {
    const { page } = owner;
    const signUp = new SignUpPage(page);
    await signUp.fill({ name: 'Olivia Owner', email: ownerEmail });
    await signUp.submit();
    const verify = new VerifyEmailPage(page);
    await verify.expectCheckInbox(ownerEmail);
    await world.snap(page, 'check-inbox');
    await world.expectAccessible(page, 'check-inbox');

    const link = await verificationLink(world.mail, ownerEmail);
    usedLink = link;
    expect(link.startsWith(`${world.roster.url}/verify-email?token=`)).toBe(true);
    await verify.open(link);
    await verify.expectVerified();
    await world.snap(page, 'email-verified');
    await world.expectAccessible(page, 'email-verified');
  });

  it('rejects a used verification link in plain words', async () => {
    const { page } = owner;
    await page.goto(usedLink);
    await page.getByRole('heading', { name: /not valid|could not verify/ }).waitFor();
    await world.snap(page, 'verification-link-used');
  });

  it('creates the first organization and shows its members', async () => {
    const { page } = owner;
    await page.goto('/');
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await world.snap(page, 'welcome');
    await world.expectAccessible(page, 'welcome');
    await page.getByLabel('Organization name').fill('Acme Onboarding');
    await page.getByLabel('URL name (slug)').fill('acme-onboarding');
    await page.getByRole('button', { name: 'Create organization' }).click();

    const members = new MembersPage(page);
    await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
    await new AppShell(page).notification('Organization created').waitFor();
    const row = await members.waitForRow(ownerEmail);
    await world.snap(page, 'members-owner-only');
    expect(await row.innerText()).toMatch(/Olivia Owner[\s\S]*Owner[\s\S]*Active/);
    expect(await members.seatUsage().innerText()).toBe('1/10');
    await world.expectAccessible(page, 'members');
  });

  it('shows Settings → Organization with Seat Usage as used/total', async () => {
    const { page } = owner;
    await new AppShell(page).goToOrganizationSettings();
    const settings = new OrganizationSettingsPage(page);
    await world.snap(page, 'settings-organization');
    expect(await settings.seatUsage().innerText()).toBe('1/10');
    await world.expectAccessible(page, 'settings-organization');
  });

  it('signs out and back in', async () => {
    const { page } = owner;
    await new AppShell(page).signOut();
    await new SignInPage(page).signIn(ownerEmail);
    await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/orgs/acme-onboarding/members');
  });

  it('says so when the password is wrong', async () => {
    const { page } = owner;
    await new AppShell(page).signOut();
    await new SignInPage(page).signIn(ownerEmail, 'not the password');
    // The server's refusal, not the notification of the sign-out still on screen.
    await page.getByRole('alert').filter({ hasText: 'The email or password is incorrect.' }).waitFor();
    await world.snap(page, 'sign-in-wrong-password');
    // Nothing changed: still signed out, on the sign-in page.
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect((await owner.context.cookies()).filter((c) => c.name.includes('roster_session'))).toEqual([]);
  });
});
