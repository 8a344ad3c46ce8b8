/**
 * Every note ever added under refs/notes/* (`git notes add`, `--ref=review`): each notes
 * ref is a history of its own whose trees hold one blob per annotated object, at the
 * object's id split into folders (`ab/cdef…`). Teams push these refs, so what their
 * notes say is pushed too. Every blob a notes commit adds or changes is listed, with the
 * object it annotates and the notes commit's author (who wrote the note, and when).
 */
import type { CommitInfo } from "./diff-parser.js";
import { runGit } from "./git-process.js";
import { pathField } from "./quoted-path.js";

export interface NoteBlob {
  /** The notes ref (`refs/notes/commits`). */
  readonly ref: string;
  readonly blob: string;
  /** The object the note is about; null for a file in the notes tree that is no note. */
  readonly annotated: string | null;
  /** The path in the notes tree, for a file that is no note. */
  readonly path: string;
  /** The notes commit that added this version of the note. */
  readonly added: CommitInfo;
}

const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

export async function noteBlobs(refs: readonly string[], cwd: string, timeoutMs: number): Promise<NoteBlob[]> {
  const notes: NoteBlob[] = [];
  for (const ref of refs) {
    const { stdout } = await runGit(
      ["log", "--reverse", "--format=%x01%H%x00%ae%x00%an%x00%aI", "-r", "--raw", "--no-abbrev", "--no-renames", "--diff-filter=AM", "--no-show-signature", ref, "--"],
      { cwd, timeoutMs },
    );
    const seen = new Set<string>();
    for (const record of stdout.split("\x01")) {
      if (record === "") continue;
      const [head = "", ...lines] = record.split("\n");
      const [sha = "", author = "", authorName = "", date = ""] = head.split("\0");
      const added: CommitInfo = { sha, author, authorName, date };
      for (const line of lines) {
        // `:100644 100644 <old> <new> M\t<path>`
        const match = /^:\d+ (\d+) [0-9a-f]+ ([0-9a-f]+) [AM]\t(.*)$/.exec(line);
        if (!match || match[1] === "160000") continue;
        const path = pathField(Buffer.from(match[3]!, "utf8").toString("latin1"));
        if (path === null) continue;
        const blob = match[2]!;
        const flat = path.replaceAll("/", "");
        const annotated = OBJECT_ID.test(flat) ? flat : null;
        const key = `${blob} ${path}`;
        if (seen.has(key)) continue;
        seen.add(key);
        notes.push({ ref, blob, annotated, path, added });
      }
    }
  }
  return notes;
}
