// Checks the binary and the browser once, picks the screenshot folder, and
// prints it at the end.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { chromiumPath, repoRoot, rosterBin } from './paths';

declare module 'vitest' {
  export interface ProvidedContext {
    artifactsDir: string;
  }
}

export default function setup(project: TestProject) {
  const bin = rosterBin();
  if (!existsSync(bin)) {
    throw new Error(`No Roster binary at ${bin}: run \`make build\` (or set ROSTER_BIN).`);
  }
  const version = execFileSync(bin, ['version'], { encoding: 'utf8' }).trim();
  if (!existsSync(chromiumPath)) {
    throw new Error(`No Chromium at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = resolve(process.env.E2E_ARTIFACTS ?? resolve(repoRoot, 'frontend/e2e/artifacts', stamp));
  mkdirSync(dir, { recursive: true });
  project.provide('artifactsDir', dir);
  console.log(`e2e: ${bin} (${version}), ${chromiumPath}`);
  return () => {
    console.log(`\ne2e screenshots and accessibility reports: ${dir}\n`);
  };
}
