/**
 * Every relative link in the README, docs/ and the packages' READMEs points at a file
 * or folder that exists, and an anchor (`cli.md#verify-and-revoke`, `#retries`) at a
 * heading of that page: docs moved between pages must not leave a reader at a 404 or at
 * the top of a long page.
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

const withoutCodeBlocks = (markdown: string): string => markdown.replace(/```[\s\S]*?```/g, "");

/** Link targets outside code blocks: `[text](target)` and `[text](target#anchor)`, minus URLs. */
function relativeLinks(markdown: string): { path: string; anchor: string | undefined }[] {
  return [...withoutCodeBlocks(markdown).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
    .map((target) => {
      const hash = target.indexOf("#");
      return hash === -1 ? { path: target, anchor: undefined } : { path: target.slice(0, hash), anchor: target.slice(hash + 1) };
    });
}

/**
 * The anchors GitHub gives a page's headings: the heading's text without its markup,
 * lower-cased, punctuation dropped, spaces as `-`, and `-1`, `-2`… on a repeated one.
 */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of withoutCodeBlocks(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const text = heading!.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[`*_]/g, "");
    const slug = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N} -]/gu, "").replace(/ /g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

describe("documentation links", () => {
  it("finds pages, links and anchors to check", () => {
    expect(pages.length).toBeGreaterThan(8);
    const links = pages.flatMap((page) => relativeLinks(readFileSync(page, "utf8")));
    expect(links.filter((link) => link.path !== "").length).toBeGreaterThan(20);
    expect(links.filter((link) => link.anchor !== undefined).length).toBeGreaterThan(5);
  });

  it("gives headings GitHub's anchors", () => {
    const anchors = headingAnchors("# The `roxels-guard` command line\n## `check-build [dir]`\n```\n# not a heading\n```\n## Notes\n## Notes\n### [Retries](x.md), again!\n");
    expect([...anchors]).toEqual(["the-roxels-guard-command-line", "check-build-dir", "notes", "notes-1", "retries-again"]);
  });

  it.each(pages.map((page) => [path.relative(REPO_ROOT, page), page]))("%s links only to files and headings that exist", (_name, page) => {
    const broken = relativeLinks(readFileSync(page, "utf8")).filter(({ path: target, anchor }) => {
      const resolved = target === "" ? page : path.resolve(path.dirname(page), decodeURIComponent(target));
      if (!existsSync(resolved) || (target.endsWith("/") && !statSync(resolved).isDirectory())) return true;
      if (anchor === undefined || !resolved.endsWith(".md")) return false;
      return !headingAnchors(readFileSync(resolved, "utf8")).has(decodeURIComponent(anchor));
    });
    expect(broken).toEqual([]);
  });
});
