// A person's own account: a forgotten password reset from the emailed
// link, the Account page (name, password, sign out everywhere), an address
// taken back from someone who signed up with it first, the verification
// link opened signed out, and an invitation answered from the home page
// without its email.
import { describe, expect, it } from 'vitest';
import { resetLink, verificationLink } from '../harness/mail';
import { email, useWorld, type Person, type World } from '../harness/world';
import { AccountPage, AppShell, MembersPage } from '../pages/AppPages';
import { ForgotPasswordPage, PASSWORD, ResetPasswordPage, SignInPage, SignUpPage, VerifyEmailPage } from '../pages/AuthPages';
import { ownerOf, signUpVerified } from '../pages/flows';

const RESET_PASSWORD = 'a brand new passphrase';
const CHANGED_PASSWORD = 'yet another passphrase';

/** The page was signed out: the next load lands on Sign in. */
async function expectSignedOut(p: Person) {
  await p.page.reload();
  await p.page.getByRole('heading', { name: 'Sign in' }).waitFor();
  expect(new URL(p.page.url()).pathname).toBe('/sign-in');
}

async function signIn(p: Person, address: string, password: string) {
  const signIn = new SignInPage(p.page);
  await signIn.open();
  await signIn.signIn(address, password);
  await p.page.getByRole('heading', { level: 1 }).filter({ hasNotText: 'Sign in' }).waitFor();
}

