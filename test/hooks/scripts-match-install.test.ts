/**
 * hooks/ holds exactly what install writes (one source: packages/cli/src/hooks/scripts.ts).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanupTempDirs, ROOT } from "../support/repo.js";

afterAll(cleanupTempDirs);

describe("hooks/ files", () => {
  it("are exactly what install writes (one source: packages/cli/src/hooks/scripts.ts)", async () => {
    const { hookFile } = await import(path.join(ROOT, "packages/cli/dist/hooks/scripts.js"));
    for (const hook of ["pre-commit", "pre-push", "commit-msg"]) {
      // If this fails, regenerate: node -e 'import("./packages/cli/dist/hooks/scripts.js").then(m=>["pre-commit","pre-push","commit-msg"].forEach(h=>require("fs").writeFileSync("hooks/"+h,m.hookFile(h))))'
      expect(readFileSync(path.join(ROOT, "hooks", hook), "utf8")).toBe(hookFile(hook));
    }
  });
});
