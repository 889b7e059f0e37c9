// Starts the real Roster binary on a free port with a fresh SQLite file.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rosterBin } from './paths';

export interface Roster {
  url: string;
  logs(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`roster exited with ${child.exitCode}:\n${logs()}`);
    try {
      const r = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`roster did not answer at ${url} within 30 s:\n${logs()}`);
}

/** smtpPort: the test's SMTP server; null runs Roster in development mode (ROSTER_DEV) with its dev mailbox instead. */
export async function startRoster(opts: { smtpPort: number | null; env?: Record<string, string> }): Promise<Roster> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    ROSTER_DATABASE_URL: `sqlite:${join(dir, 'roster.db')}`,
    ROSTER_ADDR: `127.0.0.1:${port}`,
    ROSTER_PUBLIC_URL: url,
    ROSTER_RATE_LIMIT: 'off',
    ...(opts.smtpPort !== null ? { ROSTER_SMTP_URL: `smtp://127.0.0.1:${opts.smtpPort}` } : { ROSTER_DEV: 'true' }),
    ...opts.env,
  };
  let output = '';
  const child = spawn(rosterBin(), ['serve'], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  // A server that dies under a spec says how, in the failure's server log.
  child.once('exit', (code, signal) => (output += `\n[e2e harness] roster exited: code ${code}, signal ${signal}\n`));
  const logs = () => output;
  try {
    await waitUntilReady(url, child, logs);
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url,
    logs,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
