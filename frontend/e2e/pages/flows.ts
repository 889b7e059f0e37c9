// Steps the specs repeat: signing up with a verified email, creating an
// organization, joining one from an invitation email.
import type { Page } from 'playwright-core';
import { verificationLink, invitationLink } from '../harness/mail';
import type { World } from '../harness/world';
import { InvitationPage, SignUpPage, VerifyEmailPage } from './AuthPages';
import { CreateOrganizationPage } from './AppPages';

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
  await signUp.fill({ name: p.name });
  await signUp.submit();
  await new VerifyEmailPage(page).expectCheckInbox(p.email);
  await page.goto(await verificationLink(world.mail, p.email));
  await invitation.expectInvitation(p.organizationName);
  await invitation.accept();
  await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
}
