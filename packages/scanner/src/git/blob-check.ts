/**
 * Files git showed as "Binary files … differ". Git decides that from a NUL byte in the
 * first 8000 bytes, but also from `.gitattributes` (`*.env -diff`, `binary`), and it
 * calls UTF-16 text binary: trusting it would let an attribute line hide a key. So their
 * blobs are read through ONE `git cat-file --batch` and judged by the scanner's own
 * encoding sniffing. Real binaries are counted as skipped; text ones are scanned whole,
 * and a key counts as added only if the file's previous version did not hold it.
 */
import { decodeChunk, detectEncoding, findKeys, SNIFF_LENGTH } from "@roxels-guard/core";
import type { ScanStats, Suppressed } from "../finding.js";
import type { ScanSettings } from "../settings.js";
import { scanText, type ScanSink } from "../text-scan.js";
import type { AddedLineCollector, BlobCheck, SequencedFinding } from "./added-lines.js";
import { GitProcess } from "./git-process.js";

interface BlobContent {
  /** null: binary (or missing); the content was discarded unread. */
  readonly text: string | null;
  readonly bytewise: boolean;
}

export async function checkBinaryBlobs(
  checks: readonly BlobCheck[],
  settings: ScanSettings,
  cwd: string,
  timeoutMs: number,
  stats: ScanStats,
  collector: AddedLineCollector,
): Promise<{ findings: SequencedFinding[]; suppressed: Suppressed[] }> {
  const findings: SequencedFinding[] = [];
  const suppressed: Suppressed[] = [];
  if (checks.length === 0) return { findings, suppressed };

  const wanted: string[] = [];
  for (const check of checks) wanted.push(check.file.newBlob!, ...check.file.oldBlobs);
  const blobs = await readBlobs(wanted, cwd, timeoutMs);

  for (const check of checks) {
    const content = blobs.get(check.file.newBlob!);
    if (!content || content.text === null) {
      stats.skipped.binary++;
      continue;
    }
    stats.files++;
    stats.bytes += content.text.length;
    const before = new Set<string>();
    for (const old of check.file.oldBlobs) {
      const oldText = blobs.get(old)?.text;
      if (oldText) for (const match of findKeys(oldText)) before.add(match.secret.fingerprint);
    }
    const sink: ScanSink = { suppressions: settings.suppressions, kinds: settings.kinds, explain: settings.explain, findings: [], suppressed: [] };
    scanText(content.text, { file: check.display, bytewise: content.bytewise }, sink);
    for (const finding of sink.findings) {
      if (before.has(finding.fingerprint)) continue;
      findings.push({ finding: collector.withCommit(finding, check.commit), sequence: check.sequence });
    }
    for (const entry of sink.suppressed) suppressed.push(entry); // no spread: it may hold 100,000s
  }
  return { findings, suppressed };
}

/** Blob contents by id, each read once; binary ones are recognised and not kept. */
async function readBlobs(ids: readonly string[], cwd: string, timeoutMs: number): Promise<Map<string, BlobContent>> {
  const unique = [...new Set(ids)];
  const git = new GitProcess(["cat-file", "--batch"], { cwd, timeoutMs });
  const finished = git.done();
  finished.catch(() => {});
  git.child.stdin.end(unique.map((id) => `${id}\n`).join(""));

  const result = new Map<string, BlobContent>();
  const reader = new BatchReader((id, content) => result.set(id, content));
  for await (const chunk of git.child.stdout) reader.push(chunk as Buffer);
  await finished;
  return result;
}

/** Parses `git cat-file --batch` output: "<id> <type> <size>\n<content>\n" or "<id> missing\n". */
class BatchReader {
  readonly #emit: (id: string, content: BlobContent) => void;
  #header = "";
  #id = "";
  #remaining = -1;
  #parts: Buffer[] = [];
  #kept = 0;
  #binary: boolean | null = null;

  constructor(emit: (id: string, content: BlobContent) => void) {
    this.#emit = emit;
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
        const [id = "", type, size] = header.split(" ");
        if (type === "missing" || size === undefined) {
          this.#emit(id, { text: null, bytewise: true });
          continue;
        }
        this.#id = id;
        this.#remaining = Number(size) + 1; // content and its trailing newline
        this.#parts = [];
        this.#kept = 0;
        this.#binary = null;
        continue;
      }
      const take = Math.min(this.#remaining, chunk.length - offset);
      const piece = chunk.subarray(offset, offset + take);
      offset += take;
      this.#remaining -= take;
      if (this.#binary !== true) {
        this.#parts.push(Buffer.from(piece));
        this.#kept += piece.length;
        if (this.#binary === null && (this.#kept >= SNIFF_LENGTH || this.#remaining === 0)) {
          const head = Buffer.concat(this.#parts);
          this.#binary = detectEncoding(head.subarray(0, Math.min(SNIFF_LENGTH, head.length))) === "binary";
          this.#parts = this.#binary ? [] : [head];
        }
      }
      if (this.#remaining === 0) this.#finish();
    }
  }

  #finish(): void {
    this.#remaining = -1;
    if (this.#binary) {
      this.#emit(this.#id, { text: null, bytewise: true });
      return;
    }
    const all = Buffer.concat(this.#parts);
    const bytes = all.subarray(0, all.length - 1); // the separator newline
    this.#parts = [];
    const detected = detectEncoding(bytes.subarray(0, SNIFF_LENGTH));
    if (detected === "binary") {
      this.#emit(this.#id, { text: null, bytewise: true });
      return;
    }
    this.#emit(this.#id, { text: decodeChunk(bytes.subarray(detected.bomLength), detected.encoding), bytewise: detected.encoding === "utf8" });
  }
}
