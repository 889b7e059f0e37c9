// A real SMTP server in the test process: Roster delivers its verification
// and invitation emails here, and the specs follow the links inside them.
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  links: string[];
}

function addresses(v: unknown): string[] {
  const list = Array.isArray(v) ? v : v ? [v] : [];
  return list.flatMap((a: { value?: { address?: string }[] }) => (a.value ?? []).map((x) => (x.address ?? '').toLowerCase()));
}

function linksIn(...bodies: string[]): string[] {
  const found = new Set<string>();
  for (const body of bodies) {
    for (const m of body.matchAll(/https?:\/\/[^\s"'<>)\]]+/g)) found.add(m[0].replace(/&amp;/g, '&').replace(/[.,;]+$/, ''));
  }
  return [...found];
}

export class MailCatcher {
  readonly messages: Mail[] = [];
  /** The emails a wait has returned: each is handed out once. */
  private taken = new Set<Mail>();
  private server: SMTPServer;
  private waiters: (() => void)[] = [];
  port = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (_auth, _session, cb) => cb(null, { user: 'roster' }),
      onData: (stream, session, cb) => {
        simpleParser(stream)
          .then((parsed) => {
            const html = typeof parsed.html === 'string' ? parsed.html : '';
            const text = parsed.text ?? '';
            const to = addresses(parsed.to);
            const envelope = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
            this.messages.push({ to: to.length ? to : envelope, subject: parsed.subject ?? '', text, html, links: linksIn(text, html) });
            this.waiters.splice(0).forEach((w) => w());
            cb();
          })
          .catch((err: Error) => cb(err));
      },
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const addr = this.server.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * The oldest email to `to` for which `match` holds that no wait has
   * returned yet, waiting for it to arrive. Each email is returned once, so
   * a wait after an action gets the email that action sent, never one an
   * earlier step already took; a spec that opens a link again keeps it.
   */
  async waitFor(to: string, match: (m: Mail) => boolean = () => true, timeoutMs = 15_000): Promise<Mail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((m) => m.to.includes(to.toLowerCase()) && match(m) && !this.taken.has(m));
      if (found) {
        this.taken.add(found);
        return found;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        const got = this.messages.map((m) => `${m.to.join(',')}: ${m.subject}${this.taken.has(m) ? ' (taken)' : ''}`).join('\n  ');
        throw new Error(`no new email to ${to} within ${timeoutMs} ms; received:\n  ${got || '(none)'}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  count(to: string, match: (m: Mail) => boolean = () => true): number {
    return this.messages.filter((m) => m.to.includes(to.toLowerCase()) && match(m)).length;
  }

  /** Waits for the next email to `to` carrying a link with this path (see waitFor), and returns the link. */
  async linkTo(to: string, path: '/verify-email' | '/invitations/accept' | '/reset-password'): Promise<string> {
    const mail = await this.waitFor(to, (m) => m.links.some((l) => l.includes(`${path}?`)));
    const link = mail.links.find((l) => l.includes(`${path}?`));
    if (!link) throw new Error(`email "${mail.subject}" has no ${path} link`);
    return link;
  }
}

export const verificationLink = (mail: MailCatcher, to: string) => mail.linkTo(to, '/verify-email');
export const invitationLink = (mail: MailCatcher, to: string) => mail.linkTo(to, '/invitations/accept');
export const resetLink = (mail: MailCatcher, to: string) => mail.linkTo(to, '/reset-password');
