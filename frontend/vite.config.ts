/// <reference types="vitest/config" />
// Vite builds the portal into frontend/dist, which frontend/embed.go embeds
// into the Go binary. Run from the repo root: `npm run build` (vite build frontend).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('./dist', import.meta.url));

// emptyOutDir removes dist/.gitkeep, which embed.go needs before the first
// build (//go:embed fails on an empty directory): put it back after writing.
function keepGitkeep(): Plugin {
  return {
    name: 'roster-keep-gitkeep',
    apply: 'build',
    writeBundle() {
      writeFileSync(`${outDir}/.gitkeep`, '');
    },
  };
}

// The packages that only the API explorer needs (GraphiQL and what it
// pulls in), and those that only the seat usage chart needs (Recharts and
// its d3 parts) or the members export (papaparse), from package-lock.json:
// they stay out of the vendor file that every page loads, in files of their
// own, loaded when the explorer, the chart or an export needs them. graphql (graphql-js) is one: the portal's other pages
// import only its types (graphql-ws and urql's typed documents).
const EXPLORER_ROOTS = ['graphiql', '@graphiql/toolkit', 'graphql'];
const ON_DEMAND_ROOTS = ['@mantine/charts', 'recharts', 'papaparse'];
function lazyOnlyPackages(): Set<string> {
  const lock = JSON.parse(readFileSync(fileURLToPath(new URL('../package-lock.json', import.meta.url)), 'utf8')) as {
    packages: Record<string, { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> }>;
  };
  const app = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const closure = (roots: string[], peers: boolean) => {
    const seen = new Set<string>();
    const todo = [...roots];
    while (todo.length) {
      const name = todo.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      const p = lock.packages[`node_modules/${name}`];
      todo.push(...Object.keys({ ...p?.dependencies, ...(peers ? p?.peerDependencies : {}) }));
    }
    return seen;
  };
  const lazyRoots = [...EXPLORER_ROOTS, ...ON_DEMAND_ROOTS];
  // The pages' peers (react, for one) are the app's own dependencies.
  const rest = closure(
    Object.keys(app.dependencies).filter((n) => !lazyRoots.includes(n)),
    false,
  );
  return new Set([...closure(lazyRoots, true)].filter((n) => !rest.has(n)));
}
const lazyOnly = lazyOnlyPackages();

/** The package a module belongs to, or null outside node_modules. */
function packageOf(id: string): string | null {
  const parts = id.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  const [scope, name] = [parts[at + 1], parts[at + 2]];
  if (at < 0 || scope === undefined) return null;
  return scope.startsWith('@') ? `${scope}/${name ?? ''}` : scope;
}

// The Go server for `npm run dev` (bin/roster serve on its default address).
const backend = process.env.ROSTER_DEV_BACKEND ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  plugins: [react(), keepGitkeep()],
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: their own file stays
        // cached (immutable) across portal releases.
        codeSplitting: {
          groups: [
            {
              name: 'vendor',
              test: (id: string) => {
                const pkg = packageOf(id);
                return pkg !== null && !lazyOnly.has(pkg);
              },
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/graphql': { target: backend, ws: true, changeOrigin: false },
      '/dev/mail': { target: backend },
    },
  },
  preview: {
    proxy: {
      '/graphql': { target: backend, ws: true, changeOrigin: false },
      '/dev/mail': { target: backend },
    },
  },
  test: {
    root,
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    pool: 'threads',
    maxWorkers: 2,
    // Files share one module graph per worker: Mantine loads once, not per file.
    isolate: false,
  },
});
