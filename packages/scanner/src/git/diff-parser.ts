/**
 * A streaming reader of git's patch output (`git diff -p`, `git log -p`, combined `--cc`
 * diffs of merges) that hands over only what a commit adds: the added lines of each file
 * with their line numbers in the new file. Nothing is held beyond the current batch, so
 * a history of any size streams through in bounded memory.
 *
 * Lines are read as latin1 (one character per byte): keys are ASCII, and the scanner's
 * `bytewise` mode decodes columns properly only where a key is found.
 *
 * Most of a patch is content lines, so those are read on git's bytes and never become
 * strings one by one: a batch of added lines is gathered as bytes (its lines joined by
 * "\n"), a handler may screen it (`mayHold`: core's byte pre-filter) and only a batch
 * that may hold a key is turned into lines for `added`. Header lines are rare and read
 * as strings.
 *
 * Each batch also carries the line just above each run of added lines (as context, line
 * number 0), so that a `roxels-guard-ignore-next-line` comment on an unchanged line still
 * covers an added line below it: the diff must be made with at least one line of context
 * (`-U1`). Context lines are never reported.
 */
import { latin1ToUtf8, newPathFromGitHeader, pathField } from "./quoted-path.js";

export interface CommitInfo {
  readonly sha: string;
  readonly author: string;
  readonly date: string;
}

export interface FileDiff {
  /** Path in the repository (new side), UTF-8, `/` separators. */
  path: string;
  oldPath: string | null;
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
   * Added lines of `file`: `lines[i]` is new-file line `numbers[i]`, or context above a
   * run of added lines when `numbers[i]` is 0. `bytes` counts the added lines only.
   */
  added(file: FileDiff, lines: string[], numbers: number[], bytes: number): void;
  /**
   * Optional screen, called before `added` with the batch as bytes: its lines joined by
   * "\n", exactly the text `added` would get joined. False means no line of it can hold
   * a key: `added` is not called (the handler counts `bytes` itself). `batch` is a view
   * of a buffer the parser reuses: read it, do not keep it.
   */
  mayHold?(batch: Buffer, bytes: number): boolean;
}

/** `git log --format` making each commit one header line the parser recognises. */
export const HISTORY_FORMAT = "--format=%x01%H%x00%ae%x00%aI";

/** Flush a file's added lines once this many characters are waiting. */
const BATCH_CHARS = 1 << 20;

const PLUS = 0x2b;
const MINUS = 0x2d;
const SPACE = 0x20;
const BACKSLASH = 0x5c;
const AT = 0x40;
const COMMIT_MARK = 0x01;
const NEWLINE = 0x0a;
const EMPTY = Buffer.alloc(0);

const HUNK_HEADER = /^(@@+) (?:-\d+(?:,\d+)? )+\+(\d+)(?:,\d+)? @@/;

export class DiffParseError extends Error {
  override readonly name = "DiffParseError";
}

export class DiffParser {
  readonly #handler: DiffHandler;
  readonly #pending: Buffer[] = [];
  #state: "none" | "header" | "hunk" = "none";
  #file: FileDiff | null = null;
  #pathKnown = false;
  #announced = false;
  #wanted = false;
  #parents = 1;
  #newLine = 0;
  /** The batch: its lines' bytes joined by "\n", where each line ends, its new-file numbers. */
  #batch = Buffer.allocUnsafe(1 << 16);
  #batchLength = 0;
  #lineEnds: number[] = [];
  #numbers: number[] = [];
  #batchBytes = 0;
  #batchChars = 0;
  /** The last line seen that is part of the new file (bytes start..end of a chunk), for next-line ignore comments. */
  #previous: Buffer | null = null;
  #previousStart = 0;
  #previousEnd = 0;
  #previousNumber = 0;
  /** File sections seen: a check that nothing was silently dropped. */
  files = 0;

