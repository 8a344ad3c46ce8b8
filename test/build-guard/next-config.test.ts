/**
 * withRoxelsGuard as Next.js calls it, in process: what it adds to a config (object or
 * function), what it keeps of the user's own webpack function and compiler hook, and the
 * check of .next/static it runs after a Turbopack compilation. Real `next build`s are in
 * next.test.ts.
 */
import { describe, expect, it, vi } from "vitest";
import { RoxelsGuardPlugin, withRoxelsGuard } from "@roxels-guard/build-guard/webpack";
import { secretKey } from "../support/keys.js";
import { useTempTrees } from "../support/trees.js";

const tree = useTempTrees();

type Config = {
  webpack: (config: { plugins?: unknown[] }, context: { isServer: boolean }) => { plugins?: unknown[] };
  turbopack?: object;
  compiler: { runAfterProductionCompile: (metadata: { projectDir: string; distDir: string }) => Promise<void> };
};

describe("withRoxelsGuard", () => {
  it("adds the plugin to the browser compiler only, after the user's own webpack function", () => {
    const userWebpack = vi.fn((config: { plugins?: unknown[] }) => ({ ...config, plugins: [...(config.plugins ?? []), "user-plugin"] }));
    const config = withRoxelsGuard({ reactStrictMode: true, webpack: userWebpack }) as unknown as Config & { reactStrictMode: boolean };
    expect(config.reactStrictMode).toBe(true);
    const client = config.webpack({ plugins: [] }, { isServer: false });
    expect(client.plugins?.[0]).toBe("user-plugin");
    expect(client.plugins?.[1]).toBeInstanceOf(RoxelsGuardPlugin);
    const server = config.webpack({ plugins: [] }, { isServer: true });
    expect(server.plugins).toEqual(["user-plugin"]);
    expect(userWebpack).toHaveBeenCalledTimes(2);
    // The user's webpack function is theirs to square with Turbopack: no turbopack key added.
    expect(config.turbopack).toBeUndefined();
  });

  it("adds an empty turbopack config when the only webpack function is its own, and keeps one given", () => {
    expect((withRoxelsGuard({}) as unknown as Config).turbopack).toEqual({});
    const given = { resolveAlias: { a: "b" } };
    expect((withRoxelsGuard({ turbopack: given }) as unknown as Config).turbopack).toBe(given);
  });

  it("wraps a config function", async () => {
    const wrapped = withRoxelsGuard(async (phase: unknown) => ({ env: { PHASE: String(phase) } })) as unknown as (phase: string) => Promise<Config & { env: { PHASE: string } }>;
    const config = await wrapped("phase-production-build");
    expect(config.env.PHASE).toBe("phase-production-build");
    expect(config.webpack({ plugins: [] }, { isServer: false }).plugins?.[0]).toBeInstanceOf(RoxelsGuardPlugin);
  });

  it("after compilation, fails on a key in .next/static and not on one in server output; the user's hook runs first", async () => {
    const key = secretKey();
    const t = tree({
      ".next/static/chunks/app/page-1.js": `fetch("/x",{headers:{authorization:"Bearer ${key}"}});\n`,
      ".next/server/app/page.js": `const k = "${secretKey()}";\n`,
    });
    const userHook = vi.fn(async () => {});
    const config = withRoxelsGuard({ compiler: { runAfterProductionCompile: userHook } }) as unknown as Config;
    const metadata = { projectDir: t.dir, distDir: `${t.dir}/.next` };
    const error = await config.compiler.runAfterProductionCompile(metadata).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(userHook).toHaveBeenCalledWith(metadata);
    expect(error?.message).toMatch(/^roxels-guard: 1 secret key in the client bundle \(\.next\/static\)/);
    expect(error?.message).toContain(".next/static/chunks/app/page-1.js:1:");
    expect(error?.message).not.toContain(key);
  });

  it("after compilation, passes clean output, and only warns with warnOnly", async () => {
    const clean = tree({ ".next/static/chunks/main.js": "console.log(1);\n" });
    const config = withRoxelsGuard({}) as unknown as Config;
    await expect(config.compiler.runAfterProductionCompile({ projectDir: clean.dir, distDir: `${clean.dir}/.next` })).resolves.toBeUndefined();

    const leaking = tree({ ".next/static/chunks/main.js": `x("${secretKey()}");\n` });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const lenient = withRoxelsGuard({}, { warnOnly: true }) as unknown as Config;
      await expect(lenient.compiler.runAfterProductionCompile({ projectDir: leaking.dir, distDir: `${leaking.dir}/.next` })).resolves.toBeUndefined();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toContain("roxels-guard: 1 secret key");
    } finally {
      warn.mockRestore();
    }
  });
});
