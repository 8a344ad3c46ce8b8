/**
 * A streaming reader of git's patch output (`git diff -p`, `git log -p`, combined `--cc`
 * diffs of merges) that hands over only what a commit adds: the added lines of each file
 * with their line numbers in the new file. Nothing is held beyond git's current chunk, not
 * even a whole line: a 200 MB minified line is handed over in pieces as it arrives, so a
 * history of any size, with lines of any length, streams through in bounded memory.
 *
 * Content lines are handed over as git's bytes (UTF-8 read as latin1 where they become
 * text: keys are ASCII, and the scanner's `bytewise` mode decodes columns only where a key
 * is found). Header lines are rare and short, and are read as strings.
 *
 * Each added line comes with the line just above it in the new file (when that one is no
 * longer than ABOVE_LIMIT), so that a `roxels-guard-ignore-next-line` comment on an
 * unchanged line still covers an added line below it: the diff must be made with at least
 * one line of context (`-U1`). Context lines are never reported.
 */
import { latin1ToUtf8, newPathFromGitHeader, pathField } from "./quoted-path.js";

export interface CommitInfo {
  readonly sha: string;
  /** The author's e-mail, and name. */
  readonly author: string;
  readonly authorName: string;
  readonly date: string;
}

export interface FileDiff {
  /** Path in the repository (new side), UTF-8, `/` separators. */
  path: string;
  oldPath: string | null;
  /** The path is new in this change (an added file, or the new side of a rename or copy): its name is scanned. */
  created: boolean;
  deleted: boolean;
  /** Git judged the content binary ("Binary files … differ"): no lines were shown. */
  binary: boolean;
  /** New mode: 100644, 100755, 120000 (symlink), 160000 (submodule); null when unchanged and unknown. */
  mode: string | null;
  /** Full blob ids (needs `--full-index`), null when not shown. */
  newBlob: string | null;
  oldBlobs: string[];
}

export interface DiffHandler {
  /** `git log` output: a commit's header line (see HISTORY_FORMAT). */
  commit?(info: CommitInfo): void;
  /** A file's header is complete; return false to skip its lines. */
  file(file: FileDiff): boolean;
  /**
   * An added line of `file` starts: new-file line `number`. `above` holds the bytes of
   * new-file line `number - 1` (added or not), or null when it is not known: outside the
   * diff's context, or longer than ABOVE_LIMIT. It is a view: read it now, do not keep it.
   */
  addedLine(file: FileDiff, number: number, above: Buffer | null): void;
  /**
   * Bytes `start..end` of the added line begun last (no newline, no diff marker): called
   * once per piece of git's output the line spans. `bytes` is git's buffer: do not keep it.
   */
  addedText(bytes: Buffer, start: number, end: number): void;
  /** The file's section of the diff is over (called for every file `file` accepted). */
  fileEnd?(file: FileDiff): void;
}

/** `git log --format` making each commit one header line the parser recognises (the name last: it may be empty). */
export const HISTORY_FORMAT = "--format=%x01%H%x00%ae%x00%aI%x00%an";

/**
 * The longest line kept as the line above the next one. An ignore-next-line comment sits
 * on a short line; a longer one is not worth copying out of git's chunks.
 */
export const ABOVE_LIMIT = 64 * 1024;

/**
 * The longest header line (not a hunk's content) read: git prints paths, modes, blob ids
 * and commit ids there. Anything longer is not git's patch format.
 */
const HEADER_LIMIT = 1024 * 1024;

const PLUS = 0x2b;
const MINUS = 0x2d;
const SPACE = 0x20;
const BACKSLASH = 0x5c;
const AT = 0x40;
const COMMIT_MARK = 0x01;
const NEWLINE = 0x0a;

const HUNK_HEADER = /^(@@+) (?:-\d+(?:,\d+)? )+\+(\d+)(?:,\d+)? @@/;

export class DiffParseError extends Error {
  override readonly name = "DiffParseError";
}

/** What is done with the bytes of the content line being read. */
const enum Content {
  /** Not in the new file, or in a file not wanted: dropped. */
  Skip,
  /** In the new file, unchanged: kept only as the next line's `above`. */
  Kept,
  /** Added: handed over, and kept as the next line's `above`. */
  Added,
}

