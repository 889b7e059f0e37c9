// graphql-codegen configuration: typed operations for the portal, generated
// from the server's schema files into src/gql (committed). Run from the repo
// root with `npm run generate`.
import type { CodegenConfig } from '@graphql-codegen/cli';

// The schema the server serves: entgql's generated file plus the hand-written
// files, all in the repository.
const schema = ['graph/ent.graphql', 'graph/schema/*.graphql'];

// scripts/check-generated.mjs writes elsewhere and compares.
const out = process.env.CODEGEN_OUT ?? 'frontend/src/gql/';

const config: CodegenConfig = {
  schema,
  documents: ['frontend/src/**/*.{ts,tsx}', '!frontend/src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    [out]: {
      preset: 'client',
      presetConfig: {
        // Fragments are plain types; no useFragment masking in this app.
        fragmentMasking: false,
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { Time: 'string', Cursor: 'string' },
        skipTypename: false,
        dedupeFragments: true,
      },
    },
  },
  hooks: {},
};

export default config;
