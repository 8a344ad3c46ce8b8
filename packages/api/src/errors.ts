/**
 * Error bodies and error classes. Nothing here ever holds a key: messages are built from
 * statuses, error codes and server text that has been scrubbed of anything key-shaped.
 */
import { redactKeys } from "@roxels-guard/core";

/** The documented error shape: `{"error": {"code", "message", "field"}}`. */
export interface ApiErrorBody {
  readonly code?: string;
  readonly message?: string;
  readonly field?: string;
}

/** Longest piece of server text quoted in a reason: enough to read, too short to flood a log. */
const MAX_QUOTED = 200;

/**
 * Read an error body of any form: the documented shape, another JSON shape, plain text,
 * HTML from a proxy, or nothing. Returns what could be read, scrubbed.
 */
export function parseErrorBody(text: string, contentType: string | null): ApiErrorBody {
  const trimmed = text.trim();
  if (trimmed === "") return {};
  const looksJson = /json/i.test(contentType ?? "") || trimmed.startsWith("{");
  if (looksJson) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      const error = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : undefined;
      if (error) {
        return {
          ...(typeof error.code === "string" ? { code: scrub(error.code) } : {}),
          ...(typeof error.message === "string" ? { message: scrub(error.message) } : {}),
          ...(typeof error.field === "string" ? { field: scrub(error.field) } : {}),
        };
      }
      if (isRecord(parsed) && typeof parsed.message === "string") return { message: scrub(parsed.message) };
      return {};
    } catch {
      // Not JSON after all: fall through to the text handling.
    }
  }
  if (/^<(?:!doctype|html)/i.test(trimmed)) return { message: "non-JSON (HTML) answer" };
  return { message: scrub(trimmed.replace(/\s+/g, " ")) };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Mask anything key-shaped (any vendor's key, embed keys too) in text that came from
 * elsewhere, then shorten it. A server that echoes the key it was sent must not make
 * the client print it.
 */
export function scrub(text: string): string {
  const out = redactKeys(text, { keyShaped: true });
  return out.length > MAX_QUOTED ? `${out.slice(0, MAX_QUOTED)}…` : out;
}

/** A setting that makes the client unusable: a bad base URL, a missing management key. */
export class ApiConfigError extends Error {
  override readonly name = "ApiConfigError";
}

/** Describe an answer's error for a person: `404 not_found: no such key`. */
export function describeHttpError(status: number, body: ApiErrorBody): string {
  const parts = [String(status)];
  if (body.code) parts.push(body.code);
  let text = parts.join(" ");
  if (body.message) text += `: ${body.message}`;
  if (body.field) text += ` (field ${body.field})`;
  return text;
}