  constructor(handler: DiffHandler) {
    this.#handler = handler;
  }

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl === -1) break;
      if (this.#pending.length > 0) {
        this.#pending.push(chunk.subarray(start, nl));
        const line = Buffer.concat(this.#pending);
        this.#pending.length = 0;
        this.#lineAt(line, 0, line.length);
      } else {
        this.#lineAt(chunk, start, nl);
      }
      start = nl + 1;
    }
    // A long line arriving in pieces is joined once, not re-concatenated per chunk.
    if (start < chunk.length) this.#pending.push(chunk.subarray(start));
  }

  end(): void {
    if (this.#pending.length > 0) {
      const line = Buffer.concat(this.#pending);
      this.#pending.length = 0;
      this.#lineAt(line, 0, line.length);
    }
    this.#endFile();
  }

  /** The line at bytes start..end of `bytes` (no newline). */
  #lineAt(bytes: Buffer, start: number, end: number): void {
    if (this.#state === "hunk") {
      const first = start < end ? bytes[start] : undefined;
      if (first === PLUS || first === MINUS || first === SPACE || first === undefined) {
        this.#content(bytes, start, end);
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
      const [sha = "", author = "", date = ""] = line.slice(1).split("\0");
      this.#state = "none";
      this.#handler.commit?.({ sha, author: latin1ToUtf8(author), date });
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
    this.#previous = null;
    this.#previousNumber = 0;
    const file: FileDiff = { path: "", oldPath: null, deleted: false, binary: false, mode: null, newBlob: null, oldBlobs: [] };
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
    } else if (line.startsWith("new mode ")) {
      file.mode = line.slice(9);
    } else if (line.startsWith("mode ")) {
      file.mode = line.slice(line.lastIndexOf(".") + 1);
    } else if (line.startsWith("deleted file mode ")) {
      file.deleted = true;
    } else if (line.startsWith("rename to ") || line.startsWith("copy to ")) {
      this.#setPath(pathField(line.slice(line.indexOf(" to ") + 4)));
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

  /** A hunk's content line: bytes start..end, markers included. */
  #content(bytes: Buffer, start: number, end: number): void {
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
    if (!inResult) return;
    const number = this.#newLine++;
    if (!this.#wanted) return;
    const textStart = Math.min(start + parents, end);
    if (added) this.#addLine(bytes, textStart, end, number);
    this.#previous = bytes;
    this.#previousStart = textStart;
    this.#previousEnd = end;
    this.#previousNumber = number;
  }

  #addLine(bytes: Buffer, start: number, end: number, number: number): void {
    const numbers = this.#numbers;
    const last = numbers.length > 0 ? numbers[numbers.length - 1]! : -1;
    if (last !== number - 1 || last === 0) {
      if (this.#previous !== null && this.#previousNumber === number - 1) {
        this.#append(this.#previous, this.#previousStart, this.#previousEnd, 0);
      } else if (numbers.length > 0) {
        // A gap: an empty line keeps the previous run from counting as "the line above".
        this.#append(EMPTY, 0, 0, 0);
      }
    }
    this.#append(bytes, start, end, number);
    this.#batchBytes += end - start + 1;
    this.#batchChars += end - start + 1;
    if (this.#batchChars >= BATCH_CHARS) this.#flush();
  }

  /** Add a line to the batch ("\n" before it unless it is the first). */
  #append(bytes: Buffer, start: number, end: number, number: number): void {
    const separator = this.#numbers.length > 0 ? 1 : 0;
    const needed = this.#batchLength + separator + (end - start);
    if (needed > this.#batch.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.#batch.length * 2));
      this.#batch.copy(grown, 0, 0, this.#batchLength);
      this.#batch = grown;
    }
    const batch = this.#batch;
    let at = this.#batchLength;
    if (separator) batch[at++] = NEWLINE;
    this.#batchLength = at + bytes.copy(batch, at, start, end);
    this.#lineEnds.push(this.#batchLength);
    this.#numbers.push(number);
  }

  #flush(): void {
    if (this.#numbers.length === 0) return;
    const numbers = this.#numbers;
    const ends = this.#lineEnds;
    const bytes = this.#batchBytes;
    const batch = this.#batch.subarray(0, this.#batchLength);
    this.#numbers = [];
    this.#lineEnds = [];
    this.#batchBytes = 0;
    this.#batchChars = 0;
    this.#batchLength = 0;
    // A batch grown for one huge line is not kept for the rest of the stream.
    if (this.#batch.length > 4 * BATCH_CHARS) this.#batch = Buffer.allocUnsafe(1 << 16);
    if (this.#handler.mayHold && !this.#handler.mayHold(batch, bytes)) return;
    const lines: string[] = new Array<string>(ends.length);
    let from = 0;
    for (let i = 0; i < ends.length; i++) {
      lines[i] = batch.toString("latin1", from, ends[i]);
      from = ends[i]! + 1;
    }
    this.#handler.added(this.#file!, lines, numbers, bytes);
  }

  #endFile(): void {
    if (this.#file === null) return;
    this.#announce();
    this.#flush();
    this.#file = null;
    this.#state = "none";
  }
}
