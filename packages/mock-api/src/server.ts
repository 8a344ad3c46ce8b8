/**
 * A local Roxels API that implements the project's contract over real HTTP, on a
 * loopback port: bearer auth, the liveness GET, the (ASSUMED) revoke POST, the
 * documented error shape, and injectable faults. For tests, the bench and demos.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FaultPlan, retryAfterValue, type ChaosFault, type Endpoint, type Fault, type QueuedFault } from "./faults.js";
import { MockOrg, type MockKeyInput } from "./org.js";
import { RequestLog, type LoggedRequest } from "./request-log.js";

export interface MockApiPaths {
  readonly liveness: string;
  readonly revoke: string;
  /** JSON field of the revoke body holding the key to revoke. */
  readonly revokeField: string;
}

export const DEFAULT_MOCK_PATHS: MockApiPaths = Object.freeze({
  liveness: "/v1/templates",
  revoke: "/v1/api_keys/revoke",
  revokeField: "key",
});

export interface MockApiOptions {
  /** Default 127.0.0.1; the server refuses to listen elsewhere. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  readonly keys?: readonly MockKeyInput[];
  readonly paths?: Partial<MockApiPaths>;
  /**
   * Record request headers and bodies as received, keys included. Off by default: the
   * log then holds masked keys only. Tests turn it on to check where keys travel.
   */
  readonly recordRaw?: boolean;
  /** Seed of the chaos faults' random choice. */
  readonly seed?: number;
  /** Largest request body accepted. */
  readonly maxBodyBytes?: number;
  /** Called when a request is answered, dropped or left hanging (the demo prints it). */
  readonly onRequest?: (entry: LoggedRequest) => void;
}

export interface MockApiStats {
  requests: number;
  byStatus: Record<string, number>;
  faults: Record<string, number>;
  dropped: number;
  hung: number;
}

export interface MockApi {
  readonly url: string;
  readonly port: number;
  readonly org: MockOrg;
  readonly faults: FaultPlan;
  readonly log: RequestLog;
  readonly stats: MockApiStats;
  addKey(input: MockKeyInput): string;
  /** `live`, `revoked`, or undefined for a key the org never issued. */
  keyState(key: string): "live" | "revoked" | undefined;
  inject(fault: Fault, options?: Omit<QueuedFault, "fault">): void;
  chaos(chaos: ChaosFault): void;
  close(): Promise<void>;
}

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly headers?: Record<string, string>;
}

const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|::1|localhost)$/;

