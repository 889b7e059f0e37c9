// One list of typenames for urql's document cache: lib/invalidation.ts.
import { describe, expect, it } from 'vitest';

// The portal's own sources, as text (generated code and tests aside); this
// directory's files come as ./name.
const sources = import.meta.glob(['../**/*.{ts,tsx}', '!../gql/**', '!../**/*.test.{ts,tsx}'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

describe('ROSTER_DATA', () => {
  it('is the only list of typenames the portal gives urql', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(20);
    const others = Object.entries(sources)
      .filter(([path, text]) => path !== './invalidation.ts' && text.includes('additionalTypenames'))
      .map(([path]) => path);
    expect(others).toEqual([]);
  });
});
