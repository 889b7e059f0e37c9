// Without SMTP the server keeps a dev mailbox and the portal links to it; the
// portal also works at phone width with the burger menu.
import { describe, expect, it } from 'vitest';
import { email, PHONE, useWorld, type Person, type World } from '../harness/world';
import { AppShell, MembersPage } from '../pages/AppPages';
import { SignUpPage, VerifyEmailPage } from '../pages/AuthPages';

describe('dev mailbox and phone width', () => {
  let world: World;
  let phone: Person;
  const ownerEmail = email('phone');

  useWorld('devmailbox-phone', { smtp: false }, async (w) => {
    world = w;
    phone = await world.person({ viewport: PHONE });
  });

  it('links to the dev mailbox, which holds the verification link', async () => {
    const { page } = phone;
    const signUp = new SignUpPage(page);
    await signUp.open();
    await signUp.fill({ name: 'Pat Phone', email: ownerEmail });
    await world.snap(page, 'phone-sign-up');
    await signUp.submit();
    await new VerifyEmailPage(page).expectCheckInbox(ownerEmail);
    const mailbox = page.getByRole('link', { name: 'Dev mailbox' });
    await mailbox.waitFor();
    expect(await mailbox.getAttribute('href')).toBe('/dev/mail');
    await world.snap(page, 'phone-check-inbox-dev-mailbox');

    // The outbox delivers after the sign-up commits: wait for the email.
    let link: string | undefined;
    await expect
      .poll(
        async () => {
          const res = await page.request.get('/dev/mail.json');
          expect(res.status()).toBe(200);
          const mails = (await res.json()) as { to: string; text: string; html: string }[];
          const mine = mails.filter((m) => JSON.stringify(m.to).toLowerCase().includes(ownerEmail.toLowerCase()));
          link = (mine.map((m) => `${m.text} ${m.html}`).join(' ').match(/https?:\/\/[^\s"'<>]+\/verify-email\?token=[^\s"'<>&]+/) ?? [])[0];
          return link;
        },
        { timeout: 30_000, interval: 100 },
      )
      .toBeTruthy();
    await page.goto(link ?? '');
    await new VerifyEmailPage(page).expectVerified();
  });

  it('works at phone width with the burger navigation', async () => {
    const { page } = phone;
    await page.goto('/');
    await page.getByLabel('Organization name').fill('Pocket Co');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: 'Members', level: 1, exact: true }).waitFor();
    const members = new MembersPage(page);
    await members.invite(email('pocket'), 'Admin');
    // At phone width rows are cards with the same controls.
    expect(await page.getByRole('table').count()).toBe(0);
    await members.row(ownerEmail).waitFor();
    expect(await members.status(ownerEmail)).toBe('Active');
    await world.snap(page, 'phone-members');
    await world.expectAccessible(page, 'phone-members');

    await page.getByRole('button', { name: 'Open navigation' }).click();
    const nav = new AppShell(page).nav();
    await nav.getByRole('link', { name: 'Dev mailbox' }).waitFor();
    await world.snap(page, 'phone-navigation-open');
    await world.expectAccessible(page, 'phone-navigation');
    await new AppShell(page).goToOrganizationSettings();
    await world.snap(page, 'phone-settings-organization');

    await new AppShell(page).goToMembers();
    const dialog = await members.openInviteDialog();
    await world.snap(page, 'phone-invite-member');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  });
});
