/**
 * Every relative link in the README, docs/ and the packages' READMEs points at a file
 * or folder that exists: docs moved between pages must not leave a reader at a 404.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/cli.js";

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(full);
    return entry.name.endsWith(".md") ? [full] : [];
  });
}

const pages = [
  path.join(REPO_ROOT, "README.md"),
  ...markdownFiles(path.join(REPO_ROOT, "docs")),
  ...readdirSync(path.join(REPO_ROOT, "packages"))
    .map((name) => path.join(REPO_ROOT, "packages", name, "README.md"))
    .filter((file) => existsSync(file)),
];

/** Link targets outside code blocks: `[text](target)`, minus URLs and in-page anchors. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!.split("#")[0]!)
    .filter((target) => target !== "" && !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

describe("documentation links", () => {
  it("finds pages and links to check", () => {
    expect(pages.length).toBeGreaterThan(8);
    expect(pages.flatMap((page) => relativeLinks(readFileSync(page, "utf8"))).length).toBeGreaterThan(20);
  });

  it.each(pages.map((page) => [path.relative(REPO_ROOT, page), page]))("%s links only to files that exist", (_name, page) => {
    const broken = relativeLinks(readFileSync(page, "utf8")).filter((target) => {
      const resolved = path.resolve(path.dirname(page), decodeURIComponent(target));
      return !existsSync(resolved) || (target.endsWith("/") && !statSync(resolved).isDirectory());
    });
    expect(broken).toEqual([]);
  });
});
