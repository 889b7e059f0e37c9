// The check that no secret of a spec's run reaches the server's log: the
// passwords the browsers sent, the cookies they were given, and the tokens
// of every email (the test SMTP server's, or the dev mailbox's). The guide
// promises that tokens never reach the log.
import type { BrowserContext, Request } from 'playwright-core';

/** Values shorter than this are too common to look for. */
const MIN_SECRET = 8;

export class Secrets {
  private readonly found = new Map<string, string>();

  add(value: string | undefined | null, what: string): void {
    if (!value || value.length < MIN_SECRET || this.found.has(value)) return;
    this.found.set(value, what);
  }

  /** Records the passwords of every GraphQL request the context sends, and the cookies it is given. */
  watch(context: BrowserContext): void {
    context.on('request', (req: Request) => {
      if (!req.url().includes('/graphql') || req.method() !== 'POST') return;
      try {
        this.addPasswords(JSON.parse(req.postData() ?? 'null'));
      } catch {
        // not JSON: nothing to record
      }
    });
  }

  async addCookies(context: BrowserContext): Promise<void> {
    for (const c of await context.cookies().catch(() => [])) this.add(c.value, `the value of the cookie ${c.name}`);
  }

  addPasswords(v: unknown): void {
    if (Array.isArray(v)) {
      v.forEach((x) => this.addPasswords(x));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === 'string' && k.toLowerCase().includes('password')) this.add(x, `a password sent as ${k}`);
        else this.addPasswords(x);
      }
    }
  }

  /** The tokens of the links in an email's text or HTML. */
  addTokensIn(body: string, what: string): void {
    for (const m of body.matchAll(/[?&](?:token|code)=([^&\s"'<>]+)/g)) {
      const raw = m[1] ?? '';
      let token = raw;
      try {
        token = decodeURIComponent(raw);
      } catch {
        // keep it raw
      }
      this.add(token, `the token of a link in ${what}`);
    }
  }

  /** Each secret the log holds, as it is or URL-encoded: what it is, and its line. */
  leaksIn(log: string): string[] {
    const out: string[] = [];
    for (const [secret, what] of this.found) {
      for (const form of new Set([secret, encodeURIComponent(secret)])) {
        const i = log.indexOf(form);
        if (i < 0) continue;
        const start = log.lastIndexOf('\n', i) + 1;
        const end = log.indexOf('\n', i);
        out.push(`${what}: ${log.slice(start, end < 0 ? undefined : end)}`);
        break;
      }
    }
    return out.sort();
  }

  get size(): number {
    return this.found.size;
  }
}
