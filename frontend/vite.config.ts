/// <reference types="vitest/config" />
// Vite builds the portal into frontend/dist, which frontend/embed.go embeds
// into the Go binary. Run from the repo root: `npm run build` (vite build frontend).
import { writeFileSync } from 'node:fs';
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
        codeSplitting: { groups: [{ name: 'vendor', test: /[\\/]node_modules[\\/]/ }] },
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
