/**
 * Every ref and what it ends at. A ref usually names a commit, but a tag may name a blob
 * (`git tag -a cfg $(git hash-object -w secrets.env)`), a tree, or another tag, and each
 * tag object in such a chain carries a message of its own. Tag objects are small; they
 * are read through one `git cat-file --batch` a level of nesting.
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
  // Ref names hold no control characters (git check-ref-format), so a line is a ref.
  const { stdout } = await runGit(["for-each-ref", "--format=%(objecttype) %(objectname) %(refname)"], { cwd, timeoutMs });
  const refs: Array<{ ref: string; type: string; id: string }> = [];
  for (const line of stdout.split("\n")) {
    const match = /^(\S+) (\S+) (.+)$/.exec(line);
    if (match) refs.push({ type: match[1]!, id: match[2]!, ref: match[3]! });
  }
  const chains = refs.map((r) => ({ ref: r.ref, id: r.id, tags: [] as TagObject[], next: r as { id: string; type: string } | null }));
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
  let message = split === -1 ? "" : content.slice(split + 2);
  const fields = new Map<string, string>();
  for (const line of header.split("\n")) {
    const space = line.indexOf(" ");
    if (space > 0 && !fields.has(line.slice(0, space))) fields.set(line.slice(0, space), line.slice(space + 1));
  }
  const object = fields.get("object");
  const type = fields.get("type");
  if (object === undefined || type === undefined) return null;
  const signature = SIGNATURE.exec(message);
  if (signature) message = message.slice(0, signature.index);
  return { object, type, name: fields.get("tag") ?? "", message: message.replace(/\n+$/, "") };
}
