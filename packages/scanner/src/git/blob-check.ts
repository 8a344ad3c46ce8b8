/**
 * Files git showed as "Binary files … differ". Git decides that from a NUL byte in the
 * first 8000 bytes, but also from `.gitattributes` (`*.env -diff`, `binary`), from size
 * (`core.bigFileThreshold`: a 1 GB log is "binary" to git), and it calls UTF-16 text
 * binary: trusting it would let an attribute line hide a key. So their blobs are streamed
 * through ONE `git cat-file --batch` and judged by the scanner's own encoding sniffing.
 * Text and binaries (searched as bytes) are scanned chunk by chunk by the same reader as
 * a file (chunked-scan.ts), never held whole; archives are read whole and opened
 * (archive-scan.ts). A key counts as added only if the file's previous version did not
 * hold it.
 */
import { detectEncoding, findKeys, SNIFF_LENGTH, type TextEncoding } from "@roxels-guard/core";
import { archiveFormat } from "../archive-format.js";
import { scanContent } from "../archive-scan.js";
import { ChunkedScan, scanInto, type ChunkVisitor } from "../chunked-scan.js";
import { MAX_ARCHIVE_BYTES } from "../file-read.js";
import type { ScanStats, Suppressed } from "../finding.js";
import type { ScanSettings } from "../settings.js";
import type { ScanSink } from "../text-scan.js";
import { STREAM_CHUNK, type AddedLineCollector, type BlobCheck, type SequencedFinding } from "./added-lines.js";
import { GitProcess } from "./git-process.js";

/** One blob asked of git: an older version of a checked file (its keys are not new), or the checked version. */
type BlobRequest = { readonly id: string; readonly older: true } | { readonly id: string; readonly older: false; readonly check: BlobCheck };

export async function checkBinaryBlobs(
  checks: readonly BlobCheck[],
  settings: ScanSettings,
  cwd: string,
  timeoutMs: number,
  stats: ScanStats,
  collector: AddedLineCollector,
): Promise<{ findings: SequencedFinding[]; suppressed: Suppressed[]; warnings: string[] }> {
  const findings: SequencedFinding[] = [];
  const suppressed: Suppressed[] = [];
  const warnings: string[] = [];
  if (checks.length === 0) return { findings, suppressed, warnings };

  // Each older version is read once, before the first version that needs it: the keys it
  // held (a few fingerprints) are all that is kept of it.
  const olderKeys = new Map<string, Set<string>>();
  const requests: BlobRequest[] = [];
  for (const check of checks) {
    for (const id of check.file.oldBlobs) {
      if (olderKeys.has(id)) continue;
      olderKeys.set(id, new Set());
      requests.push({ id, older: true });
    }
    requests.push({ id: check.file.newBlob!, older: false, check });
  }

  const buffer = Buffer.allocUnsafe(STREAM_CHUNK);
  const sink: ScanSink = { suppressions: settings.suppressions, kinds: settings.kinds, explain: settings.explain, findings: [], suppressed: [] };
  let next = 0;
  const reader = new BatchReader({
    open(encoding, bomLength, binary) {
      const request = requests[next]!;
      if (!request.older) return new ChunkedScan(buffer, encoding, scanInto(sink, { file: request.check.display }), bomLength, binary);
      const keys = olderKeys.get(request.id)!;
      const collect: ChunkVisitor = (text, _at, limit, decodeBase64, from = 0) => {
        for (const match of findKeys(text, { decodeBase64 })) if (match.index < limit && match.index >= from) keys.add(match.secret.fingerprint);
      };
      return new ChunkedScan(buffer, encoding, collect, bomLength, binary);
    },
    archive(bytes) {
      const request = requests[next]!;
      if (!request.older) {
        for (const warning of scanContent(bytes, request.check.display, sink).warnings) warnings.push(warning);
        return;
      }
      const older: ScanSink = { suppressions: settings.suppressions, explain: false, findings: [], suppressed: [] };
      scanContent(bytes, "", older);
      const keys = olderKeys.get(request.id)!;
      for (const finding of older.findings) keys.add(finding.fingerprint);
    },
    close(size, text) {
      const request = requests[next++]!;
      if (request.older) return;
      if (!text) {
        stats.skipped.binary++;
        return;
      }
      stats.files++;
      stats.bytes += size;
      const check = request.check;
      const before = new Set<string>();
      for (const id of check.file.oldBlobs) for (const key of olderKeys.get(id) ?? []) before.add(key);
      for (const finding of sink.findings) {
        if (before.has(finding.fingerprint)) continue;
        const placed = check.place === undefined ? finding : { ...finding, place: check.place, ...(check.object !== undefined ? { object: check.object } : {}) };
        findings.push({ finding: collector.withCommit(placed, check.commit), sequence: check.sequence });
      }
      for (const entry of sink.suppressed) suppressed.push(entry); // no spread: it may hold 100,000s
      sink.findings.length = 0;
      sink.suppressed.length = 0;
    },
  });

  const git = new GitProcess(["cat-file", "--batch"], { cwd, timeoutMs });
  const finished = git.done();
  finished.catch(() => {});
  git.child.stdin.end(requests.map((r) => `${r.id}\n`).join(""));
  for await (const chunk of git.child.stdout) reader.push(chunk as Buffer);
  await finished;
  return { findings, suppressed, warnings };
}

