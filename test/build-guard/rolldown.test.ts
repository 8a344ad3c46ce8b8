/**
 * The same plugin under plain Rolldown (the Rollup-API bundler this repository already
 * builds with), in process: the options (`warnOnly`, the ignore file) and the output
 * rules (hidden maps made for tracing are not written; asked-for maps are) without a
 * registry install.
 */
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { rolldown } from "rolldown";
import { describe, expect, it } from "vitest";
import { rolldown as roxelsGuard } from "@roxels-guard/build-guard/vite";
import { fingerprintKey } from "@roxels-guard/core";
import { secretKey } from "../support/keys.js";
import { useTempTrees } from "../support/trees.js";

const tree = useTempTrees();

function app(key: string) {
  return tree({
    "src/main.js": `import { pay } from "./pay.js";\n\ndocument.body.onclick = pay;\n`,
    "src/pay.js": `// The browser's copy.\nexport const pay = () => fetch("/pay", { headers: { authorization: "Bearer ${key}" } });\n`,
  });
}

async function build(dir: string, plugin: ReturnType<typeof roxelsGuard>, sourcemap = false) {
  const bundle = await rolldown({ input: path.join(dir, "src/main.js"), cwd: dir, plugins: [plugin], logLevel: "silent" });
  try {
    await bundle.write({ dir: path.join(dir, "dist"), format: "es", sourcemap });
  } finally {
    await bundle.close();
  }
}

describe("roxels-guard/vite's rolldown export", () => {
  it("fails the bundle, naming chunk, source line and the importing entry, and writes nothing", async () => {
    const key = secretKey();
    const t = app(key);
    const error = await build(t.dir, roxelsGuard({ cwd: t.dir })).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).not.toBeNull();
    expect(error!.message).toMatch(/dist\/main\.js:\d+:\d+ {2}roxels-secret {2}sk_\w{4}…\w{4}/);
    expect(error!.message).toMatch(/\n {2}from src\/pay\.js:2:\d+\n {2}imported by src\/main\.js/);
    expect(error!.message).not.toContain(key);
    expect(existsSync(path.join(t.dir, "dist", "main.js"))).toBe(false);
  });

  it("warnOnly: reports and writes the bundle, without the maps it made", async () => {
    const t = app(secretKey());
    await build(t.dir, roxelsGuard({ cwd: t.dir, warnOnly: true }));
    expect(readdirSync(path.join(t.dir, "dist"))).toEqual(["main.js"]);
  });

  it("keeps the maps the build asked for", async () => {
    const t = app(secretKey());
    await build(t.dir, roxelsGuard({ cwd: t.dir, warnOnly: true }), true);
    expect(readdirSync(path.join(t.dir, "dist")).sort()).toEqual(["main.js", "main.js.map"]);
  });

  it("honours the fingerprint in .roxelsguardignore", async () => {
    const key = secretKey();
    const t = app(key);
    writeFileSync(path.join(t.dir, ".roxelsguardignore"), `${fingerprintKey(key)}\n`);
    await build(t.dir, roxelsGuard({ cwd: t.dir }));
    expect(existsSync(path.join(t.dir, "dist", "main.js"))).toBe(true);
  });
});