export async function startMockApi(options: MockApiOptions = {}): Promise<MockApi> {
  const host = options.host ?? "127.0.0.1";
  if (!LOOPBACK.test(host)) throw new Error("the mock API listens on loopback addresses only");
  const paths: MockApiPaths = { ...DEFAULT_MOCK_PATHS, ...options.paths };
  const org = new MockOrg();
  for (const key of options.keys ?? []) org.add(key);
  const faults = new FaultPlan(options.seed ?? 1);
  const log = new RequestLog(options.recordRaw ?? false);
  const stats: MockApiStats = { requests: 0, byStatus: {}, faults: {}, dropped: 0, hung: 0 };
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    stats.requests++;
    const body = await readBody(req, maxBodyBytes);
    const path = new URL(req.url ?? "/", "http://mock").pathname;
    const endpoint = endpointOf(path, paths);
    const entry = log.start(req, body, paths.revokeField);

    const fault = endpoint ? faults.take(endpoint) : undefined;
    if (fault) {
      stats.faults[fault.type] = (stats.faults[fault.type] ?? 0) + 1;
      entry.fault = fault.type;
    }
    if (fault?.type === "hang") {
      stats.hung++;
      options.onRequest?.(entry);
      return; // No answer: the client's time-out must end this.
    }
    if (fault?.type === "slow") await sleep(fault.ms);
    if (fault?.type === "drop") {
      if (fault.afterApplying) route(req.method, endpoint, req, body);
      stats.dropped++;
      options.onRequest?.(entry);
      req.socket.destroy();
      return;
    }
    if (body === undefined) return send(res, entry, { status: 413, body: errorBody("validation_error", "request body too large") });
    const reply = fault ? faultReply(fault) : undefined;
    if (fault?.type === "stall-body") {
      stats.hung++;
      return sendPart(res, entry, route(req.method, endpoint, req, body));
    }
    send(res, entry, reply ?? route(req.method, endpoint, req, body));
  };

  /** Status, headers and half of the body; the rest never comes (close() ends it). */
  const sendPart = (res: ServerResponse, entry: LoggedRequest, reply: Reply): void => {
    entry.status = reply.status;
    stats.byStatus[reply.status] = (stats.byStatus[reply.status] ?? 0) + 1;
    res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    res.write(reply.body.slice(0, Math.ceil(reply.body.length / 2)));
    options.onRequest?.(entry);
  };

  const route = (method: string | undefined, endpoint: Endpoint | undefined, req: IncomingMessage, body: string | undefined): Reply => {
    if (!endpoint) return { status: 404, body: errorBody("not_found", "no such endpoint") };
    const expected = endpoint === "liveness" ? "GET" : "POST";
    if (method !== expected) return { status: 405, body: errorBody("method_not_allowed", `use ${expected}`), headers: { allow: expected } };
    const token = bearerOf(req);
    if (!token) return { status: 401, body: errorBody("unauthorized", "missing bearer token") };
    const caller = org.get(token);
    if (!caller || caller.revoked) return { status: 401, body: errorBody("unauthorized", "invalid or revoked API key") };
    if (endpoint === "liveness") {
      if (caller.type === "embed") return { status: 403, body: errorBody("forbidden", "embed keys cannot list templates") };
      if (!caller.canList) return { status: 403, body: errorBody("forbidden", "this key may not list templates") };
      return { status: 200, body: JSON.stringify({ data: [{ id: "tpl_demo", name: "Demo template" }], has_more: false }) };
    }
    if (caller.type !== "secret" || !caller.canManage) {
      return { status: 403, body: errorBody("forbidden", "this key may not manage API keys") };
    }
    let target: unknown;
    try {
      target = JSON.parse(body ?? "")?.[paths.revokeField];
    } catch {
      return { status: 400, body: errorBody("validation_error", "body is not JSON", paths.revokeField) };
    }
    if (typeof target !== "string" || target === "") {
      return { status: 400, body: errorBody("validation_error", `"${paths.revokeField}" is required`, paths.revokeField) };
    }
    const record = org.get(target);
    if (!record) return { status: 404, body: errorBody("not_found", "no such key in this org") };
    const already = record.revoked;
    org.revoke(target);
    return { status: 200, body: JSON.stringify({ revoked: true, key_id: record.id, already_revoked: already }) };
  };

  const send = (res: ServerResponse, entry: LoggedRequest, reply: Reply): void => {
    entry.status = reply.status;
    stats.byStatus[reply.status] = (stats.byStatus[reply.status] ?? 0) + 1;
    // As many APIs do, each answer names its request, for the client's audit log.
    const headers: Record<string, string> = { "content-type": "application/json", "x-request-id": `req_${entry.seq}`, ...reply.headers };
    res.writeHead(reply.status, headers);
    res.end(reply.body);
    options.onRequest?.(entry);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(errorBody("internal_error", "mock server error"));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    org,
    faults,
    log,
    stats,
    addKey: (input) => org.add(input).id,
    keyState: (key) => org.state(key),
    inject: (fault, queued = {}) => faults.inject({ ...queued, fault }),
    chaos: (chaos) => faults.chaos(chaos),
    close: () =>
      new Promise<void>((resolve) => {
        // Hung requests would keep close() waiting for ever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function faultReply(fault: Fault): Reply | undefined {
  switch (fault.type) {
    case "rate-limit":
      return {
        status: 429,
        body: errorBody("rate_limited", "too many requests; back off and retry"),
        ...(fault.retryAfter ? { headers: { "retry-after": retryAfterValue(fault.retryAfter) } } : {}),
      };
    case "server-error":
      return {
        status: fault.status ?? 503,
        body: fault.body ?? errorBody("internal_error", "temporary failure"),
        ...(fault.contentType ? { headers: { "content-type": fault.contentType } } : {}),
      };
    case "non-json":
      return { status: fault.status, body: fault.body, headers: { "content-type": fault.contentType ?? "text/html", ...fault.headers } };
    default:
      return undefined;
  }
}

function endpointOf(path: string, paths: MockApiPaths): Endpoint | undefined {
  if (path === paths.liveness) return "liveness";
  if (path === paths.revoke) return "revoke";
  return undefined;
}

function bearerOf(req: IncomingMessage): string | undefined {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  return match?.[1];
}

export function errorBody(code: string, message: string, field?: string): string {
  return JSON.stringify({ error: { code, message, ...(field ? { field } : {}) } });
}

/** The body as text, or undefined when it is larger than `limit`. */
async function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
