// Inviting members (guide: "Single Invitation", "Managing Pending
// Invitations"), with the owner and each invitee in their own browser.
import { describe, expect, it } from 'vitest';
import { invitationLink } from '../harness/mail';
import { email, useWorld, type Person, type World } from '../harness/world';
import { AppShell, MembersPage } from '../pages/AppPages';
import { InvitationPage, SignInPage, SignUpPage, VerifyEmailPage } from '../pages/AuthPages';
import { joinFromInvitation, ownerOf, signUpVerified } from '../pages/flows';

describe('invitations', () => {
  let world: World;
  let owner: Person;
  const ownerEmail = email('owner');
  const adaEmail = email('ada');
  const benEmail = email('ben');
  const cyEmail = email('cy');
  const dotEmail = email('dot');
  const org = { name: 'Acme Invitations', slug: 'acme-invitations' };
  // Links of emails already taken from the catcher, for the tests that open them again.
  let adaLink = '';
  let dotLink = '';

  useWorld('invitations', {}, async (w) => {
    world = w;
    owner = await ownerOf(world, org, { name: 'Olivia Owner', email: ownerEmail });
  });

  it('invites a member from Members → Invite Member with a role', async () => {
    const members = new MembersPage(owner.page);
    const dialog = await members.openInviteDialog();
    await dialog.getByLabel('Email address').fill(adaEmail);
    await dialog.getByRole('radio', { name: /^Admin/ }).check();
    await world.snap(owner.page, 'invite-member-dialog');
    await world.expectAccessible(owner.page, 'invite-member-dialog');
    await dialog.getByRole('button', { name: 'Send Invitation' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await new AppShell(owner.page).notification('Invitation sent').waitFor();

    const row = await members.waitForRow(adaEmail);
    expect(await members.status(adaEmail)).toBe('Pending');
    expect(await row.innerText()).toMatch(/Admin/);
    expect(await members.seatUsage().innerText()).toBe('2/10');
    await world.snap(owner.page, 'members-with-pending');
    await world.expectAccessible(owner.page, 'members-with-pending');
  });

  it('shows a conflict next to the email when the address is already invited', async () => {
    const members = new MembersPage(owner.page);
    const dialog = await members.openInviteDialog();
    await dialog.getByLabel('Email address').fill(adaEmail);
    await dialog.getByRole('button', { name: 'Send Invitation' }).click();
    const field = dialog.getByLabel('Email address');
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    await world.snap(owner.page, 'invite-member-conflict');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('lets the invitee sign up from the link, verify, come back, and accept', async () => {
    const ada = await world.person();
    const link = await invitationLink(world.mail, adaEmail);
    adaLink = link;
    expect(link.startsWith(`${world.roster.url}/invitations/accept?token=`)).toBe(true);
    const invitation = new InvitationPage(ada.page);
    await invitation.open(link);
    await invitation.expectInvitation(org.name);
    expect(await ada.page.getByText('Olivia Owner').first().isVisible()).toBe(true);
    await world.snap(ada.page, 'invitation-landing-signed-out');
    await world.expectAccessible(ada.page, 'invitation-landing');

    await invitation.createAccount();
    const signUp = new SignUpPage(ada.page);
    expect(await ada.page.getByLabel('Email').inputValue()).toBe(adaEmail);
    await signUp.fill({ name: 'Ada Admin' });
    await signUp.submit();
    await new VerifyEmailPage(ada.page).expectCheckInbox(adaEmail);
    await world.snap(ada.page, 'invitee-check-inbox');

    // Before verifying: the invitation says what is missing.
    await invitation.open(link);
    await ada.page.getByText('Verify your email first').waitFor();
    await world.snap(ada.page, 'invitation-needs-verification');

    const verify = await world.mail.linkTo(adaEmail, '/verify-email');
    await ada.page.goto(verify);
    // Back on the invitation without a detour.
    await invitation.expectInvitation(org.name);
    await invitation.accept();
    await ada.page.getByRole('heading', { name: 'Members', level: 1, exact: true }).waitFor();
    await new AppShell(ada.page).notification(`You joined ${org.name} as Admin`).waitFor();
    await world.snap(ada.page, 'invitee-joined');

    const members = new MembersPage(owner.page);
    await members.open(org.slug);
    await members.waitForRow(adaEmail);
    expect(await members.status(adaEmail)).toBe('Active');
    expect(await members.row(adaEmail).innerText()).toMatch(/Ada Admin/);
  });

  it('says a used invitation link can no longer be used', async () => {
    const someone = await world.person();
    const invitation = new InvitationPage(someone.page);
    // The link Ada used: the mail catcher hands each email out once.
    await invitation.open(adaLink);
    await invitation.expectUnusable(/already been used|not valid/);
    await world.snap(someone.page, 'invitation-used');
    await world.expectAccessible(someone.page, 'invitation-used');
  });

  it('resends an invitation: a new email, and the old link stops working', async () => {
    const members = new MembersPage(owner.page);
    await members.invite(benEmail);
    const firstLink = await invitationLink(world.mail, benEmail);
    await members.resend(benEmail);
    await new AppShell(owner.page).notification('Invitation resent').waitFor();
    const secondLink = await invitationLink(world.mail, benEmail);
    expect(secondLink).not.toBe(firstLink);

    const ben = await world.person();
    const invitation = new InvitationPage(ben.page);
    await invitation.open(firstLink);
    await invitation.expectUnusable('This invitation link is not valid');
    await world.snap(ben.page, 'invitation-replaced');
    await invitation.open(secondLink);
    await invitation.expectInvitation(org.name);
  });

  it('cancels an invitation after confirmation; its link then says canceled', async () => {
    const members = new MembersPage(owner.page);
    await members.invite(cyEmail);
    const link = await invitationLink(world.mail, cyEmail);
    const seatsBefore = await members.seatUsage().innerText();
    const dialog = await members.cancel(cyEmail);
    await world.snap(owner.page, 'cancel-invitation-confirm');
    await world.expectAccessible(owner.page, 'cancel-invitation-confirm');
    await dialog.getByRole('button', { name: 'Cancel invitation' }).click();
    await new AppShell(owner.page).notification('Invitation canceled').waitFor();
    await members.row(cyEmail).waitFor({ state: 'detached' });
    const [used, total] = seatsBefore.split('/').map(Number);
    await expect.poll(() => members.seatUsage().innerText()).toBe(`${(used ?? 0) - 1}/${total}`);

    const cy = await world.person();
    const invitation = new InvitationPage(cy.page);
    await invitation.open(link);
    await invitation.expectUnusable(/canceled|not valid/);
    await world.snap(cy.page, 'invitation-canceled');
  });

  it('refuses an invitation to someone signed in with another email, and says why', async () => {
    const members = new MembersPage(owner.page);
    await members.invite(dotEmail);
    const seatsBefore = await members.seatUsage().innerText();
    const link = await invitationLink(world.mail, dotEmail);
    dotLink = link;
    // The owner opens Dot's link while signed in as themself.
    const invitation = new InvitationPage(owner.page);
    await invitation.open(link);
    await owner.page.getByText('You are signed in with a different email').waitFor();
    await invitation.accept();
    // The server's refusal, not the warning already on screen.
    await owner.page
      .getByRole('alert')
      .filter({ hasText: `This invitation was sent to ${dotEmail}, but you are signed in as ${ownerEmail}. Sign in with the invited address to accept it.` })
      .waitFor();
    await world.snap(owner.page, 'invitation-wrong-account');
    await world.expectAccessible(owner.page, 'invitation-wrong-account');

    // Nothing changed: Dot is still invited, the owner still the owner, the seats as they were.
    await members.open(org.slug);
    await members.waitForRow(dotEmail);
    expect(await members.status(dotEmail)).toBe('Pending');
    expect(await members.row(ownerEmail).innerText()).toMatch(/Owner/);
    expect(await members.seatUsage().innerText()).toBe(seatsBefore);
  });

  it('lets the invitee decline; the link then says declined', async () => {
    const dot = await world.person();
    const invitation = new InvitationPage(dot.page);
    const link = dotLink;
    await invitation.open(link);
    await invitation.expectInvitation(org.name);
    await invitation.decline();
    await invitation.expectUnusable('You declined the invitation');
    await invitation.open(link);
    await invitation.expectUnusable(/declined|not valid/);
    await world.snap(dot.page, 'invitation-declined');
  });

  it('explains an unknown link', async () => {
    const someone = await world.person();
    const invitation = new InvitationPage(someone.page);
    await invitation.open('/invitations/accept?token=not-a-real-token');
    await invitation.expectUnusable('This invitation link is not valid');
    await invitation.open('/invitations/accept');
    await invitation.expectUnusable('This invitation link is not valid');
    await world.snap(someone.page, 'invitation-unknown');
  });

  it('lets an existing user sign in from the link and accept', async () => {
    // Erin has an account already, then gets invited.
    const erinEmail = email('erin');
    const erin = await world.person();
    await signUpVerified(world, erin.page, { name: 'Erin Early', email: erinEmail });
    await erin.page.goto('/');
    await new AppShell(erin.page).signOut();

    await new MembersPage(owner.page).open(org.slug);
    await new MembersPage(owner.page).invite(erinEmail);
    const invitation = new InvitationPage(erin.page);
    await invitation.open(await invitationLink(world.mail, erinEmail));
    await invitation.signInToAccept();
    await new SignInPage(erin.page).signIn(erinEmail);
    await invitation.expectInvitation(org.name);
    await invitation.accept();
    await erin.page.getByRole('heading', { name: 'Members', level: 1, exact: true }).waitFor();
    expect(new URL(erin.page.url()).pathname).toBe(`/orgs/${org.slug}/members`);
  });

  it('joins in one go through the shared flow', async () => {
    const finn = email('finn');
    await new MembersPage(owner.page).open(org.slug);
    await new MembersPage(owner.page).invite(finn);
    const person = await world.person();
    await joinFromInvitation(world, person.page, { name: 'Finn Fresh', email: finn, organizationName: org.name });
  });
});
