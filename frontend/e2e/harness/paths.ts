import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

export function rosterBin(): string {
  const bin = process.env.ROSTER_BIN ?? 'bin/roster';
  return isAbsolute(bin) ? bin : resolve(repoRoot, bin);
}

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
