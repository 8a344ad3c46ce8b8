/**
 * Where requests go. Keys travel as bearer tokens, so plain HTTP is only allowed to the
 * machine itself: a key sent in clear text to any other host is a key leaked on the wire.
 */
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { ApiConfigError } from "./errors.js";

export const DEFAULT_BASE_URL = "https://api.roxels.ai";

/** True for 127.0.0.0/8, ::1 (and its IPv4-mapped forms) and `localhost`. */
export function isLoopbackHost(hostname: string): boolean {
  // URL keeps the brackets of an IPv6 literal in `hostname`.
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  const family = isIP(host);
  if (family === 4) return host.split(".")[0] === "127";
  if (family === 6) {
    if (host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
    if (mapped) return mapped[1]!.split(".")[0] === "127";
    // The URL parser writes ::ffff:127.0.0.1 as ::ffff:7f00:1.
    const mappedHex = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(host);
    if (mappedHex) return parseInt(mappedHex[1]!, 16) >> 8 === 127;
  }
  return false;
}

/**
 * Parse and vet a base URL: https anywhere, http only to a loopback host, no
 * credentials, query or fragment (they would be sent, or silently dropped, with every call).
 */
export function resolveBaseUrl(input: string | undefined): URL {
  const raw = (input ?? "").trim() || DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ApiConfigError(`the API base URL is not a valid URL (set ROXELS_API_BASE or --api-base to e.g. ${DEFAULT_BASE_URL})`);
  }
  if (url.username || url.password) {
    throw new ApiConfigError("the API base URL must not contain credentials; the key goes in the Authorization header");
  }
  if (url.search || url.hash) {
    throw new ApiConfigError("the API base URL must not contain a query or a fragment");
  }
  if (url.protocol === "http:") {
    if (!isLoopbackHost(url.hostname)) {
      throw new ApiConfigError(
        `refusing plain http:// to ${url.hostname}: keys would cross the network in clear text; use https:// (http:// is allowed only for loopback hosts)`,
      );
    }
  } else if (url.protocol !== "https:") {
    throw new ApiConfigError(`the API base URL must use https:// (got ${url.protocol})`);
  }
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

/** Every address a host name resolves to. */
export type HostLookup = (hostname: string) => Promise<string[]>;

export const systemLookup: HostLookup = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * For plain http://, the name is not enough: `api.localhost` or `localhost` itself can
 * resolve anywhere (a hosts file, a resolver that answers for every name). Every address
 * the host resolves to must be loopback, checked before any key is sent. (fetch resolves
 * the name again when it connects; a resolver that changes its answer in between is
 * outside what this check covers.)
 */
export async function assertLoopbackTransport(base: URL, resolve: HostLookup = systemLookup): Promise<void> {
  if (base.protocol !== "http:") return;
  const host = base.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) !== 0) return; // a literal address was checked when the URL was read
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    throw new ApiConfigError(`refusing plain http:// to ${host}: it does not resolve, so it cannot be checked to be loopback`);
  }
  const away = addresses.find((address) => !isLoopbackHost(address));
  if (addresses.length === 0 || away !== undefined) {
    throw new ApiConfigError(
      `refusing plain http:// to ${host}: it resolves to ${away ?? "nothing"}, not a loopback address, so keys would cross the network in clear text; use https://`,
    );
  }
}

/**
 * Join an endpoint path onto the base URL, keeping any path prefix of the base
 * (`https://proxy.example/roxels/` + `/v1/templates`).
 */
export function endpointUrl(base: URL, path: string): URL {
  return new URL(path.replace(/^\/+/, ""), base);
}
