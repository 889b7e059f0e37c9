// Fails when frontend/src/gql differs from what `npm run generate` makes from
// the current schema and operations (run from the repo root, e.g. in CI).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const committed = 'frontend/src/gql';
const fresh = mkdtempSync(join(tmpdir(), 'roster-gql-'));
try {
  execFileSync('npx', ['graphql-codegen', '--config', 'frontend/codegen.ts', '--silent'], {
    stdio: 'inherit',
    env: { ...process.env, CODEGEN_OUT: `${fresh}/` },
  });
  const names = new Set([...readdirSync(committed), ...readdirSync(fresh)]);
  const drift = [...names].filter((n) => {
    const read = (dir) => {
      try {
        return readFileSync(join(dir, n), 'utf8');
      } catch {
        return null;
      }
    };
    return read(committed) !== read(fresh);
  });
  if (drift.length > 0) {
    console.error(`frontend/src/gql is out of date (${drift.join(', ')}): run \`npm run generate\` and commit the result.`);
    process.exit(1);
  }
  console.log('frontend/src/gql matches the schema and operations.');
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
