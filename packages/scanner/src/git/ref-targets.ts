/**
 * Every ref and what it ends at. A ref usually names a commit, but a tag may name a blob
 * (`git tag -a cfg $(git hash-object -w secrets.env)`), a tree, or another tag, and each
 * tag object in such a chain carries a message of its own. `git for-each-ref` reads each
 * ref's own tag; the inner tags of a tag of a tag, through one `git cat-file --batch` a
 * level of nesting.
 */
import { GitProcess, runGit } from "./git-process.js";

export interface TagObject {
  readonly id: string;
  /** The name the tag object gives itself (`tag …` header), not necessarily its ref's. */
  readonly name: string;
  readonly message: string;
}

export interface RefTarget {
  /** The full ref name (`refs/tags/cfg`). */
  readonly ref: string;
  /** What the ref itself names (a tag object's id, for a tag). */
  readonly id: string;
  /** The tag objects from the ref's own to the innermost, empty when the ref names no tag. */
  readonly tags: readonly TagObject[];
  /** What the chain ends at: a commit, blob or tree (null when a tag names a missing object). */
  readonly target: { readonly id: string; readonly type: string } | null;
}

/** A nesting deeper than this is no real chain (git's own hash DAG cannot loop, but a replace ref could). */
const MAX_NESTING = 64;

export async function refTargets(cwd: string, timeoutMs: number): Promise<RefTarget[]> {
  // A ref's own tag object is read here (its header's type and object, its message), so
  // only a tag of a tag costs a cat-file. for-each-ref knows %00 but not %x01: each
  // record opens with NUL, "RG", NUL.
  const { stdout } = await runGit(
    ["for-each-ref", "--format=%00RG%00%(objecttype)%00%(objectname)%00%(refname)%00%(type)%00%(object)%00%(tag)%00%(contents)"],
    { cwd, timeoutMs },
  );
  const chains: Array<{ ref: string; id: string; tags: TagObject[]; next: { id: string; type: string } | null }> = [];
  for (const record of stdout.split("\0RG\0")) {
    if (record === "") continue;
    const [type = "", id = "", ref = "", taggedType = "", tagged = "", name = "", ...contents] = record.split("\0");
    if (type !== "tag") {
      chains.push({ ref, id, tags: [], next: { id, type } });
      continue;
    }
    const tags = [{ id, name, message: tagMessage(contents.join("\0")) }];
    chains.push({ ref, id, tags, next: taggedType === "" ? null : { id: tagged, type: taggedType } });
  }
  for (let depth = 0; depth < MAX_NESTING; depth++) {
    const pending = chains.filter((c) => c.next?.type === "tag");
    if (pending.length === 0) break;
    const read = await readTags(
      pending.map((c) => c.next!.id),
      cwd,
      timeoutMs,
    );
    for (const chain of pending) {
      const tag = read.get(chain.next!.id);
      if (!tag) {
        chain.next = null;
        continue;
      }
      chain.tags.push({ id: chain.next!.id, name: tag.name, message: tag.message });
      chain.next = { id: tag.object, type: tag.type };
    }
  }
  return chains.map((c) => ({ ref: c.ref, id: c.id, tags: c.tags, target: c.next?.type === "tag" ? null : c.next }));
}

interface ParsedTag {
  readonly object: string;
  readonly type: string;
  readonly name: string;
  readonly message: string;
}

async function readTags(ids: readonly string[], cwd: string, timeoutMs: number): Promise<Map<string, ParsedTag>> {
  const unique = [...new Set(ids)];
  const git = new GitProcess(["cat-file", "--batch"], { cwd, timeoutMs });
  const finished = git.done();
  finished.catch(() => {});
  git.child.stdin.end(unique.map((id) => `${id}\n`).join(""));
  const chunks: Buffer[] = [];
  for await (const chunk of git.child.stdout) chunks.push(chunk as Buffer);
  await finished;
  const out = Buffer.concat(chunks);
  const tags = new Map<string, ParsedTag>();
  let offset = 0;
  for (const id of unique) {
    const nl = out.indexOf(0x0a, offset);
    if (nl === -1) break;
    const [, type, size] = out.toString("latin1", offset, nl).split(" ");
    offset = nl + 1;
    if (type === "missing" || size === undefined) continue;
    const end = offset + Number(size);
    if (type === "tag") {
      const parsed = parseTag(out.toString("utf8", offset, end));
      if (parsed) tags.set(id, parsed);
    }
    offset = end + 1; // the newline after each object
  }
  return tags;
}

/** A signature appended to a tag's message: data, not words anyone wrote. */
const SIGNATURE = /^-----BEGIN (?:PGP|SSH) SIGNATURE-----$/m;

export function parseTag(content: string): ParsedTag | null {
  const split = content.indexOf("\n\n");
  const header = split === -1 ? content : content.slice(0, split);
  const message = split === -1 ? "" : content.slice(split + 2);
  const fields = new Map<string, string>();
  for (const line of header.split("\n")) {
    const space = line.indexOf(" ");
    if (space > 0 && !fields.has(line.slice(0, space))) fields.set(line.slice(0, space), line.slice(space + 1));
  }
  const object = fields.get("object");
  const type = fields.get("type");
  if (object === undefined || type === undefined) return null;
  return { object, type, name: fields.get("tag") ?? "", message: tagMessage(message) };
}

/** A tag's message without the signature appended to it, and without trailing newlines. */
function tagMessage(message: string): string {
  const signature = SIGNATURE.exec(message);
  return (signature ? message.slice(0, signature.index) : message).replace(/\n+$/, "");
}
