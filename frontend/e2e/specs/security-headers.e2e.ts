// The portal's Content-Security-Policy, as Chromium enforces it: the
// portal runs under it (every spec fails on a violation, see useWorld), a
// script injected into the page does not run, and another site cannot
// frame the portal, whose URLs carry tokens.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useWorld, type Person, type World } from '../harness/world';

describe('security headers', () => {
  let world: World;
  let visitor: Person;

  useWorld('security-headers', {}, async (w) => {
    world = w;
    visitor = await world.person();
  });

  it('serves the portal with its policy, no referrer and no framing', async () => {
    const res = await visitor.page.goto('/invitations/accept?token=secret-in-the-url');
    const headers = res?.headers() ?? {};
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(world.takeCSPViolations()).toEqual([]);
  });

  it('refuses a script injected into the page', async () => {
    const { page } = visitor;
    await page.goto('/');
    const ran = await page.evaluate(async () => {
      const w = window as unknown as { injected?: boolean };
      const refused = new Promise<string>((resolve) =>
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true }),
      );
      const s = document.createElement('script');
      s.textContent = 'window.injected = true';
      document.head.appendChild(s);
      const directive = await refused;
      return { injected: w.injected === true, directive };
    });
    expect(ran.injected).toBe(false);
    expect(ran.directive).toMatch(/^script-src/);
    // The harness saw it too: this is what fails any other spec.
    const seen = world.takeCSPViolations();
    expect(seen.length).toBe(1);
    expect(seen[0]).toContain("script-src 'self'");
  });

  it('cannot be framed by another site', async () => {
    const { page } = visitor;
    // An attacker's page, on another origin (another port), frames the
    // portal and, to show that framing itself works, the health check,
    // which is not a page and has no frame-ancestors.
    const attacker = createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end(
        `<iframe name="portal" src="${world.roster.url}/invitations/accept?token=x"></iframe>` +
          `<iframe name="health" src="${world.roster.url}/healthz"></iframe>`,
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = attacker.address() as AddressInfo;
      await page.goto(`http://127.0.0.1:${port}/`);
      const frame = (name: string) => page.frames().find((f) => f.name() === name);
      await expect.poll(() => frame('health')?.url()).toBe(`${world.roster.url}/healthz`);
      await expect.poll(async () => (await frame('health')?.content()) ?? '').toContain('ok');
      // Chromium shows its error page in the portal's frame.
      await expect.poll(() => frame('portal')?.url()).toBe('chrome-error://chromewebdata/');
      expect(await frame('portal')?.locator('#root').count()).toBe(0);
      // And says why, on the attacker's page.
      await expect.poll(() => world.takeCSPViolations().join('\n')).toContain("frame-ancestors 'none'");
    } finally {
      await new Promise((resolve) => attacker.close(resolve));
    }
  });
});
