/**
 * A base64 value wrapped over several lines, as `base64` (76 columns), PEM and MIME (64
 * or 76) and YAML block scalars write it: lines of one length, each a run of base64
 * characters and nothing else but the indentation, the last one no longer. Joined, it
 * is decoded like a one-line value; `segments` map offsets in the joined value back to
 * the text, so a key is reported on the line where its encoding starts.
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

/** The block that begins with the run [start, end), when that run is a wrapped line. */
export function wrappedBlockAt(text: string, start: number, end: number): WrappedBlock | null {
  const width = end - start;
  if (width < MIN_WRAP) return null;
  const segments: Array<readonly [number, number]> = [[start, 0]];
  let joined = text.slice(start, end);
  let lineEnd = end;
  for (;;) {
    let next = lineEnd;
    if (text.charCodeAt(next) === 0x0d) next++;
    if (text.charCodeAt(next) !== 0x0a) break;
    next++;
    while (text.charCodeAt(next) === 0x20 || text.charCodeAt(next) === 0x09) next++;
    let runEnd = next;
    while (runEnd < text.length && runEnd - next <= width && isStrictBase64(text.charCodeAt(runEnd))) runEnd++;
    const length = runEnd - next;
    if (length === 0 || length > width) break;
    // The line holds the run and nothing more (padding aside).
    let after = runEnd;
    while (text.charCodeAt(after) === 0x3d) after++;
    const code = text.charCodeAt(after);
    if (after < text.length && code !== 0x0a && code !== 0x0d && code !== 0x22 && code !== 0x27) break;
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
