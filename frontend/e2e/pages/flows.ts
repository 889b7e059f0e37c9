// Steps the specs repeat: signing up with a verified email, creating an
// organization, joining one from an invitation email, and the set-ups made
// of them (an owner with an organization, a member invited into it); and
// the checks of live pages (a change made elsewhere shows without a reload).
import type { Page } from 'playwright-core';
import { verificationLink, invitationLink } from '../harness/mail';
import type { Person, World } from '../harness/world';
import { InvitationPage, SignUpPage, VerifyEmailPage } from './AuthPages';
import { CreateOrganizationPage, MembersPage } from './AppPages';

export async function signUpVerified(world: World, page: Page, p: { name: string; email: string }) {
  const signUp = new SignUpPage(page);
  await signUp.open();
  await signUp.fill(p);
  await signUp.submit();
  await new VerifyEmailPage(page).expectCheckInbox(p.email);
  const link = await verificationLink(world.mail, p.email);
  await page.goto(link);
  await new VerifyEmailPage(page).expectVerified();
}

export async function createOrganization(page: Page, name: string, slug: string) {
  await page.goto('/organizations/new');
  await new CreateOrganizationPage(page).create(name, slug);
}

/** The invitee follows the emailed link, signs up, verifies, and accepts. */
export async function joinFromInvitation(world: World, page: Page, p: { name: string; email: string; organizationName: string }) {
  const invitation = new InvitationPage(page);
  await invitation.open(await invitationLink(world.mail, p.email));
  await invitation.expectInvitation(p.organizationName);
  await invitation.createAccount();
  const signUp = new SignUpPage(page);
  await page.getByRole('heading', { name: 'Create your account' }).waitFor();
  await signUp.fill({ name: p.name });
  await signUp.submit();
  await new VerifyEmailPage(page).expectCheckInbox(p.email);
  await page.goto(await verificationLink(world.mail, p.email));
  await invitation.expectInvitation(p.organizationName);
  await invitation.accept();
  await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
}

/** A new person in their own browser, signed up and verified, who creates org and so owns it. */
export async function ownerOf(world: World, org: { name: string; slug: string }, p: { name: string; email: string }): Promise<Person> {
  const owner = await world.person();
  await signUpVerified(world, owner.page, p);
  await createOrganization(owner.page, org.name, org.slug);
  return owner;
}

/** The owner invites a new person with role; they join from the emailed link, in their own browser. */
export async function invitedMember(
  world: World,
  owner: Person,
  org: { name: string },
  p: { name: string; email: string },
  role: 'Admin' | 'Member',
): Promise<Person> {
  await new MembersPage(owner.page).invite(p.email, role);
  const person = await world.person();
  await joinFromInvitation(world, person.page, { ...p, organizationName: org.name });
  return person;
}

/** Changes made in another browser must show on an open page within this long. */
export const LIVE_MS = 5_000;

/** Marks the page's document; notReloaded tells whether it is still the same one. */
export async function markPage(page: Page) {
  await page.evaluate(() => Object.assign(window, { rosterLiveMark: true }));
}
export async function notReloaded(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { rosterLiveMark?: boolean }).rosterLiveMark === true);
}