interface BlobHandler {
  /** A blob's first bytes were sniffed: the scanner its content goes through (`binary`: searched as bytes). */
  open(encoding: TextEncoding, bomLength: number, binary: boolean): ChunkedScan;
  /** A whole archive blob, to be opened. */
  archive(bytes: Buffer): void;
  /** A blob ended (`size` bytes); `text` is false when it was binary, or missing. */
  close(size: number, text: boolean): void;
}

/**
 * Parses `git cat-file --batch` output, "<id> <type> <size>\n<content>\n" or
 * "<id> missing\n", streaming each blob: its first bytes are sniffed, then a text blob's
 * content goes through its scanner as it arrives and a binary one's is dropped unread.
 */
class BatchReader {
  readonly #handler: BlobHandler;
  #header = "";
  #size = 0;
  /** Content bytes still to come; -1: a header line is next. The separator newline follows the content. */
  #remaining = -1;
  /** The content's first bytes, until there are enough to sniff. */
  #head: Buffer[] = [];
  #headLength = 0;
  /** Undefined while the head is gathered; null for an archive, gathered whole in `#archive`. */
  #scan: ChunkedScan | null | undefined = undefined;
  #archive: Buffer[] | null = null;

  constructor(handler: BlobHandler) {
    this.#handler = handler;
  }

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#remaining < 0) {
        const nl = chunk.indexOf(0x0a, offset);
        if (nl === -1) {
          this.#header += chunk.toString("latin1", offset);
          return;
        }
        const header = this.#header + chunk.toString("latin1", offset, nl);
        this.#header = "";
        offset = nl + 1;
        const [, type, size] = header.split(" ");
        if (type === "missing" || size === undefined) {
          this.#handler.close(0, false);
          continue;
        }
        this.#size = this.#remaining = Number(size);
        this.#head = [];
        this.#headLength = 0;
        this.#scan = undefined;
        continue;
      }
      if (this.#remaining === 0) {
        offset++; // the separator newline
        this.#finish();
        continue;
      }
      const take = Math.min(this.#remaining, chunk.length - offset);
      this.#remaining -= take;
      this.#content(chunk.subarray(offset, offset + take));
      offset += take;
    }
  }

  #content(piece: Buffer): void {
    if (this.#scan === undefined) {
      this.#head.push(piece);
      this.#headLength += piece.length;
      if (this.#headLength >= SNIFF_LENGTH || this.#remaining === 0) this.#sniff();
    } else if (this.#scan !== null) {
      this.#scan.write(piece);
    } else {
      this.#archive?.push(Buffer.from(piece));
    }
  }

  #sniff(): void {
    const head = Buffer.concat(this.#head);
    this.#head = [];
    const detected = detectEncoding(head.subarray(0, SNIFF_LENGTH));
    if (detected === "binary" && this.#size <= MAX_ARCHIVE_BYTES && archiveFormat(head.subarray(0, 512)) !== null) {
      this.#scan = null;
      this.#archive = [head];
      return;
    }
    this.#scan = detected === "binary" ? this.#handler.open("utf8", 0, true) : this.#handler.open(detected.encoding, detected.bomLength, false);
    this.#scan.write(head);
  }

  #finish(): void {
    this.#remaining = -1;
    if (this.#scan === undefined) this.#sniff(); // an empty blob
    if (this.#scan) this.#scan.end();
    if (this.#archive) this.#handler.archive(Buffer.concat(this.#archive));
    this.#archive = null;
    this.#handler.close(this.#size, true);
    this.#scan = undefined;
  }
}
