/**
 * `scan --history` scans commit messages, annotated tag messages and branch and tag names.
 */
import { afterAll, describe, expect, it } from "vitest";
import { masked, secretKey } from "../../support/keys.js";
import { cleanupTempDirs, expectNoKey, Repo, type JsonFinding } from "../../support/repo.js";

afterAll(cleanupTempDirs);

describe("scan --history", () => {
  it("scans commit messages, annotated tag messages and branch and tag names, reported with their commit", () => {
    const [inMessage, inTag, inBranch, inRemote, inAuthor] = [secretKey(), secretKey(), secretKey(), secretKey(), secretKey()];
    const repo = new Repo();
    repo.write("a.txt", "a\n");
    const first = repo.commitAll(`deploy\n\nused ${inMessage} for the smoke test\n`);
    repo.git("tag", "-a", "v1.0", "-m", `release\nkey: ${inTag}`);
    repo.git("branch", `fix/${inBranch}`);
    // A CI clone holds pushed branches as remote-tracking refs only.
    repo.git("update-ref", `refs/remotes/origin/hotfix/${inRemote}`, "HEAD");
    repo.write("b.txt", "b\n");
    const second = repo.commitAll("clean", `dev+${inAuthor}@example.com`);
    repo.write("c.txt", `k = "${secretKey()}"\n`);
    repo.commitAll("adds a key to a file", `dev+${inAuthor}@example.com`);

    const run = repo.cli(["scan", "--history", "--format", "json"]);
    expectNoKey(run.all, [inMessage, inTag, inBranch, inRemote, inAuthor]);
    const findings = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
    const byPlace = (place: string) => findings.filter((f) => f.place === place);
    expect(byPlace("commit-message").map((f) => [f.file, f.line, f.masked, f.commit])).toEqual([["(commit message)", 3, masked(inMessage), first]]);
    expect(byPlace("tag-message").map((f) => [f.file, f.line, f.masked, f.commit])).toEqual([["refs/tags/v1.0", 2, masked(inTag), first]]);
    expect(byPlace("ref-name").map((f) => [f.file, f.masked, f.commit])).toEqual([
      [`refs/heads/fix/${masked(inBranch)}`, masked(inBranch), first],
      [`refs/remotes/origin/hotfix/${masked(inRemote)}`, masked(inRemote), first],
    ]);
    // The author's e-mail holds a key: masked wherever it is shown.
    const inFile = findings.filter((f) => f.place === undefined);
    expect(inFile).toHaveLength(1);
    expect(inFile[0]!.author).toBe(`dev+${masked(inAuthor)}@example.com`);
    expect(second).not.toBe(first);

    const text = repo.cli(["scan", "--history"]);
    expect(text.stdout).toContain(`(commit message):3:6  roxels-secret  ${masked(inMessage)}`);
    expect(text.stdout).toContain("(in the commit message)");
    expectNoKey(text.all, [inMessage, inTag, inBranch, inRemote, inAuthor]);
  });

  it("masks a key in an author's name and e-mail in text, JSON and SARIF", () => {
    const [inName, inEmail, inFile, inMessage] = [secretKey(), secretKey(), secretKey(), secretKey()];
    const repo = new Repo();
    repo.write("a.txt", "a\n");
    repo.commitAll("init");
    repo.env = { ...repo.env, GIT_AUTHOR_NAME: `Ada ${inName}`, GIT_AUTHOR_EMAIL: `ci+${inEmail}@example.com` };
    repo.write("c.txt", `k = "${inFile}"\n`);
    const sha = repo.commitAll(`add c\n\nsmoke test key ${inMessage}\n`);
    const all = [inName, inEmail, inFile, inMessage];

    const json = repo.cli(["scan", "--history", "--format", "json"]);
    expectNoKey(json.all, all);
    const findings = (JSON.parse(json.stdout) as { findings: JsonFinding[] }).findings;
    expect(findings.map((f) => [f.masked, f.commit, f.authorName, f.author]).sort()).toEqual(
      [
        [masked(inFile), sha, `Ada ${masked(inName)}`, `ci+${masked(inEmail)}@example.com`],
        [masked(inMessage), sha, `Ada ${masked(inName)}`, `ci+${masked(inEmail)}@example.com`],
      ].sort(),
    );

    const sarif = repo.cli(["scan", "--history", "--format", "sarif"]);
    expectNoKey(sarif.all, all);
    const results = (JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ properties: { author?: string; authorName?: string } }> }> }).runs[0]!.results;
    expect(results.map((r) => [r.properties.authorName, r.properties.author])).toEqual([
      [`Ada ${masked(inName)}`, `ci+${masked(inEmail)}@example.com`],
      [`Ada ${masked(inName)}`, `ci+${masked(inEmail)}@example.com`],
    ]);

    const text = repo.cli(["scan", "--history"]);
    expectNoKey(text.all, all);
    expect(text.stdout).toContain(`${sha.slice(0, 12)} ci+${masked(inEmail)}@example.com (Ada ${masked(inName)})`);
  });

  it("scans only the messages of the commits in the range", () => {
    const key = secretKey();
    const repo = new Repo();
    repo.write("a.txt", "a\n");
    repo.commitAll(`old ${key}`);
    const base = repo.head();
    repo.write("b.txt", "b\n");
    repo.commitAll("new and clean");
    const run = repo.cli(["scan", "--history", `${base}..HEAD`, "--format", "json"]);
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings).toEqual([]);
  });
});
