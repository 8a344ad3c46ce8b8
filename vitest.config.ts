import { defineConfig } from "vitest/config";

// One seed per run, inherited by every test file through the environment
// (test/support/random.ts); ROXELS_TEST_SEED set by hand replays a run.
process.env.ROXELS_TEST_SEED ??= String(Math.floor(Math.random() * 2 ** 32));

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/support/print-seed.ts"],
    // CLI and git tests spawn real processes; two cores are shared between them, and CI
    // runs the suite beside a CPU hog. A time-out here only catches a hang.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
  },
});