describe('account', () => {
  let world: World;
  let ann: Person;
  let laptop: Person;
  const annEmail = email('ann');
  const org = { name: 'Recovery Co', slug: `recovery-${Date.now().toString(36)}` };

  useWorld('account', {}, async (w) => {
    world = w;
    ann = await ownerOf(world, org, { name: 'Ann Owner', email: annEmail });
    laptop = await world.person();
    await signIn(laptop, annEmail, PASSWORD);
  });

  it('resets a forgotten password from the emailed link, signs in, and ends every other session', async () => {
    const stranger = await world.person();
    const { page } = stranger;
    await new SignInPage(page).open();
    await world.expectAccessible(page, 'sign-in-forgot-link');
    const forgot = new ForgotPasswordPage(page);
    await forgot.openFromSignIn();
    await world.snap(page, 'forgot-password');
    await world.expectAccessible(page, 'forgot-password');
    await forgot.request(annEmail);
    await page.getByText('If an account exists for').waitFor();
    await world.snap(page, 'forgot-password-sent');

    const link = await resetLink(world.mail, annEmail);
    expect(link.startsWith(`${world.roster.url}/reset-password?token=`)).toBe(true);
    const reset = new ResetPasswordPage(page);
    await reset.open(link);
    await world.snap(page, 'reset-password');
    await world.expectAccessible(page, 'reset-password');
    await reset.choose(RESET_PASSWORD);
    await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
    await new AppShell(page).notification('Password changed').waitFor();

    // Ann's earlier browsers are signed out; the old password is refused.
    await expectSignedOut(ann);
    await expectSignedOut(laptop);
    const signIn = new SignInPage(laptop.page);
    await signIn.signIn(annEmail, PASSWORD);
    await laptop.page.getByText('The email or password is incorrect.').waitFor();

    // The link works once.
    await page.goto(link);
    await new ResetPasswordPage(page).choose('what an attacker would set');
    await page.getByRole('heading', { name: 'This reset link is not valid' }).waitFor();
    ann = stranger;
  });

  it('changes the password from the Account page, signing out the other sessions', async () => {
    await signIn(laptop, annEmail, RESET_PASSWORD);
    const { page } = ann;
    await page.goto('/');
    await new AppShell(page).openAccount();
    await world.snap(page, 'account');
    await world.expectAccessible(page, 'account');
    const account = new AccountPage(page);

    await account.changePassword('not my password', CHANGED_PASSWORD);
    await page.getByText('The current password is incorrect.').waitFor();
    await account.changePassword(RESET_PASSWORD, CHANGED_PASSWORD);
    await new AppShell(page).notification('Password changed').waitFor();
    await world.snap(page, 'account-password-changed');

    await expectSignedOut(laptop);
    await page.reload();
    await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor(); // this browser stays signed in
  });

  it('updates the name', async () => {
    const { page } = ann;
    await new AccountPage(page).saveName('Ann Lee');
    await new AppShell(page).notification('Profile updated').waitFor();
    await page.getByRole('button', { name: 'Account: Ann Lee' }).waitFor();
  });

  it('signs out everywhere, this browser included, after confirming', async () => {
    await signIn(laptop, annEmail, CHANGED_PASSWORD);
    const { page } = ann;
    await page.getByRole('region', { name: 'Sessions' }).getByRole('button', { name: 'Sign out everywhere' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign out everywhere?' });
    await dialog.waitFor();
    await world.snap(page, 'sign-out-everywhere-confirm');
    await world.expectAccessible(page, 'sign-out-everywhere-confirm');
    await dialog.getByRole('button', { name: 'Stay signed in' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.reload();
    await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor(); // keeping it changed nothing
    await new AccountPage(page).signOutEverywhere();
    await expectSignedOut(ann);
    await expectSignedOut(laptop);
    await signIn(ann, annEmail, CHANGED_PASSWORD); // the password is unchanged
  });

  it('verifies from a link opened signed out, after signing in, and keeps creating closed until then', async () => {
    const carlEmail = email('carl');
    const carl = await world.person();
    const signUp = new SignUpPage(carl.page);
    await signUp.open();
    await signUp.fill({ name: 'Carl', email: carlEmail });
    await signUp.submit();
    await new VerifyEmailPage(carl.page).expectCheckInbox(carlEmail);

    // Unverified: the home page says why there is no form to create an organization.
    await carl.page.goto('/');
    await carl.page.getByText('Verify your email address first').first().waitFor();
    expect(await carl.page.getByRole('button', { name: 'Create organization' }).count()).toBe(0);
    await world.snap(carl.page, 'home-unverified');
    await world.expectAccessible(carl.page, 'home-unverified');

    // The link, opened in another browser that is signed out.
    const link = await verificationLink(world.mail, carlEmail);
    const elsewhere = await world.person();
    await elsewhere.page.goto(link);
    await elsewhere.page.getByRole('heading', { name: 'Sign in to verify your email' }).waitFor();
    await world.snap(elsewhere.page, 'verify-signed-out');
    await world.expectAccessible(elsewhere.page, 'verify-signed-out');
    await elsewhere.page.getByRole('link', { name: 'Sign in to verify' }).click();
    await elsewhere.page.getByText('Sign in to verify your email address.').waitFor();
    await new SignInPage(elsewhere.page).signIn(carlEmail);
    await new VerifyEmailPage(elsewhere.page).expectVerified();
    await elsewhere.page.goto('/');
    await elsewhere.page.getByRole('button', { name: 'Create organization' }).waitFor();
  });

  it('gives the address back to its owner when someone else signed up with it first', async () => {
    const address = email('olivia');
    const squatter = await world.person();
    const squat = new SignUpPage(squatter.page);
    await squat.open();
    await squat.fill({ name: 'Squatter', email: address, password: 'the squatter password' });
    await squat.submit();
    await new VerifyEmailPage(squatter.page).expectCheckInbox(address);
    const squatterLink = await verificationLink(world.mail, address);

    const owner = await world.person();
    const signUp = new SignUpPage(owner.page);
    await signUp.open();
    await signUp.fill({ name: 'Olivia', email: address });
    await signUp.submit();
    await new VerifyEmailPage(owner.page).expectCheckInbox(address);
    await owner.page.goto(await verificationLink(world.mail, address));
    await new VerifyEmailPage(owner.page).expectVerified();

    // The squatter is signed out, and their password and link are worth nothing.
    await expectSignedOut(squatter);
    await new SignInPage(squatter.page).signIn(address, 'the squatter password');
    await squatter.page.getByText('The email or password is incorrect.').waitFor();
    await owner.page.goto(squatterLink);
    await owner.page.getByRole('heading', { name: /not valid/ }).waitFor();
    await owner.page.goto('/');
    await owner.page.getByRole('button', { name: 'Account: Olivia' }).waitFor();
  });

  it('answers invitations from the home page, without the email link', async () => {
    const beaEmail = email('bea');
    const bea = await world.person();
    await signUpVerified(world, bea.page, { name: 'Bea', email: beaEmail });
    const other = { name: 'Other Co', slug: `other-${Date.now().toString(36)}` };
    const otherOwner = await ownerOf(world, other, { name: 'Otto Owner', email: email('otto') });

    await ann.page.goto(`/orgs/${org.slug}/members`);
    await new MembersPage(ann.page).invite(beaEmail, 'Admin');
    await new MembersPage(otherOwner.page).invite(beaEmail, 'Member');

    const { page } = bea;
    await page.goto('/');
    const section = page.getByRole('region', { name: 'Invitations for you' });
    await section.getByText(`Ann Lee invited you to join ${org.name} as an Admin.`).waitFor();
    await section.getByText(`Otto Owner invited you to join ${other.name} as a Member.`).waitFor();
    await world.snap(page, 'home-received-invitations');
    await world.expectAccessible(page, 'home-received-invitations');

    // Decline asks first; keeping it changes nothing.
    await page.getByRole('button', { name: `Decline the invitation to ${other.name}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Decline this invitation?' });
    await dialog.getByRole('button', { name: 'Keep invitation' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await section.getByText(other.name, { exact: true }).count()).toBe(1);
    await page.getByRole('button', { name: `Decline the invitation to ${other.name}` }).click();
    await dialog.getByRole('button', { name: 'Decline invitation' }).click();
    await new AppShell(page).notification('Invitation declined').waitFor();
    await section.getByText(other.name, { exact: true }).waitFor({ state: 'detached' });

    await page.getByRole('button', { name: `Accept the invitation to ${org.name}` }).click();
    await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
    const members = new MembersPage(ann.page);
    await ann.page.reload();
    await members.waitForRow(beaEmail);
    expect(await members.status(beaEmail)).toBe('Active');
  });
});
