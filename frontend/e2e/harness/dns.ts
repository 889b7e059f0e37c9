// The suite's DNS server: frontend/e2e/dnsserver (a real miekg/dns server
// on loopback), built once per run with the Go toolchain and started for a
// spec that asks for it (WorldOptions.dns). Roster is pointed at it with
// ROSTER_DNS_RESOLVER; a spec publishes TXT records through its control
// endpoint, as a person would at their DNS provider.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths';

export interface DNSServer {
  /** host:port, for ROSTER_DNS_RESOLVER. */
  addr: string;
  /** Makes name's TXT records exactly values (none removes them). */
  setTXT(name: string, ...values: string[]): Promise<void>;
  stop(): Promise<void>;
}

let built: string | null = null;

function binary(): string {
  if (built && existsSync(built)) return built;
  const out = join(mkdtempSync(join(tmpdir(), 'roster-e2e-dns-')), 'dnsserver');
  execFileSync('go', ['build', '-o', out, './frontend/e2e/dnsserver'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  built = out;
  return out;
}

export async function startDNS(): Promise<DNSServer> {
  const child: ChildProcess = spawn(binary(), ['-stdin'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the DNS server did not start within 10 s: ${output}`)), 10_000);
    child.stdout?.on('data', (b: Buffer) => {
      output += b.toString();
      const nl = output.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(output.slice(0, nl));
      }
    });
    child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the DNS server exited with ${code}: ${output}`));
    });
  });
  const m = /^dns=(\S+) control=(\S+)$/.exec(line);
  if (!m) throw new Error(`the DNS server said: ${line}`);
  const addr = m[1] ?? '';
  const control = m[2] ?? '';
  return {
    addr,
    async setTXT(name, ...values) {
      const r = await fetch(`${control}/txt?name=${encodeURIComponent(name)}`, { method: 'PUT', body: values.join('\n') });
      if (!r.ok) throw new Error(`setting TXT ${name}: ${r.status} ${await r.text()}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.stdin?.end();
      child.kill('SIGTERM');
      await exited;
    },
  };
}
