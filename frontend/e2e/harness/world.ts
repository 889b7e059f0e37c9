// One spec file's world: a Roster server, the SMTP catcher, Chromium, and
// helpers for screenshots and accessibility checks.
import AxeBuilder from '@axe-core/playwright';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { startDNS, type DNSServer } from './dns';
import { MailCatcher } from './mail';
import { Secrets } from './secrets';
import { chromiumPath } from './paths';
import { startRoster, type Roster } from './server';

// The axe-core the project depends on (package.json), not the older one
// that @axe-core/playwright bundles: 4.13 still skipped rules that 4.14
// runs under the WCAG 2.1 tags, e.g. label-content-name-mismatch (WCAG
// 2.5.3, Label in Name), so an audit with today's axe failed screens that
// this suite passed.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 860 };

/** A known violation of a rule inside a library's markup (see expectAccessible). */
export interface Upstream {
  rule: string;
  within: string;
  why: string;
}

export interface Person {
  context: BrowserContext;
  page: Page;
}

export interface World {
  roster: Roster;
  mail: MailCatcher;
  /** The DNS server Roster's domain verification asks, when the spec asked for one (WorldOptions.dns). */
  dns: DNSServer | null;
  browser: Browser;
  /** A person in their own browser context (own cookies). */
  person(opts?: { viewport?: { width: number; height: number } }): Promise<Person>;
  /** A full-page screenshot into the artifacts folder, named after the screen. */
  snap(page: Page, screen: string): Promise<void>;
  /**
   * axe-core WCAG 2.1 A/AA: fails on serious or critical violations, except
   * those of `upstream`: a rule broken inside a library's markup that this
   * project cannot change, each with the reason, so that the rest of the
   * screen (the library's other markup included) is still checked.
   */
  expectAccessible(page: Page, screen: string, upstream?: Upstream[]): Promise<void>;
  /** For afterEach: pictures of every open page and the server log when a test failed. */
  recordFailure(task: { name: string; result?: { state?: string } }): Promise<void>;
  /** Runs a spec's set-up (a beforeAll), recording screenshots and the server log if it fails. */
  setUp(fn: () => Promise<void>): Promise<void>;
  /** What the browser refused under the portal's Content-Security-Policy since the last call. */
  takeCSPViolations(): string[];
  /** Stops everything; then fails if the server's log holds a secret of the run (see Secrets). */
  close(): Promise<void>;
}

let counter = 0;

/**
 * A picture of the whole page without Playwright's fullPage: for a page
 * taller than the viewport that uses Chromium's captureBeyondViewport, which
 * now and then shows the page a 1x1 window for a moment (microsoft/playwright
 * #30149, puppeteer #7251), on a loaded machine more often. Every
 * (max-width) media query then matched mid-test: the member list drew its
 * phone layout and back, and a row's dialog open for the next step closed.
 * Here the viewport grows to the page's height, its width kept (so no width
 * breakpoint is crossed), for a plain screenshot, and is put back.
 */
async function fullPageScreenshot(page: Page, path: string): Promise<void> {
  const viewport = page.viewportSize();
  // The height Playwright's fullPage measures.
  const height = await page.evaluate(() =>
    Math.max(
      document.body.scrollHeight,
      document.documentElement.scrollHeight,
      document.body.offsetHeight,
      document.documentElement.offsetHeight,
      document.body.clientHeight,
      document.documentElement.clientHeight,
    ),
  );
  if (!viewport || height <= viewport.height) {
    await page.screenshot({ path });
    return;
  }
  await page.setViewportSize({ width: viewport.width, height });
  try {
    await page.screenshot({ path });
  } finally {
    await page.setViewportSize(viewport);
  }
}

/** How a spec's server runs: with the test SMTP server (default) or the dev mailbox, and more settings. */
export interface WorldOptions {
  smtp?: boolean;
  /** Start the suite's DNS server and point ROSTER_DNS_RESOLVER at it. */
  dns?: boolean;
  env?: Record<string, string>;
}

/**
 * Gives a spec its world, from inside its describe: created and set up
 * before the tests (setUp gets the world first, to keep it), a failing
 * test's or set-up's screenshots and server log recorded, closed after the
 * tests.
 */
export function useWorld(spec: string, opts: WorldOptions, setUp: (world: World) => Promise<void>): void {
  let world: World | undefined;
  beforeAll(async () => {
    const w = await createWorld(spec, opts);
    world = w;
    await w.setUp(() => setUp(w));
  });
  afterEach(async (ctx) => {
    await world?.recordFailure(ctx.task);
    // The portal must work under its own CSP: anything the browser refused
    // fails the test that caused it.
    const refused = world?.takeCSPViolations() ?? [];
    if (refused.length > 0) throw new Error(`Content-Security-Policy violations:\n${refused.join('\n')}`);
  });
  afterAll(async () => {
    await world?.close();
  });
}