export class DiffParser {
  readonly #handler: DiffHandler;
  /** The start of a line that goes on in the next chunk (a header line, or a content line's first bytes). */
  readonly #pending: Buffer[] = [];
  #pendingLength = 0;
  #state: "none" | "header" | "hunk" = "none";
  #file: FileDiff | null = null;
  #pathKnown = false;
  #announced = false;
  #wanted = false;
  #parents = 1;
  #newLine = 0;
  /** Inside a content line that spans chunks: its next bytes go to `#contentBytes`. */
  #streaming = false;
  #content = Content.Skip;
  /**
   * The last line of the new file seen (the current one while it is read), for
   * next-line ignore comments: a view of git's chunk when the line fit in one, else copied
   * into `#aboveCopy` (`#aboveCopied`); null past ABOVE_LIMIT.
   */
  #above: Buffer | null = null;
  #aboveNumber = 0;
  #aboveCopied = false;
  #aboveCopy: Buffer | null = null;
  /** File sections seen: a check that nothing was silently dropped. */
  files = 0;

  constructor(handler: DiffHandler) {
    this.#handler = handler;
  }

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(NEWLINE, start);
      const end = nl === -1 ? chunk.length : nl;
      if (this.#streaming) {
        this.#contentBytes(chunk, start, end);
        if (nl === -1) return;
        this.#streaming = false;
      } else if (nl === -1) {
        this.#partial(chunk.subarray(start));
        return;
      } else if (this.#pendingLength > 0) {
        this.#pending.push(chunk.subarray(start, nl));
        const line = this.#takePending();
        this.#lineAt(line, 0, line.length);
      } else {
        this.#lineAt(chunk, start, nl);
      }
      start = nl + 1;
    }
  }

  end(): void {
    if (this.#pendingLength > 0) {
      const line = this.#takePending();
      this.#lineAt(line, 0, line.length);
    }
    this.#streaming = false;
    this.#endFile();
  }

  #takePending(): Buffer {
    const line = this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending);
    this.#pending.length = 0;
    this.#pendingLength = 0;
    return line;
  }

  /**
   * The start of a line that git's chunk cut: a content line is handed over from here on
   * in pieces (once its markers are in); any other line waits for its end, up to HEADER_LIMIT.
   */
  #partial(piece: Buffer): void {
    this.#pending.push(piece);
    this.#pendingLength += piece.length;
    if (this.#state === "hunk") {
      const first = this.#pending[0]![0];
      if ((first === PLUS || first === MINUS || first === SPACE) && this.#pendingLength >= this.#parents) {
        const start = this.#takePending();
        this.#contentStart(start, 0, start.length);
        this.#streaming = true;
        return;
      }
    }
    if (this.#pendingLength > HEADER_LIMIT) throw new DiffParseError("a header line of git's diff output is too long to be one");
  }

  /** The whole line at bytes start..end of `bytes` (no newline). */
  #lineAt(bytes: Buffer, start: number, end: number): void {
    if (this.#state === "hunk") {
      const first = start < end ? bytes[start] : undefined;
      if (first === PLUS || first === MINUS || first === SPACE || first === undefined) {
        this.#contentStart(bytes, start, end);
        return;
      }
      if (first === BACKSLASH) return; // "\ No newline at end of file"
    }
    this.#line(bytes.toString("latin1", start, end));
  }

  /** A line that is not a hunk's content. */
  #line(line: string): void {
    const first = line.charCodeAt(0);
    if (this.#state === "hunk") {
      if (first === AT && line.startsWith("@@")) {
        this.#hunk(line);
        return;
      }
    }
    if (first === COMMIT_MARK) {
      this.#endFile();
      const [sha = "", author = "", date = "", authorName = ""] = line.slice(1).split("\0");
      this.#state = "none";
      this.#handler.commit?.({ sha, author: latin1ToUtf8(author), authorName: latin1ToUtf8(authorName), date });
      return;
    }
    if (line.startsWith("diff ")) {
      this.#startFile(line);
      return;
    }
    if (this.#state === "header") this.#header(line);
  }

  #startFile(line: string): void {
    this.#endFile();
    this.files++;
    this.#state = "header";
    this.#announced = false;
    this.#wanted = false;
    this.#parents = 1;
    this.#above = null;
    this.#aboveNumber = 0;
    const file: FileDiff = { path: "", oldPath: null, created: false, deleted: false, binary: false, mode: null, newBlob: null, oldBlobs: [] };
    let path: string | null = null;
    if (line.startsWith("diff --git ")) {
      path = newPathFromGitHeader(line.slice(11));
    } else if (line.startsWith("diff --cc ") || line.startsWith("diff --combined ")) {
      path = pathField(line.slice(line.indexOf(" ", 5) + 1));
    }
    this.#pathKnown = path !== null;
    file.path = path ?? "";
    this.#file = file;
  }

  #header(line: string): void {
    const file = this.#file!;
    if (line.startsWith("+++ ")) {
      const field = line.slice(4);
      if (field === "/dev/null") file.deleted = true;
      else this.#setPath(pathField(field, "b/"));
    } else if (line.startsWith("index ")) {
      // "index <old>[,<old>…]..<new>[ <mode>]"
      const [blobs = "", mode] = line.slice(6).split(" ");
      const [old = "", next = ""] = blobs.split("..");
      file.newBlob = /^0+$/.test(next) ? null : next;
      file.oldBlobs = old.split(",").filter((b) => b !== "" && !/^0+$/.test(b));
      if (mode && file.mode === null) file.mode = mode;
    } else if (line.startsWith("new file mode ")) {
      file.mode = line.slice(14);
      file.created = true;
    } else if (line.startsWith("new mode ")) {
      file.mode = line.slice(9);
    } else if (line.startsWith("mode ")) {
      file.mode = line.slice(line.lastIndexOf(".") + 1);
    } else if (line.startsWith("deleted file mode ")) {
      file.deleted = true;
    } else if (line.startsWith("rename to ") || line.startsWith("copy to ")) {
      this.#setPath(pathField(line.slice(line.indexOf(" to ") + 4)));
      file.created = true;
    } else if (line.startsWith("rename from ") || line.startsWith("copy from ")) {
      file.oldPath = pathField(line.slice(line.indexOf(" from ") + 6));
    } else if (line.startsWith("Binary files ")) {
      file.binary = true;
    } else if (line.startsWith("@@")) {
      this.#hunk(line);
    }
  }

  #setPath(path: string | null): void {
    if (path === null) return;
    this.#file!.path = path;
    this.#pathKnown = true;
  }

  #announce(): void {
    if (this.#announced) return;
    this.#announced = true;
    const file = this.#file!;
    if (!this.#pathKnown && !file.deleted) throw new DiffParseError("cannot read a file name in git's diff output");
    this.#wanted = !file.deleted && this.#handler.file(file);
  }

  #hunk(line: string): void {
    this.#announce();
    const m = HUNK_HEADER.exec(line);
    if (!m) throw new DiffParseError(`unexpected hunk header in git's diff output: ${JSON.stringify(line.slice(0, 40))}`);
    this.#state = "hunk";
    this.#parents = m[1]!.length - 1;
    this.#newLine = Number(m[2]);
  }

  /**
   * A hunk's content line begins: bytes start..end hold its markers (one per parent) and
   * the first of its text, or all of it.
   */
  #contentStart(bytes: Buffer, start: number, end: number): void {
    const parents = this.#parents;
    let added = true;
    let inResult = true;
    if (start === end) {
      added = false;
    } else {
      for (let k = 0; k < parents; k++) {
        const c = start + k < end ? bytes[start + k] : undefined;
        if (c !== PLUS) added = false;
        if (c === MINUS) inResult = false;
      }
    }
    this.#content = Content.Skip;
    if (!inResult) return;
    const number = this.#newLine++;
    if (!this.#wanted) return;
    const textStart = Math.min(start + parents, end);
    if (added) {
      this.#handler.addedLine(this.#file!, number, this.#aboveNumber === number - 1 ? this.#above : null);
      this.#content = Content.Added;
    } else {
      this.#content = Content.Kept;
    }
    this.#aboveNumber = number;
    // The common case, a line whole in one piece: kept as a view of git's chunk, no copy.
    this.#above = end - textStart <= ABOVE_LIMIT ? bytes.subarray(textStart, end) : null;
    this.#aboveCopied = false;
    if (added && textStart < end) this.#handler.addedText(bytes, textStart, end);
  }

  /** More of the current content line (it spans git's chunks). */
  #contentBytes(bytes: Buffer, start: number, end: number): void {
    if (this.#content === Content.Skip || start === end) return;
    if (this.#content === Content.Added) this.#handler.addedText(bytes, start, end);
    if (this.#above === null) return; // past ABOVE_LIMIT
    if (!this.#aboveCopied) {
      // The line goes on: its first piece, a view so far, is copied after all.
      const first = this.#above;
      this.#aboveCopied = true;
      this.#above = Buffer.alloc(0);
      this.#keepAbove(first, 0, first.length);
    }
    this.#keepAbove(bytes, start, end);
  }

  /** Append bytes start..end to the copied line above (dropped past ABOVE_LIMIT). */
  #keepAbove(bytes: Buffer, start: number, end: number): void {
    const kept = this.#above!.length;
    const length = kept + (end - start);
    if (length > ABOVE_LIMIT) {
      this.#above = null;
      return;
    }
    const copy = (this.#aboveCopy ??= Buffer.allocUnsafe(ABOVE_LIMIT));
    bytes.copy(copy, kept, start, end);
    this.#above = copy.subarray(0, length);
  }

  #endFile(): void {
    if (this.#file === null) return;
    this.#announce();
    if (this.#wanted) this.#handler.fileEnd?.(this.#file);
    this.#file = null;
    this.#state = "none";
  }
}
