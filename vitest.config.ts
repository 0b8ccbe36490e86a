import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI and type tests start processes; give them room on a loaded machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