export async function createWorld(spec: string, opts: WorldOptions = {}): Promise<World> {
  const artifacts = inject('artifactsDir');
  const mail = new MailCatcher();
  const smtp = opts.smtp ?? true;
  if (smtp) await mail.start();
  const dns = opts.dns ? await startDNS() : null;
  const roster = await startRoster({
    smtpPort: smtp ? mail.port : null,
    env: { ...(dns ? { ROSTER_DNS_RESOLVER: dns.addr } : {}), ...opts.env },
  });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const contexts: BrowserContext[] = [];
  let cspViolations: string[] = [];
  const secrets = new Secrets();

  const world: World = {
    roster,
    mail,
    dns,
    browser,
    async person({ viewport = DESKTOP } = {}) {
      const context = await browser.newContext({ baseURL: roster.url, viewport, locale: 'en-US', reducedMotion: 'reduce' });
      context.setDefaultTimeout(10_000);
      secrets.watch(context);
      contexts.push(context);
      context.on('console', (msg) => {
        if (msg.type() === 'error' && msg.text().includes('Content Security Policy')) cspViolations.push(msg.text());
      });
      const page = await context.newPage();
      return { context, page };
    },
    async snap(page, screen) {
      counter++;
      const name = `${spec}-${String(counter).padStart(2, '0')}-${screen}.png`;
      // Let notifications and transitions settle so the picture shows the screen.
      await page.waitForTimeout(150);
      await page.evaluate(() => window.scrollTo(0, 0));
      await fullPageScreenshot(page, join(artifacts, name));
    },
    async expectAccessible(page, screen, upstream = []) {
      // Colours are judged as they settle: a dialog's overlay still fading
      // in over a button, or a button still hovered by the click that
      // opened it, made axe see contrasts no one sees (a loaded machine
      // caught it mid-way).
      await page.mouse.move(0, 0);
      await page.waitForFunction(() =>
        document
          .getAnimations()
          .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
      );
      const result = await new AxeBuilder({ page, axeSource: AXE_SOURCE })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      for (const v of result.violations) {
        const known = upstream.filter((u) => u.rule === v.id).map((u) => u.within);
        if (known.length === 0) continue;
        const inside = await page.evaluate(
          ([targets, within]) =>
            targets.map((t) => within.some((w) => document.querySelector(t)?.closest(w) != null)),
          [v.nodes.map((n) => String(n.target[0])), known] as [string[], string[]],
        );
        v.nodes = v.nodes.filter((_, i) => !inside[i]);
      }
      const bad = result.violations.filter((v) => v.nodes.length > 0 && (v.impact === 'serious' || v.impact === 'critical'));
      writeFileSync(
        join(artifacts, `${spec}-axe-${screen}.json`),
        JSON.stringify(
          result.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 200), data: n.any[0]?.data })),
          })),
          null,
          2,
        ),
      );
      if (bad.length > 0) {
        const summary = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n    ')}`).join('\n');
        throw new Error(`accessibility violations on ${screen}:\n${summary}`);
      }
    },
    async recordFailure(task) {
      if (task.result?.state !== 'fail') return;
      const slug = task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
      let i = 0;
      for (const c of contexts) {
        for (const p of c.pages()) {
          i++;
          await fullPageScreenshot(p, join(artifacts, `${spec}-FAILED-${slug}-${i}.png`)).catch(() => {});
        }
      }
      writeFileSync(join(artifacts, `${spec}-FAILED-${slug}-server.log`), roster.logs());
      // Close any dialog left open so that the next test starts from a page.
      for (const c of contexts) for (const p of c.pages()) await p.keyboard.press('Escape').catch(() => {});
    },
    async setUp(fn) {
      try {
        await fn();
      } catch (err) {
        await world.recordFailure({ name: 'set-up', result: { state: 'fail' } });
        throw err;
      }
    },
    takeCSPViolations() {
      const taken = cspViolations;
      cspViolations = [];
      return taken;
    },
    async close() {
      for (const c of contexts) await secrets.addCookies(c);
      if (!smtp) {
        // The dev mailbox's emails, while the server still runs.
        const res = await fetch(`${roster.url}/dev/mail.json`).catch(() => null);
        const devMail = res?.ok ? ((await res.json()) as { to: string; subject: string; text: string; html: string }[]) : [];
        for (const m of devMail) secrets.addTokensIn(`${m.text}\n${m.html}`, `the dev mailbox's email "${m.subject}" to ${m.to}`);
      }
      for (const m of mail.messages) secrets.addTokensIn(`${m.text}\n${m.html}`, `the email "${m.subject}" to ${m.to.join(', ')}`);
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      await roster.stop();
      await dns?.stop();
      if (smtp) await mail.stop();
      const leaks = secrets.leaksIn(roster.logs());
      if (leaks.length > 0) {
        writeFileSync(join(artifacts, `${spec}-LEAKED-server.log`), roster.logs());
        throw new Error(`the server log of ${spec} holds ${leaks.length} of the run's ${secrets.size} secrets:\n  ${leaks.join('\n  ')}`);
      }
    },
  };
  return world;
}

/** A unique address for this run, so specs never collide. */
export function email(name: string): string {
  return `${name}.${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}@example.com`;
}
