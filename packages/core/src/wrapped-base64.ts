/**
 * A base64 value wrapped over several lines, as `base64` (76 columns), PEM and MIME (64
 * or 76) and YAML block scalars write it: lines of one length, each a run of base64
 * characters and nothing else but the indentation, the last one no longer. Joined, it
 * is decoded like a one-line value; `segments` map offsets in the joined value back to
 * the text, so a key is reported on the line where its encoding starts. The same block
 * held in a JSON, YAML or JS string has its line breaks escaped (`\n`, `\r\n`): they
 * end its lines too.
 */
export interface WrappedBlock {
  readonly start: number;
  readonly end: number;
  readonly joined: string;
  /** [offset in the text, offset in `joined`] of each line's run. */
  readonly segments: ReadonlyArray<readonly [number, number]>;
}

/** Shortest wrapped line taken: shorter lines are text, not a wrapping encoder's output. */
const MIN_WRAP = 40;

function isStrictBase64(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x2b || code === 0x2f || code === 0x2d || code === 0x5f;
}

/**
 * Length of the line break at `at`: a real one (`\n`, `\r\n`) or one escaped in a string
 * literal (the two characters `\n`, or `\r\n`); 0 when there is none. `code` reads a
 * string's or a buffer's character codes.
 */
export function lineBreakLength(code: (at: number) => number | undefined, at: number): number {
  const c = code(at);
  if (c === 0x0a) return 1;
  if (c === 0x0d) return code(at + 1) === 0x0a ? 2 : 0;
  if (c !== 0x5c) return 0;
  const letter = code(at + 1);
  if (letter === 0x6e) return 2;
  return letter === 0x72 && code(at + 2) === 0x5c && code(at + 3) === 0x6e ? 4 : 0;
}

/**
 * Whether the run of base64 characters at `start` begins with the letter of an escape
 * (`\n`, `\r`, `\t`: the `n` after a backslash is a base64 character): the run's own
 * characters start one later.
 */
export function startsWithEscapeLetter(code: (at: number) => number | undefined, start: number): boolean {
  const letter = code(start);
  return start > 0 && code(start - 1) === 0x5c && (letter === 0x6e || letter === 0x72 || letter === 0x74);
}

/** The block that begins with the run [start, end), when that run is a wrapped line. */
export function wrappedBlockAt(text: string, start: number, end: number): WrappedBlock | null {
  const width = end - start;
  if (width < MIN_WRAP) return null;
  const segments: Array<readonly [number, number]> = [[start, 0]];
  let joined = text.slice(start, end);
  let lineEnd = end;
  const code = (at: number) => text.charCodeAt(at);
  for (;;) {
    const lineBreak = lineBreakLength(code, lineEnd);
    if (lineBreak === 0) break;
    let next = lineEnd + lineBreak;
    while (text.charCodeAt(next) === 0x20 || text.charCodeAt(next) === 0x09) next++;
    let runEnd = next;
    while (runEnd < text.length && runEnd - next <= width && isStrictBase64(text.charCodeAt(runEnd))) runEnd++;
    const length = runEnd - next;
    if (length === 0 || length > width) break;
    // The line holds the run and nothing more (padding aside).
    let after = runEnd;
    while (text.charCodeAt(after) === 0x3d) after++;
    const c = text.charCodeAt(after);
    if (after < text.length && c !== 0x22 && c !== 0x27 && lineBreakLength(code, after) === 0) break;
    segments.push([next, joined.length]);
    joined += text.slice(next, runEnd);
    lineEnd = runEnd;
    if (length < width || after > runEnd) break; // the last line
  }
  if (segments.length === 1) return null;
  return { start, end: lineEnd, joined, segments };
}

/** The offset in the text of `offset` in the block's joined value. */
export function textOffset(block: WrappedBlock, offset: number): number {
  let k = block.segments.length - 1;
  while (k > 0 && block.segments[k]![1] > offset) k--;
  const [textAt, joinedAt] = block.segments[k]!;
  return textAt + (offset - joinedAt);
}

/** The end in the text of the block's line that holds text offset `at`. */
export function lineEndAfter(block: WrappedBlock, at: number): number {
  const segments = block.segments;
  for (let k = 0; k < segments.length; k++) {
    const [textAt, joinedAt] = segments[k]!;
    const length = (k + 1 < segments.length ? segments[k + 1]![1] : block.joined.length) - joinedAt;
    if (at < textAt + length) return textAt + length;
  }
  return block.end;
}
