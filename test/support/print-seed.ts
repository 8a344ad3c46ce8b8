/** Set-up for every test file (vitest.config.ts): a failing test names the seed that replays it. */
import { beforeEach } from "vitest";
import { TEST_SEED } from "./random.js";

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    console.error(`roxels-guard tests: random seed ${TEST_SEED}; replay with ROXELS_TEST_SEED=${TEST_SEED}`);
  });
});
