/**
 * `roxels-guard verify` as a real process against the local Roxels API over real HTTP:
 * what it prints, its exit codes, stdin, and the keys it never sends.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { anthropicKey, embedKey, masked, openaiLegacyKey, openaiProjectKey, stripeKey } from "../../support/keys.js";
import { hexBody, vendorKeys } from "../../support/vendor-keys.js";
import { remember, runCli } from "../../support/api-cli.js";
import { CLI_REQUEST_TIMEOUT_MS } from "../../support/api.js";
import { escape, verifyRevokeApi } from "./support.js";

const server = verifyRevokeApi();
const { orgKey, strangerKey, options, writeKeys, requestsSince, lastSeq } = server;

describe("verify", () => {
  it("prints each key masked with its location and state; exit 1 when one is live", async () => {
    const live = orgKey();
    const revoked = orgKey("revoked");
    const stranger = strangerKey();
    await writeKeys("src/config.js", [live, revoked, stranger]);
    const result = await runCli(["verify", "src"], options());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`LIVE +${escape(masked(live))} +src/config.js:1 +the API accepts this key`));
    // A 401 is never shown as proof of revocation: a never-issued key gets it too.
    expect(result.stdout).toMatch(new RegExp(`not accepted +${escape(masked(revoked))} +src/config.js:2 +not accepted by Roxels \\(401\\): revoked, never issued, or not a Roxels key`));
    expect(result.stdout).toMatch(new RegExp(`not accepted +${escape(masked(stranger))} +src/config.js:3`));
    expect(result.stdout).toContain("verify: 1 live, 2 not accepted");
  });

  it("exits 0 when no key is live, and writes JSON with --format json", async () => {
    const revoked = orgKey("revoked");
    await writeKeys("a.js", [revoked]);
    const result = await runCli(["verify", "--format", "json"], options());
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.keys).toEqual([
      expect.objectContaining({ masked: masked(revoked), kind: "roxels-secret", locations: ["a.js:1"], state: "revoked", status: 401 }),
    ]);
    expect(report.summary).toMatchObject({ checked: 1, live: 0, revoked: 1 });
  });

  it("sends only Roxels secret keys: other vendors' keys are listed with where to revoke them", async () => {
    const live = orgKey();
    const stripe = remember(stripeKey());
    const embed = remember(embedKey());
    await writeFile(path.join(server.dir, "mixed.js"), `a = "${live}";\nb = "${stripe}";\nc = "${embed}";\n`);
    const before = lastSeq();
    const result = await runCli(["verify", "--format", "json"], options());
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.keys).toHaveLength(1);
    expect(report.otherKeys).toEqual([expect.objectContaining({ kind: "stripe-secret", advice: expect.stringMatching(/Stripe dashboard/) })]);
    const sent = requestsSince(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.bearer).toBe(live);
  });

  it("never sends a key that its shape or its context gives to another vendor", async () => {
    const live = orgKey();
    const others = {
      deepseek: remember(vendorKeys.deepseek()),
      moonshot: remember(vendorKeys.moonshot()),
      revenuecat: remember(vendorKeys.revenuecat()),
      elevenlabs: remember(vendorKeys.elevenlabs()),
    };
    await writeFile(
      path.join(server.dir, ".env"),
      `ROXELS_API_KEY=${live}\nDEEPSEEK_API_KEY=${others.deepseek}\nMOONSHOT_API_KEY=${others.moonshot}\nREVENUECAT_SECRET_KEY=${others.revenuecat}\nVOICE_KEY=${others.elevenlabs}\n`,
    );
    const before = lastSeq();
    const result = await runCli(["verify", "--format", "json", ".env"], options());
    const report = JSON.parse(result.stdout);
    expect(report.keys.map((k: { masked: string }) => k.masked)).toEqual([masked(live)]);
    expect(report.otherKeys.map((k: { kind: string }) => k.kind).sort()).toEqual(["deepseek", "elevenlabs", "moonshot", "revenuecat-secret"]);
    expect(requestsSince(before).map((r) => r.bearer)).toEqual([live]);
    const revoke = await runCli(["revoke", "--allow-custom-api-base", "--yes", "--format", "json", ".env"], options());
    expect(JSON.parse(revoke.stdout).keys.map((k: { masked: string }) => k.masked)).toEqual([masked(live)]);
    for (const other of Object.values(others)) expect(requestsSince(before).some((r) => r.bearer === other || JSON.stringify(r).includes(other))).toBe(false);
  });

  it("sends a hex-bodied key that its name gives to Roxels, and keeps the same shape unnamed to itself", async () => {
    const named = remember(`sk_${hexBody(32)}`);
    server.api.addKey({ key: named });
    const unnamed = remember(`sk_${hexBody(32)}`);
    await writeFile(path.join(server.dir, ".env"), `ROXELS_SECRET_KEY=${named}\nSOME_KEY=${unnamed}\n`);
    const before = lastSeq();
    const result = await runCli(["verify", "--format", "json", ".env"], options());
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.keys).toEqual([expect.objectContaining({ masked: masked(named), kind: "roxels-secret", state: "live" })]);
    expect(report.otherKeys).toEqual([expect.objectContaining({ kind: "other-sk" })]);
    expect(requestsSince(before).map((r) => r.bearer)).toEqual([named]);
  });

  it("sends a vendor's shape named by Roxels when the shape leaves its vendor open and fits the grammar, and never one named by its vendor", async () => {
    // One shape a row of core's vendor table, with the name its vendor gives it.
    const shapes: Array<[string, () => string]> = [
      ["PAYSTACK_SECRET_KEY", () => vendorKeys.paystack()],
      ["CLERK_SECRET_KEY", () => vendorKeys.clerk()],
      ["STRIPE_SECRET_KEY", () => stripeKey()],
      ["STRIPE_RESTRICTED_KEY", () => stripeKey("live", true)],
      ["ANTHROPIC_API_KEY", () => anthropicKey()],
      ["OPENROUTER_API_KEY", () => vendorKeys.openrouter()],
      ["LANGFUSE_SECRET_KEY", () => vendorKeys.langfuse()],
      ["OPENAI_API_KEY", () => openaiProjectKey()],
      ["OPENAI_LEGACY_OPENAI_KEY", () => openaiLegacyKey()],
      ["ELEVENLABS_API_KEY", () => vendorKeys.elevenlabs()],
      ["DEEPSEEK_API_KEY", () => vendorKeys.deepseek()],
      ["DASHSCOPE_API_KEY", () => vendorKeys.dashscope()],
      ["MOONSHOT_API_KEY", () => vendorKeys.moonshot()],
      ["REVENUECAT_SECRET_KEY", () => vendorKeys.revenuecat()],
    ];
    // Shapes only their vendor issues (ElevenLabs' 48 lower-case hex digits, OpenAI's legacy marker) are not sent whatever the name.
    const fits = (key: string) => /^sk[_-][A-Za-z0-9]{24,64}$/.test(key) && !/^sk_[0-9a-f]{48}$/.test(key) && !key.includes("T3BlbkFJ");
    const roxelsNamed = shapes.map(([, make]) => remember(make()));
    const vendorNamed = shapes.map(([, make]) => remember(make()));
    const sendable = roxelsNamed.filter(fits);
    expect(sendable.length).toBeGreaterThanOrEqual(4); // DeepSeek, DashScope, Moonshot, RevenueCat
    for (const key of sendable) server.api.addKey({ key });
    const lines = [...roxelsNamed.map((key, i) => `ROXELS_SECRET_KEY_${i}=${key}`), ...vendorNamed.map((key, i) => `${shapes[i]![0]}=${key}`)];
    await writeFile(path.join(server.dir, ".env"), `${lines.join("\n")}\n`);
    for (const args of [["verify", "--format", "json", ".env"], ["verify", "--stdin", "--format", "json"]]) {
      const before = lastSeq();
      const result = await runCli(args, options(args.includes("--stdin") ? { input: `${lines.join("\n")}\n` } : {}));
      expect(result.stderr, args.join(" ")).not.toMatch(/internal error/);
      const report = JSON.parse(result.stdout);
      expect(report.keys.map((k: { masked: string; kind: string; state: string }) => `${k.masked} ${k.kind} ${k.state}`).sort(), args.join(" ")).toEqual(
        sendable.map((key) => `${masked(key)} roxels-secret live`).sort(),
      );
      expect(requestsSince(before).map((r) => r.bearer).sort()).toEqual([...sendable].sort());
      for (const key of [...vendorNamed, ...roxelsNamed.filter((k) => !fits(k))]) {
        expect(requestsSince(before).some((r) => JSON.stringify(r).includes(key))).toBe(false);
      }
    }
  });

  it("exits 2 when a key's state cannot be determined", async () => {
    await writeKeys("a.js", [orgKey()]);
    server.api.inject({ type: "server-error", status: 503 }, { endpoint: "liveness", times: 10 });
    const result = await runCli(["verify"], options());
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/unknown +sk_\S+ +a\.js:1 +server error \(503\); gave up after 4 tries/);
    expect(result.stderr).toContain("could not be checked");
  });

  it("reads keys from standard input, skipping lines that are not keys without echoing them", async () => {
    const live = orgKey();
    const result = await runCli(["verify", "--stdin"], options({ input: `${live}\n\nnot-a-key-at-all\nsk_your_key_here_please\n` }));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/LIVE +sk_\S+ +stdin:1/);
    expect(result.stdout).toMatch(/stdin:3 +not a key/);
    expect(result.stdout).toMatch(/stdin:4 +not a key: looks like a placeholder/);
    expect(result.stdout).not.toContain("not-a-key-at-all");
  });

  it("sends nothing at all when every key found is another vendor's, named by shape or by context", async () => {
    const others = [
      `PAYSTACK_SECRET_KEY=${vendorKeys.paystack()}`,
      `CLERK_SECRET_KEY=${vendorKeys.clerk()}`,
      `OPENROUTER_API_KEY=${vendorKeys.openrouter()}`,
      `LANGFUSE_SECRET_KEY=${vendorKeys.langfuse()}`,
      `ELEVENLABS_API_KEY=${vendorKeys.elevenlabs()}`,
      `DEEPSEEK_API_KEY=${vendorKeys.deepseek()}`,
      `DASHSCOPE_API_KEY=${vendorKeys.dashscope()}`,
      `MOONSHOT_API_KEY=${vendorKeys.moonshot()}`,
      `REVENUECAT_SECRET_KEY=${vendorKeys.revenuecat()}`,
      `STRIPE_SECRET_KEY=${stripeKey()}`,
      `UNKNOWN_KEY=${vendorKeys.dashscope()}`,
    ];
    for (const line of others) remember(line.slice(line.indexOf("=") + 1));
    await writeFile(path.join(server.dir, ".env"), `${others.join("\n")}\n`);
    const before = lastSeq();
    const result = await runCli(["verify", "--format", "json", ".env"], options());
    const report = JSON.parse(result.stdout);
    expect(report.keys).toEqual([]);
    expect(report.otherKeys).toHaveLength(others.length);
    expect(requestsSince(before)).toHaveLength(0);
  });

  it("reads a stdin line's context: another vendor's key named on its line never reaches the API", async () => {
    const live = orgKey();
    const named = orgKey();
    const others = {
      deepseek: remember(vendorKeys.deepseek()),
      elevenlabs: remember(vendorKeys.elevenlabs()),
      revenuecat: remember(vendorKeys.revenuecat()),
      moonshot: remember(vendorKeys.moonshot()),
      hex: remember(vendorKeys.dashscope()),
    };
    const input = [
      `DEEPSEEK_API_KEY=${others.deepseek}`,
      `elevenlabs: ${others.elevenlabs}`,
      `export REVENUECAT_SECRET_KEY="${others.revenuecat}"`,
      "moonshot:",
      `  api_key: ${others.moonshot}`,
      others.hex,
      live,
      `ROXELS_API_KEY=${named}`,
      "",
    ].join("\n");
    for (const command of ["verify", "revoke"]) {
      const before = lastSeq();
      const args = command === "verify" ? ["verify", "--stdin", "--format", "json"] : ["revoke", "--stdin", "--dry-run", "--format", "json"];
      const result = await runCli(args, options({ input }));
      const report = JSON.parse(result.stdout);
      expect(report.keys.map((k: { masked: string }) => k.masked).sort(), command).toEqual([masked(live), masked(named)].sort());
      expect(report.otherKeys.map((k: { kind: string; locations: string[] }) => `${k.kind} ${k.locations.join(",")}`).sort(), command).toEqual([
        "deepseek stdin:1",
        "elevenlabs stdin:2",
        "moonshot stdin:5",
        "other-sk stdin:6",
        "revenuecat-secret stdin:3",
      ]);
      for (const other of Object.values(others)) expect(requestsSince(before).some((r) => JSON.stringify(r).includes(other))).toBe(false);
    }
  });

  it("exits 2 when stdin lines could not be used and no key was found live", async () => {
    const revoked = orgKey("revoked");
    const result = await runCli(["verify", "--stdin"], options({ input: `${revoked}\nnot-a-key-at-all\n` }));
    expect(result.stdout).toContain("verify: 0 live, 1 not accepted, 1 skipped");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/1 key skipped, so not checked/);
  });

  it("says LIVE for a 200 whose body never finishes: the status decides", async () => {
    const live = orgKey();
    await writeKeys("a.js", [live]);
    server.api.inject({ type: "stall-body" }, { endpoint: "liveness", times: 10 });
    const result = await runCli(["verify"], options());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/LIVE +sk_\S+ +a\.js:1 +the API accepts this key/);
  });

  it("survives 429s with both Retry-After forms, 5xx, a hang, a dropped connection and a non-JSON answer", async () => {
    const keys = [orgKey(), orgKey(), orgKey("revoked")];
    await writeKeys("a.js", keys);
    server.api.inject({ type: "rate-limit", retryAfter: { seconds: 1 } }, { endpoint: "liveness" });
    server.api.inject({ type: "rate-limit", retryAfter: { dateInSeconds: 1 } }, { endpoint: "liveness" });
    server.api.inject({ type: "server-error", status: 502, body: "<html>bad gateway</html>", contentType: "text/html" }, { endpoint: "liveness" });
    server.api.inject({ type: "hang" }, { endpoint: "liveness" });
    server.api.inject({ type: "drop" }, { endpoint: "liveness" });
    // With one key at a time, the first key meets all five faults: it needs six tries.
    const result = await runCli(["verify", "--format", "json", "--concurrency", "1", "--debug"], options({ env: { ROXELS_API_MAX_TRIES: "8" } }));
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.keys.map((k: { state: string }) => k.state)).toEqual(["live", "live", "revoked"]);
    expect(report.keys[0].tries).toBeGreaterThan(1);
    expect(result.stderr).toMatch(/status 429, Retry-After 1000 ms/);
    expect(result.stderr).toContain(`timed out after ${CLI_REQUEST_TIMEOUT_MS / 1000} s`);
    expect(result.stderr).toMatch(/connection reset/);
    expect(server.api.faults.pending).toBe(0);
  });
});
