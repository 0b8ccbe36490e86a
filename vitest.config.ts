import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (`main`) and ESM (`module`) builds. Node, and so Pothos and Yoga,
    // load the CommonJS one; Vite would give test files the ESM one, and graphql refuses to mix
    // types from two copies. Point test files at the copy Node uses.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI and type tests start processes; give them room on a loaded machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
