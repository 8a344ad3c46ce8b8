/**
 * What the mock server saw. By default keys are masked as they are recorded; with
 * `recordRaw` the headers and body are kept as received, so that a test can check that
 * keys travel only where the contract puts them (the bearer and the revoke body).
 */
import type { IncomingMessage } from "node:http";
import { maskKey } from "@roxels-guard/core";

export interface LoggedRequest {
  readonly seq: number;
  readonly time: string;
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  /** The bearer token: masked, or as received with `recordRaw`. */
  readonly bearer?: string;
  /** The key the revoke body names: masked, or as received with `recordRaw`. */
  readonly target?: string;
  /** `recordRaw` only: every header and the body as received. */
  readonly rawHeaders?: Record<string, string | string[] | undefined>;
  readonly rawBody?: string;
  status?: number;
  fault?: string;
}

export class RequestLog {
  readonly entries: LoggedRequest[] = [];
  readonly #raw: boolean;
  #seq = 0;

  constructor(raw: boolean) {
    this.#raw = raw;
  }

  get raw(): boolean {
    return this.#raw;
  }

  start(req: IncomingMessage, body: string | undefined, revokeField: string): LoggedRequest {
    const bearer = /^Bearer[ ]+(\S+)/i.exec(req.headers.authorization ?? "")?.[1];
    const target = targetOf(body, revokeField);
    const keep = (value: string | undefined) => (value === undefined ? undefined : this.#raw ? value : maskForLog(value));
    const entry: LoggedRequest = {
      seq: ++this.#seq,
      time: new Date().toISOString(),
      method: req.method ?? "",
      url: req.url ?? "",
      ...(bearer !== undefined ? { bearer: keep(bearer) } : {}),
      ...(target !== undefined ? { target: keep(target) } : {}),
      ...(this.#raw ? { rawHeaders: { ...req.headers }, ...(body !== undefined ? { rawBody: body } : {}) } : {}),
    };
    this.entries.push(entry);
    return entry;
  }

  clear(): void {
    this.entries.length = 0;
  }

  /** The log as JSON lines (what the demo server prints with --log). */
  toJsonLines(): string {
    return this.entries.map((entry) => JSON.stringify(entry)).join("\n");
  }
}

function targetOf(body: string | undefined, field: string): string | undefined {
  if (!body) return undefined;
  try {
    const value: unknown = JSON.parse(body)?.[field];
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

/** `sk_AbCd…wXyZ`: the masked form every other part of roxels-guard shows. */
export function maskForLog(value: string): string {
  return maskKey(value);
}
