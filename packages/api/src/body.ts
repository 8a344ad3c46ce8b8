/**
 * Reading an answer's body, up to a cap. The API's answers are small JSON documents; a
 * proxy's error page, a misconfigured base URL or a hostile server may send anything,
 * endlessly. Past the cap the rest is dropped unread (the connection with it): what was
 * read is enough to explain the answer.
 */

/** Bytes of a body that are read; the contract's largest answer is a few hundred. */
export const BODY_LIMIT = 64 * 1024;

export async function readBody(response: Response, limit = BODY_LIMIT): Promise<string> {
  const body = response.body;
  if (body === null) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let done = false;
  try {
    while (length < limit) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        break;
      }
      const piece = next.value.length > limit - length ? next.value.subarray(0, limit - length) : next.value;
      chunks.push(piece);
      length += piece.length;
    }
  } finally {
    if (!done) reader.cancel().catch(() => undefined);
  }
  // A character cut at the cap decodes as U+FFFD, as a truncated page would show.
  return new TextDecoder().decode(Buffer.concat(chunks, length));
}
