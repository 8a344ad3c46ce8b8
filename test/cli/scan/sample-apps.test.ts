/**
 * The bundled sample apps: every planted key in fixtures/leaky-app, nothing in fixtures/clean-app.
 */
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runCli } from "../../support/cli.js";
import { type JsonReport } from "./support.js";

describe("the bundled sample apps", () => {
  it("finds every planted key in fixtures/leaky-app, masked", async () => {
    const result = await runCli(["scan", "fixtures/leaky-app", "--format", "json"], { cwd: REPO_ROOT });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    const byFile = report.findings.map((f) => `${f.file}:${f.line} ${f.kind}${f.encoding ? ` ${f.encoding}` : ""}`);
    expect(byFile).toEqual([
      "fixtures/leaky-app/.env:4 roxels-secret",
      "fixtures/leaky-app/deploy/docker-config.json:4 roxels-secret base64",
      "fixtures/leaky-app/deploy/k8s-secret.yaml:7 roxels-secret base64",
      "fixtures/leaky-app/deploy/set-env.ps1:2 roxels-secret",
      "fixtures/leaky-app/docs/api.md:5 roxels-secret",
      "fixtures/leaky-app/public/assets/app.min.js:1 roxels-secret",
      "fixtures/leaky-app/server/index.js:5 roxels-secret",
      "fixtures/leaky-app/server/logging.js:5 roxels-secret",
      "fixtures/leaky-app/src/components/SupportChat.jsx:7 roxels-secret",
      "fixtures/leaky-app/src/payments.js:2 stripe-secret",
      "fixtures/leaky-app/src/payments.js:3 openai",
    ]);
    for (const f of report.findings) expect(f.masked).toMatch(/^[a-z_-]+[A-Za-z0-9]{4}…[A-Za-z0-9]{4}$/);
  });

  it("finds nothing in fixtures/clean-app, full of traps", async () => {
    const result = await runCli(["scan", "fixtures/clean-app"], { cwd: REPO_ROOT });
    expect(result.stdout).toMatch(/no keys found/);
    expect(result.code).toBe(0);
  });
});
