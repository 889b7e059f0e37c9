// Members → Bulk Invite: one address a line or a CSV file, a default role, a
// live preview, "Send Invitations", and the lines that were not invited.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invitationLink } from '../harness/mail';
import { email, useWorld, type Person, type World } from '../harness/world';
import { AppShell, MembersPage } from '../pages/AppPages';
import { ownerOf } from '../pages/flows';

describe('bulk invite', () => {
  let world: World;
  let owner: Person;
  const ownerEmail = email('owner');
  const org = { name: 'Acme Bulk', slug: 'acme-bulk' };
  const ana = email('ana');
  const bo = email('bo');
  const cy = email('cy');

  useWorld('bulk-invite', {}, async (w) => {
    world = w;
    owner = await ownerOf(world, org, { name: 'Olivia Owner', email: ownerEmail });
  });

  it('previews valid lines and seats, sends, and reports each line not invited', async () => {
    const members = new MembersPage(owner.page);
    await members.invite(cy); // already invited before the batch
    const dialog = await members.openBulkDialog();
    const text = [ana, '', `  ${bo}  `, 'not-an-email', ana.toUpperCase(), ownerEmail, cy].join('\n');
    await members.fillBulk(dialog, text, 'Admin');
    // The server's preview knows who is already a member or invited.
    await expect.poll(() => dialog.getByTestId('bulk-preview').innerText()).toBe('2 addresses to invite · 4 lines not invited');
    // 10 seats, owner + cy pending = 2 used.
    expect(await dialog.getByTestId('bulk-seats').innerText()).toBe('Needs 2 seats; 8 available.');
    expect(await dialog.getByText(/^Line 6: /).innerText()).toMatch(/already a member/);
    expect(await dialog.getByText(/^Line 7: /).innerText()).toMatch(/already has a pending invitation/);
    await world.snap(owner.page, 'bulk-invite-preview');
    await world.expectAccessible(owner.page, 'bulk-invite-preview');

    await dialog.getByRole('button', { name: 'Send Invitations' }).click();
    const results = dialog.getByRole('table', { name: 'Lines not invited' });
    await results.waitFor();
    await dialog.getByText('Sent 2 invitations').waitFor();
    const rows = await results.locator('tbody tr').allInnerTexts();
    const byLine = Object.fromEntries(rows.map((r) => [r.split('\t')[0]?.trim(), r]));
    expect(byLine['4']).toMatch(/not-an-email\s+Not a valid email address/);
    expect(byLine['5']).toMatch(/Listed more than once/);
    expect(byLine['6']).toMatch(/Already a member/);
    expect(byLine['7']).toMatch(/Already has a pending invitation/);
    await world.snap(owner.page, 'bulk-invite-results');
    await world.expectAccessible(owner.page, 'bulk-invite-results');
    await dialog.getByRole('button', { name: 'Done' }).click();

    await members.waitForRow(ana);
    await members.waitForRow(bo);
    expect(await members.row(ana).innerText()).toMatch(/Admin[\s\S]*Pending/);
    expect(await members.seatUsage().innerText()).toBe('4/10');
    // Each invited address got its email.
    await invitationLink(world.mail, ana);
    await invitationLink(world.mail, bo);
  });

  it('reads addresses from a CSV file', async () => {
    const members = new MembersPage(owner.page);
    const csv = join(tmpdir(), `bulk-${Date.now()}.csv`);
    const dee = email('dee');
    const eve = email('eve');
    writeFileSync(csv, `Name,Email,Team\n"Doe, Dee",${dee},Ops\nEve,${eve},Dev\n`);
    const dialog = await members.openBulkDialog();
    await dialog.getByLabel('Or upload a CSV file').setInputFiles(csv).catch(async () => {
      // Mantine's FileInput keeps the real <input type=file> beside its button.
      await owner.page.locator('input[type="file"]').setInputFiles(csv);
    });
    await expect.poll(() => dialog.getByLabel('Email addresses').inputValue()).toBe(`${dee}\n${eve}`);
    await expect.poll(() => dialog.getByTestId('bulk-preview').innerText()).toBe('2 addresses to invite');
    await world.snap(owner.page, 'bulk-invite-csv');
    await dialog.getByRole('button', { name: 'Send Invitations' }).click();
    await dialog.getByText('Sent 2 invitations').waitFor();
    await dialog.getByText('Every address was invited.').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await new AppShell(owner.page).notification('Invitations sent').first().waitFor();
    await members.waitForRow(dee);
  });

  it('creates nothing when the batch needs more seats than are free', async () => {
    const members = new MembersPage(owner.page);
    const used = Number((await members.seatUsage().innerText()).split('/')[0]);
    const need = 10 - used + 1;
    const list = Array.from({ length: need }, (_, i) => email(`many${i}`)).join('\n');
    const dialog = await members.openBulkDialog();
    await members.fillBulk(dialog, list);
    await expect.poll(() => dialog.getByTestId('bulk-seats').innerText()).toMatch(/Not enough seats/);
    await dialog.getByRole('button', { name: 'Send Invitations' }).click();
    await dialog.getByRole('alert').filter({ hasText: `This needs ${need} seats, but only ${need - 1} are available. Nothing was sent.` }).waitFor();
    await world.snap(owner.page, 'bulk-invite-not-enough-seats');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    expect(await members.seatUsage().innerText()).toBe(`${used}/10`);
  });
});
